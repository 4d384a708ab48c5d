package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.maven.PluginRoute;
import dev.weft.weaver.WeaveOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent and the Maven plugin must treat every class alike: the same class bytes give the same
 * diagnostics (same text) and the same woven class and frame classes by either route.
 */
class RoutesAgreeTest {
    private static final Map<String, String> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("p.Hello", "package p;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "public class Hello {\n"
                + "    @Async public Task<String> hello() {\n"
                + "        await(sleep(1));\n"
                + "        return Task.of(\"hello\");\n"
                + "    }\n"
                + "}\n");
        // a local no longer read after the await: kept only with keepLocals
        CORPUS.put("p.Dead", "package p;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "public class Dead {\n"
                + "    @Async public Task<Integer> dead(int n) {\n"
                + "        int twice = n * 2;\n"
                + "        await(sleep(1));\n"
                + "        return Task.of(n);\n"
                + "    }\n"
                + "}\n");
        // refused: await inside synchronized
        CORPUS.put("p.Bad", "package p;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "public class Bad {\n"
                + "    @Async Task<Void> locked() {\n"
                + "        synchronized (this) {\n"
                + "            await(sleep(1));\n"
                + "        }\n"
                + "        return Task.done();\n"
                + "    }\n"
                + "}\n");
        // no @Async and no await of its own: only a forgotten await
        CORPUS.put("p.Caller", "package p;\n"
                + "public class Caller {\n"
                + "    void go(Hello h) {\n"
                + "        h.hello();\n"
                + "    }\n"
                + "}\n");
        CORPUS.put("p.Lambdas", "package p;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "import java.util.function.Supplier;\n"
                + "public class Lambdas {\n"
                + "    Task<Integer> run() {\n"
                + "        Supplier<Task<Integer>> s = () -> Task.of(await(Task.of(1)) + 1);\n"
                + "        return s.get();\n"
                + "    }\n"
                + "}\n");
        CORPUS.put("p.Futures", "package p;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "import java.util.concurrent.CompletableFuture;\n"
                + "public class Futures {\n"
                + "    @Async public CompletableFuture<String> fetch() {\n"
                + "        await(sleep(1));\n"
                + "        return CompletableFuture.completedFuture(\"f\");\n"
                + "    }\n"
                + "}\n");
        // names nothing of the runtime, yet drops the future of an @Async method
        CORPUS.put("p.FutureCaller", "package p;\n"
                + "public class FutureCaller {\n"
                + "    void go(Futures f) {\n"
                + "        f.fetch();\n"
                + "    }\n"
                + "}\n");
        CORPUS.put("p.Plain", "package p;\n"
                + "public class Plain { int answer() { return 42; } }\n");
        CORPUS.put("p.User", "package p;\n"
                + "public class User { dev.weft.Task<Integer> answer() { return dev.weft.Task.of(42); } }\n");
        // a user's package under dev/weft/ is the user's, not the runtime's
        CORPUS.put("dev.weft.myapp.Greeter", "package dev.weft.myapp;\n"
                + "import dev.weft.*;\n"
                + "import static dev.weft.Weft.*;\n"
                + "public class Greeter {\n"
                + "    @Async public Task<String> greet() {\n"
                + "        await(sleep(1));\n"
                + "        return Task.of(\"hi\");\n"
                + "    }\n"
                + "}\n");
        // the runtime's own packages are never woven, whatever they contain
        for (String pkg : List.of("dev.weft", "dev.weft.internal", "dev.weft.sync")) {
            CORPUS.put(pkg + ".OwnAsync", "package " + pkg + ";\n"
                    + "import static dev.weft.Weft.*;\n"
                    + "public class OwnAsync {\n"
                    + "    @dev.weft.Async public dev.weft.Task<String> greet() {\n"
                    + "        await(sleep(1));\n"
                    + "        return dev.weft.Task.of(\"hi\");\n"
                    + "    }\n"
                    + "    void drop() { greet(); }\n"
                    + "}\n");
        }
    }

    @TempDir
    static Path work;
    private static Path compiled;

    @BeforeAll
    static void compile() {
        compiled = Javac.compile(CORPUS, work.resolve("compiled"), List.of(Javac.runtime()));
    }

    /** What one route did to one class: its diagnostics, its bytes afterwards, its frame classes. */
    private static final class Outcome {
        final List<String> diagnostics = new ArrayList<>();
        byte[] bytes;
        final Map<String, byte[]> frames = new TreeMap<>();
    }

    @Test
    void theAgentAndThePluginGiveTheSameDiagnosticsAndBytesForEveryClass() throws IOException {
        assertRoutesAgree(agentRoute(WeaveOptions.defaults()), pluginRoute(WeaveOptions.defaults()));
    }

    @Test
    void theyAgreeKeepingLocalsToo() throws IOException {
        WeaveOptions keep = WeaveOptions.defaults().withKeepLocals(true);
        Map<String, Outcome> agent = agentRoute(keep);
        assertRoutesAgree(agent, pluginRoute(keep));
        // and the option did reach the weaver: the dead local is saved, so the frame class differs
        String frame = "p/Dead$weft$dead$0";
        assertFalse(Arrays.equals(agent.get("p/Dead").frames.get(frame), agentRoute(WeaveOptions.defaults())
                .get("p/Dead").frames.get(frame)), "keepLocals changes the frame class");
        assertTrue(new String(agent.get("p/Dead").frames.get(frame), StandardCharsets.ISO_8859_1).contains("twice"),
                "the dead local is in the frame's debug table");
    }

    private static void assertRoutesAgree(Map<String, Outcome> agent, Map<String, Outcome> plugin) {
        assertEquals(agent.keySet(), plugin.keySet());
        for (String cls : agent.keySet()) {
            Outcome a = agent.get(cls);
            Outcome p = plugin.get(cls);
            assertEquals(p.diagnostics, a.diagnostics, "diagnostics of " + cls);
            assertArrayEquals(p.bytes, a.bytes, "bytes of " + cls);
            assertEquals(p.frames.keySet(), a.frames.keySet(), "frame classes of " + cls);
            for (String frame : p.frames.keySet()) {
                assertArrayEquals(p.frames.get(frame), a.frames.get(frame), frame);
            }
        }
    }

    @Test
    void bothRoutesWarnAboutAForgottenAwaitInAClassWithoutAsyncOrAwait() throws IOException {
        for (Map<String, Outcome> route : List.of(agentRoute(), pluginRoute())) {
            assertEquals(List.of("Caller.java:4: warning: the task returned by hello() is discarded without being awaited"
                            + " (in Caller.go()); await it, or keep it and await it later;"
                            + " use Weft.createTask(...) to run it in the background"),
                    route.get("p/Caller").diagnostics);
            assertEquals(1, route.get("p/FutureCaller").diagnostics.size(), route.get("p/FutureCaller").diagnostics.toString());
            assertTrue(route.get("p/FutureCaller").diagnostics.get(0).contains("the task returned by fetch() is discarded"));
        }
    }

    @Test
    void bothRoutesWeaveAUsersPackageUnderDevWeftAndLeaveTheRuntimesPackagesAlone() throws IOException {
        for (Map<String, Outcome> route : List.of(agentRoute(), pluginRoute())) {
            Outcome greeter = route.get("dev/weft/myapp/Greeter");
            assertFalse(Arrays.equals(Javac.read(compiled, "dev/weft/myapp/Greeter"), greeter.bytes), "woven");
            assertEquals(List.of("dev/weft/myapp/Greeter$weft$greet$0"), List.copyOf(greeter.frames.keySet()));
            for (String own : List.of("dev/weft/OwnAsync", "dev/weft/internal/OwnAsync", "dev/weft/sync/OwnAsync")) {
                Outcome o = route.get(own);
                assertArrayEquals(Javac.read(compiled, own), o.bytes, own + " left as it was");
                assertEquals(List.of(), o.diagnostics, own);
                assertEquals(Map.of(), o.frames, own);
            }
        }
    }

    private static Map<String, Outcome> agentRoute() throws IOException {
        return agentRoute(WeaveOptions.defaults());
    }

    private static Map<String, Outcome> pluginRoute() throws IOException {
        return pluginRoute(WeaveOptions.defaults());
    }

    /** Each class through the agent's transformer, in the order of their names, as a class loader would. */
    private static Map<String, Outcome> agentRoute(WeaveOptions options) throws IOException {
        ByteArrayOutputStream[] err = new ByteArrayOutputStream[1];
        Reporter reporter = new Reporter(() -> new PrintStream(err[0], true, StandardCharsets.UTF_8));
        Map<String, Outcome> outcomes = new TreeMap<>();
        Outcome[] current = new Outcome[1];
        ClassDefiner definer = (loader, domain, name, bytes) -> current[0].frames.put(name.replace('.', '/'), bytes);
        WeavingTransformer transformer = new WeavingTransformer(definer, reporter, null, options);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.toUri().toURL()},
                RoutesAgreeTest.class.getClassLoader())) {
            for (String cls : classNames(compiled)) {
                err[0] = new ByteArrayOutputStream();
                current[0] = new Outcome();
                byte[] original = Javac.read(compiled, cls);
                byte[] woven = transformer.transform(loader, cls, null, null, original);
                current[0].bytes = woven != null ? woven : original;
                for (String line : err[0].toString(StandardCharsets.UTF_8).split("\\R")) {
                    // the agent's own line about leaving a class unwoven has no twin in the plugin
                    if (!line.isEmpty() && !line.startsWith(Reporter.PREFIX + "left ")) {
                        current[0].diagnostics.add(line.substring(Reporter.PREFIX.length()));
                    }
                }
                outcomes.put(cls, current[0]);
            }
        }
        return outcomes;
    }

    /** The compiled classes copied to a directory and woven there by the plugin's route. */
    private static Map<String, Outcome> pluginRoute(WeaveOptions options) throws IOException {
        Path dir = Files.createTempDirectory(work, "plugin");
        for (String cls : classNames(compiled)) {
            Path to = dir.resolve(cls + ".class");
            Files.createDirectories(to.getParent());
            Files.copy(compiled.resolve(cls + ".class"), to);
        }
        List<String> problems = PluginRoute.weave(dir, List.of(Javac.runtime()), options);
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (String cls : classNames(compiled)) {
            Outcome o = new Outcome();
            o.bytes = Javac.read(dir, cls);
            for (String p : problems) {
                if (p.startsWith(cls + ".class: ")) {
                    o.diagnostics.add(p.substring(cls.length() + ".class: ".length()));
                }
            }
            outcomes.put(cls, o);
        }
        for (String written : classNames(dir)) {
            if (!outcomes.containsKey(written)) {
                String owner = written.substring(0, written.indexOf("$weft$"));
                outcomes.get(owner).frames.put(written, Javac.read(dir, written));
            }
        }
        return outcomes;
    }

    /** Internal names of the class files under {@code dir}, sorted. */
    private static List<String> classNames(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .map(f -> f.substring(0, f.length() - ".class".length()))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
