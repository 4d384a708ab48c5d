package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.CancelledException;
import dev.weft.weaver.harness.WovenProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code return Task.of(x)} and {@code return Task.done()} in the body of a woven method declared to
 * return {@code Task} call {@code Coroutine.returned(x, frame)} (contract 3), which completes the
 * frame without a task for the value once the body has suspended; any other {@code Task.of} (kept in
 * a local, passed on, returned after a finally block, outside a woven body) stays as it is. The
 * meaning stays either way, in both modes: {@code NOW} returns before any suspension (no frame yet),
 * {@code LATER} after one.
 */
class ValueReturnsTest extends ShapeTestSupport {
    static final String SOURCE = source("Returns", """
                static final List<String> LOG = new ArrayList<>();

                @Async static Task<Integer> atOnce(int x) {
                    int v = await(t(x));
                    return Task.of(v + 1);
                }

                @Async static Task<Void> done() {
                    LOG.add("done " + await(t("a")));
                    return Task.done();
                }

                @Async static Task<String> nullValue() {
                    await(t(0));
                    return Task.of(null);
                }

                @Async static Task<Task<Integer>> aTaskAsTheValue() {
                    await(t(0));
                    return Task.of(Task.of(7));
                }

                @Async static Task<Integer> early(boolean early) {
                    if (early) {
                        return Task.of(-1);
                    }
                    return Task.of(await(t(5)));
                }

                @Async static Task<Integer> kept() {
                    int v = await(t(2));
                    Task<Integer> r = Task.of(v);
                    LOG.add("kept");
                    return r;
                }

                @Async static Task<Integer> passed() {
                    int v = await(t(3));
                    return Task.of(await(gather(Task.of(v))).get(0) * 10);
                }

                @Async static Task<Integer> either(int x) {
                    int v = await(t(x));
                    return v > 0 ? Task.of(v) : Task.of(-v);
                }

                @Async static Task<Integer> afterFinally() {
                    try {
                        return Task.of(await(t(4)));
                    } finally {
                        LOG.add("finally");
                    }
                }

                @Async static Task<Integer> throwsAfter() {
                    int v = await(t(1));
                    if (v == 1) {
                        throw new IllegalStateException("boom " + v);
                    }
                    return Task.of(v);
                }

                @Async static Task<Integer> cancelledWhileRunning() {
                    await(t(0));
                    Weft.currentTask().cancel("why");
                    return Task.of(1);
                }

                @Async static Task<String> cancelledRunningTask() {
                    Task<Integer> child = Weft.createTask(Returns::cancelledWhileRunning);
                    try {
                        return Task.of("got " + await(child));
                    } catch (CancelledException e) {
                        return Task.of("cancelled " + e.getMessage() + " " + child.isCancelled());
                    }
                }

                @Async static Task<String> wide(long a, double b, String c) {
                    String s = await(t(c));
                    return Task.of(a + " " + b + " " + s);
                }

                final int base = 100;

                @Async Task<Long> onInstance(long a, int b) {
                    long v = await(t(a));
                    return Task.of(base + v + b);
                }

                static Task<Long> instance() {
                    return new Returns().onInstance(20L, 3);
                }

                static Task<Integer> plain() {
                    return Task.of(1);
                }
            """, """
            """);

    @Override
    String className() {
        return "p.Returns";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Toolchain> toolchains() {
        return Stream.of(JAVAC_17, ECJ_17);
    }

    static Stream<Arguments> cases() {
        return withModes(List.of(JAVAC_17, ECJ_17));
    }

    /** Each Task.of/Task.done/Coroutine.returned call of each method of p.Returns, as method->owner.name. */
    static List<String> valueCalls(WovenProgram w) {
        ClassNode cn = new ClassNode();
        new ClassReader(w.bytes("p.Returns")).accept(cn, 0);
        List<String> calls = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (m.name.equals("t") || m.name.startsWith("lambda$")) {
                continue; // the shape classes' helper t(v): Task.of outside any woven body
            }
            for (AbstractInsnNode n = m.instructions.getFirst(); n != null; n = n.getNext()) {
                if (!(n instanceof MethodInsnNode)) {
                    continue;
                }
                MethodInsnNode c = (MethodInsnNode) n;
                if (c.owner.equals("dev/weft/Task") && (c.name.equals("of") || c.name.equals("done"))
                        || c.name.equals("returned")) {
                    calls.add(m.name + (m.desc.contains("$weft$") ? "(body)" : "") + "->" + c.owner + "." + c.name
                            + c.desc);
                }
            }
        }
        calls.sort(null);
        return calls;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void onlyTasksReturnedAtOnceFromWovenBodiesAreRewritten(Toolchain tc) {
        String of = "dev/weft/Task.of(Ljava/lang/Object;)Ldev/weft/Task;";
        String returned = "dev/weft/internal/Coroutine.returned(Ljava/lang/Object;Ldev/weft/internal/Coroutine;)Ldev/weft/Task;";
        assertEquals(List.of(
                "aTaskAsTheValue(body)->" + of, // the inner Task.of is the value: passed on
                "aTaskAsTheValue(body)->" + returned,
                "afterFinally(body)->" + of, // stored, the finally block runs, then returned
                "atOnce(body)->" + returned,
                "cancelledRunningTask(body)->" + returned,
                "cancelledRunningTask(body)->" + returned,
                "cancelledWhileRunning(body)->" + returned,
                "done(body)->" + returned,
                "early(body)->" + returned,
                "early(body)->" + returned,
                "either(body)->" + of, // a GOTO to the return after it
                "either(body)->" + returned,
                "kept(body)->" + of,
                "nullValue(body)->" + returned,
                "onInstance(body)->" + returned,
                "passed(body)->" + of, // into gather
                "passed(body)->" + returned,
                "plain->" + of,
                "throwsAfter(body)->" + returned,
                "wide(body)->" + returned), valueCalls(woven(tc)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theMeaningStays(Toolchain tc, Mode m) {
        WovenProgram w = woven(tc);
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) w.getStatic("p.Returns", "LOG");
        log.clear();
        assertEquals(42, (Integer) run(tc, m, "atOnce", 41));
        assertEquals(null, (Object) run(tc, m, "done"));
        assertEquals(null, (Object) run(tc, m, "nullValue"));
        dev.weft.Task<?> inner = run(tc, m, "aTaskAsTheValue");
        assertEquals(7, inner.result());
        assertEquals(-1, (Integer) run(tc, m, "early", true));
        assertEquals(5, (Integer) run(tc, m, "early", false));
        assertEquals(2, (Integer) run(tc, m, "kept"));
        assertEquals(30, (Integer) run(tc, m, "passed"));
        assertEquals(4, (Integer) run(tc, m, "afterFinally"));
        assertEquals(6, (Integer) run(tc, m, "either", 6));
        assertEquals(6, (Integer) run(tc, m, "either", -6));
        assertEquals(List.of("done a", "kept", "finally"), log);
        assertEquals("1 2.5 c", run(tc, m, "wide", 1L, 2.5, "c"));
        assertEquals(123L, (Long) run(tc, m, "instance"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(tc, m, "throwsAfter"));
        assertEquals("boom 1", e.getMessage());
        // asyncio: a task cancelled while it ran ends cancelled though its coroutine returned
        assertEquals("cancelled why true", run(tc, m, "cancelledRunningTask"));
    }

    /** Outside a loop, before and after a suspension alike, the method returns a done task with the value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void outsideALoopTheTaskCarriesTheValue(Toolchain tc) {
        dev.weft.Task<?> t = (dev.weft.Task<?>) call(tc, "atOnce", 1);
        assertEquals(2, t.result());
        assertSame(null, ((dev.weft.Task<?>) call(tc, "done")).result());
    }
}
