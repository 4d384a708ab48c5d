package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.harness.Sources;
import dev.weft.weaver.harness.WovenProgram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Illegal code fails with an error naming class, method, source file and line, and leaves the class
 * as it was; a forgotten await gets a warning and the class is still woven.
 */
class DiagnosticsTest {
    static final String HEAD = "package p;\nimport dev.weft.*;\nimport static dev.weft.Weft.*;\nimport java.util.function.*;\n";

    static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("p.AwaitOutside", HEAD + """
                public class AwaitOutside {
                    static int plain() {
                        int x = 1;
                        return x + await(Task.of(1)); // ERR
                    }
                }
                """);
        SOURCES.put("p.AwaitInRunnable", HEAD + """
                public class AwaitInRunnable {
                    static void start() {
                        Runnable r = () -> {
                            System.out.println(await(Task.of(1))); // ERR
                        };
                        r.run();
                    }
                }
                """);
        SOURCES.put("p.SyncBlock", HEAD + """
                public class SyncBlock {
                    final Object lock = new Object();
                    @Async Task<Integer> guarded() {
                        int y;
                        synchronized (lock) {
                            y = await(Task.of(1)); // ERR
                        }
                        return Task.of(y);
                    }
                }
                """);
        SOURCES.put("p.SyncMethod", HEAD + """
                public class SyncMethod {
                    @Async synchronized Task<Integer> locked() { return Task.of(await(Task.of(1))); } // ERR
                }
                """);
        SOURCES.put("p.WrongReturn", HEAD + """
                public class WrongReturn {
                    @Async static String text() { return "v" + await(Task.of(1)); } // ERR
                }
                """);
        SOURCES.put("p.AbstractAsync", HEAD + """
                public abstract class AbstractAsync {
                    @Async abstract Task<Integer> compute(); // ERR
                }
                """);
        SOURCES.put("p.Discarded", HEAD + """
                public class Discarded {
                    @Async static Task<Integer> fetch() { return Task.of(await(Task.of(1))); }
                    @Async static Task<Integer> caller() {
                        fetch(); // WARN
                        return Task.of(await(Task.of(2)));
                    }
                }
                """);
        SOURCES.put("p.SleepDiscarded", HEAD + """
                public class SleepDiscarded {
                    @Async static Task<Integer> napper() {
                        int x = await(Task.of(3));
                        sleep(100); // WARN
                        return Task.of(x);
                    }
                }
                """);
        SOURCES.put("p.Spawned", HEAD + """
                public class Spawned {
                    @Async static Task<Integer> fetch() { return Task.of(await(Task.of(1))); }
                    static Task<Integer> spawn(TaskGroup tg) { return tg.createTask(() -> fetch()); }
                    @Async static Task<Integer> inGroup() {
                        return taskGroup(tg -> {
                            tg.createTask(() -> fetch());
                            tg.createTask(() -> fetch(), "named");
                            spawn(tg); // WARN
                            return Task.of(2);
                        });
                    }
                    @Async static Task<Integer> inBackground() {
                        createTask(() -> fetch());
                        createTask(() -> fetch(), "named");
                        createLocalTask(() -> fetch());
                        createLocalTask(() -> fetch(), "named");
                        await(sleep(0));
                        return Task.of(3);
                    }
                }
                """);
        // The user's own Task, a CompletableFuture; the weaver must not call both "Task"
        SOURCES.put("q.Task", """
                package q;
                public class Task<T> extends java.util.concurrent.CompletableFuture<T> {
                }
                """);
        SOURCES.put("q.Jobs", """
                package q;
                import dev.weft.Async;
                import static dev.weft.Weft.*;
                public class Jobs {
                    @Async Task<String> make() {
                        Task<String> t = new Task<>(); // ERR
                        t.complete("v" + await(dev.weft.Task.of(1)));
                        return t;
                    }
                }
                """);
        SOURCES.put("p.NestedTask", HEAD + """
                public class NestedTask {
                    static class Task<T> extends java.util.concurrent.CompletableFuture<T> { }
                    @Async Task<String> make() {
                        Task<String> t = new Task<>(); // ERR
                        t.complete("v" + await(dev.weft.Task.of(1)));
                        return t;
                    }
                }
                """);
        SOURCES.put("p.Clean", HEAD + """
                public class Clean {
                    @Async static Task<Integer> fetch() { return Task.of(await(Task.of(1))); }
                    @Async static Task<Integer> kept() {
                        Task<Integer> t = fetch();
                        return Task.of(await(t) + await(fetch()));
                    }
                    @Async static Task<Integer> passedOn() { return fetch(); }
                    static Supplier<Task<Integer>> lambda() { return () -> Task.of(await(fetch()) + 1); }
                }
                """);
    }

    static List<ShapeTestSupport.Toolchain> toolchains() {
        return ShapeTestSupport.javacAndEcj();
    }

    private static WovenProgram woven(ShapeTestSupport.Toolchain tc) {
        WovenProgram.Builder b = WovenProgram.builder().compiler(tc.compiler()).release(tc.release()).allowWeaveErrors();
        SOURCES.forEach(b::source);
        return b.buildCached();
    }

    private static Diagnostic only(WovenProgram w, String className, boolean error) {
        List<Diagnostic> found = w.diagnostics().stream()
                .filter(d -> d.className().equals(className) && d.isError() == error)
                .collect(Collectors.toList());
        assertEquals(1, found.size(), () -> "one " + (error ? "error" : "warning") + " for " + className
                + " expected; all diagnostics:\n" + w.diagnostics().stream().map(String::valueOf).collect(Collectors.joining("\n")));
        return found.get(0);
    }

    private static void assertError(WovenProgram w, String className, String method, String marker, String phrase) {
        Diagnostic d = only(w, className, true);
        String simple = Sources.simpleName(className);
        assertEquals(WeaveResult.Status.FAILED, w.result(className).status(), d::toString);
        assertArrayEquals(w.compiledBytes(className), w.bytes(className), "a failed class is left as it was");
        assertEquals(simple + ".java", d.sourceFile(), d::toString);
        assertEquals(Sources.lineOf(SOURCES.get(className), marker), d.line(), d::toString);
        assertTrue(d.message().contains(phrase), () -> "phrase '" + phrase + "' missing: " + d);
        assertTrue(d.message().contains(simple), () -> "class name missing: " + d);
        assertTrue(d.message().contains(method), () -> "method name missing: " + d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void awaitOutsideAnAsyncMethod(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        assertError(w, "p.AwaitOutside", "plain", "// ERR", "await() in a method that is not @Async");
        assertEquals("plain", only(w, "p.AwaitOutside", true).methodName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void awaitInALambdaThatDoesNotReturnATask(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        // The lambda's body is a synthetic method (lambda$start$0 from javac, lambda$0 from ecj); the
        // message must still name the enclosing method, found through the invokedynamic that uses it.
        assertError(w, "p.AwaitInRunnable", "start", "// ERR", "await() in a lambda");
        assertTrue(only(w, "p.AwaitInRunnable", true).message().contains("does not return Task"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void awaitInsideASynchronizedBlock(ShapeTestSupport.Toolchain tc) {
        assertError(woven(tc), "p.SyncBlock", "guarded", "// ERR", "await() inside a synchronized block");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void awaitInASynchronizedMethod(ShapeTestSupport.Toolchain tc) {
        assertError(woven(tc), "p.SyncMethod", "locked", "// ERR", "await() inside a synchronized method");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void asyncMethodWithAWrongReturnType(ShapeTestSupport.Toolchain tc) {
        assertError(woven(tc), "p.WrongReturn", "text", "// ERR",
                "@Async method must return Task, CompletionStage or CompletableFuture");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void asyncMethodReturningTheUsersOwnTaskNamesBothInFull(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        String hint = "; declare it to return dev.weft.Task<T>, java.util.concurrent.CompletableFuture<T> or"
                + " java.util.concurrent.CompletionStage<T>; a method declared CompletableFuture<T> or"
                + " CompletionStage<T> can still return a %s that is one";
        Diagnostic top = only(w, "q.Jobs", true);
        assertEquals("Jobs.java:" + Sources.lineOf(SOURCES.get("q.Jobs"), "// ERR") + ": error: @Async method must return"
                + " Task, CompletionStage or CompletableFuture: Jobs.make() returns q.Task, not dev.weft.Task"
                + String.format(hint, "q.Task"), top.toString());
        Diagnostic nested = only(w, "p.NestedTask", true);
        assertEquals("NestedTask.java:" + Sources.lineOf(SOURCES.get("p.NestedTask"), "// ERR") + ": error: @Async method"
                + " must return Task, CompletionStage or CompletableFuture: NestedTask.make() returns p.NestedTask$Task,"
                + " not dev.weft.Task" + String.format(hint, "p.NestedTask$Task"), nested.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void asyncOnAnAbstractMethod(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        Diagnostic d = only(w, "p.AbstractAsync", true);
        assertEquals(WeaveResult.Status.FAILED, w.result("p.AbstractAsync").status(), d::toString);
        assertEquals("AbstractAsync.java", d.sourceFile(), d::toString);
        // an abstract method has no code, hence no line number in the class file
        assertEquals(-1, d.line(), d::toString);
        assertTrue(d.message().contains("@Async on an abstract method"), d::toString);
        assertTrue(d.message().contains("AbstractAsync"), d::toString);
        assertTrue(d.message().contains("compute"), d::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void discardedTaskOfAnAsyncMethodIsAWarning(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        Diagnostic d = only(w, "p.Discarded", false);
        assertEquals(WeaveResult.Status.WOVEN, w.result("p.Discarded").status(), d::toString);
        assertEquals("Discarded.java", d.sourceFile());
        assertEquals(Sources.lineOf(SOURCES.get("p.Discarded"), "// WARN"), d.line(), d::toString);
        assertEquals("caller", d.methodName(), d::toString);
        assertTrue(d.message().contains("is discarded without being awaited"), d::toString);
        assertTrue(d.message().contains("fetch"), d::toString);
        assertEquals(2, (int) w.run("p.Discarded", "caller"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void sleepWithoutAwaitIsAWarning(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        Diagnostic d = only(w, "p.SleepDiscarded", false);
        assertNotEquals(WeaveResult.Status.FAILED, w.result("p.SleepDiscarded").status(), d::toString);
        assertEquals(Sources.lineOf(SOURCES.get("p.SleepDiscarded"), "// WARN"), d.line(), d::toString);
        assertTrue(d.message().contains("is discarded without being awaited"), d::toString);
        assertTrue(d.message().contains("sleep"), d::toString);
        assertEquals(3, (int) w.run("p.SleepDiscarded", "napper"));
    }

    /**
     * The runtime keeps the tasks it creates: a TaskGroup awaits its children, createTask and
     * createLocalTask run theirs in the background. A user's own method returning such a task is an
     * ordinary call returning a Task: the check does not look into it, so dropping its result warns.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void discardedTasksTheRuntimeKeepsAreNotWarned(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        List<String> found = w.diagnostics().stream().filter(d -> d.className().equals("p.Spawned"))
                .map(d -> (d.isError() ? "error " : "warning ") + d.sourceFile() + ":" + d.line() + " " + d.methodName()
                        + ": " + d.message())
                .collect(Collectors.toList());
        assertEquals(List.of("warning Spawned.java:" + Sources.lineOf(SOURCES.get("p.Spawned"), "// WARN")
                + " inGroup: the task returned by spawn() is discarded without being awaited (in a lambda in Spawned.inGroup())"), found);
        assertEquals(WeaveResult.Status.WOVEN, w.result("p.Spawned").status());
        assertEquals(2, (int) w.run("p.Spawned", "inGroup"));
        assertEquals(3, (int) w.run("p.Spawned", "inBackground"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void correctCodeGetsNoDiagnostics(ShapeTestSupport.Toolchain tc) {
        WovenProgram w = woven(tc);
        assertEquals(List.of(), w.diagnostics().stream().filter(d -> d.className().equals("p.Clean"))
                .map(String::valueOf).collect(Collectors.toList()));
        assertEquals(WeaveResult.Status.WOVEN, w.result("p.Clean").status());
        assertEquals(2, (int) w.run("p.Clean", "kept"));
        assertEquals(1, (int) w.run("p.Clean", "passedOn"));
    }
}
