package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.weaver.harness.WovenProgram;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a call of an async method gives its caller: the body's own task when it never suspends, a
 * failed task (never an exception) when the body throws before suspending, a pending task when it
 * suspends; and what await does outside woven code.
 */
class CallContractTest extends ShapeTestSupport {
    static final String SOURCE = source("Contract", """
                static Task<Integer> KEEP;
                static CompletableFuture<Integer> KEEP_FUTURE;

                @Async static Task<Integer> noAwait() { KEEP = Task.of(7); return KEEP; }

                @Async static Task<Integer> awaitDone() {
                    int x = await(Task.of(1));
                    KEEP = Task.of(x + 1);
                    return KEEP;
                }

                @Async static Task<Integer> delegate() { KEEP = t(5); return KEEP; }

                @Async static CompletableFuture<Integer> futureNoSuspend() {
                    int x = await(Task.of(2));
                    KEEP_FUTURE = CompletableFuture.completedFuture(x + 1);
                    return KEEP_FUTURE;
                }

                @Async static Task<Integer> throwsEarly(int x) {
                    if (x > 0) throw new IllegalArgumentException("early " + x);
                    return Task.of(await(t(x)));
                }

                @Async static Task<Integer> throwsCheckedEarly() throws Exception {
                    throw new java.io.IOException("early io");
                }

                @Async static Task<Integer> throwsAfterFastAwait() {
                    int x = await(Task.of(1));
                    throw new IllegalStateException("after " + x);
                }

                @Async static CompletableFuture<Integer> futureThrowsEarly(boolean b) {
                    if (b) throw new IllegalStateException("cf early");
                    return CompletableFuture.completedFuture(await(t(1)));
                }

                @Async static CompletionStage<Integer> stageThrowsEarly(boolean b) {
                    if (b) throw new IllegalStateException("stage early");
                    return CompletableFuture.completedFuture(await(t(1)));
                }

                @Async static Task<Integer> suspendsThenReturns() {
                    int x = await(t(1));
                    return Task.of(x + 1);
                }

                @Async static Task<Integer> awaitNull() {
                    Task<Integer> n = null;
                    return Task.of(await(n));
                }
            """);

    @Override
    String className() {
        return "p.Contract";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        return withModes(List.of(JAVAC_17, ECJ_17, new Toolchain(dev.weft.weaver.harness.SourceCompiler.JAVAC, 8)));
    }

    static Stream<Toolchain> toolchains() {
        return Stream.of(JAVAC_17, ECJ_17, new Toolchain(dev.weft.weaver.harness.SourceCompiler.JAVAC, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void aMethodThatNeverSuspendsReturnsExactlyWhatItsBodyReturned(Toolchain tc) {
        WovenProgram w = woven(tc);
        Object r = call(tc, "noAwait");
        assertSame(w.getStatic(className(), "KEEP"), r);
        r = call(tc, "awaitDone");
        assertSame(w.getStatic(className(), "KEEP"), r);
        assertEquals(2, ((Task<?>) r).result());
        r = call(tc, "futureNoSuspend");
        assertSame(w.getStatic(className(), "KEEP_FUTURE"), r);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aReturnedPendingTaskIsPassedOnAsItIs(Toolchain tc, Mode m) {
        WovenProgram w = woven(tc);
        w.setStatic(className(), "LATER", m == Mode.LATER);
        int v = Weft.run(() -> {
            Task<Integer> r = WovenProgram.asTask(w.call(className(), "delegate"));
            assertSame(w.getStatic(className(), "KEEP"), r);
            return r;
        });
        assertEquals(5, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void aSuspendedCallReturnsAPendingTask(Toolchain tc) {
        WovenProgram w = woven(tc);
        w.setStatic(className(), "LATER", true);
        int v = Weft.run(() -> {
            Task<Integer> r = WovenProgram.asTask(w.call(className(), "suspendsThenReturns"));
            assertFalse(r.isDone(), "suspended at its first await");
            return r;
        });
        assertEquals(2, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void throwingBeforeSuspendingGivesAFailedTaskNotAnException(Toolchain tc) {
        Object r = call(tc, "throwsEarly", 1);
        Task<?> task = assertInstanceOf(Task.class, r);
        assertTrue(task.isFailed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weft.run(() -> task));
        assertEquals("early 1", e.getMessage());

        Task<?> checked = assertInstanceOf(Task.class, call(tc, "throwsCheckedEarly"));
        assertTrue(checked.isFailed());
        IOException io = assertThrows(IOException.class, () -> Weft.run(() -> checked));
        assertEquals("early io", io.getMessage());

        Task<?> after = assertInstanceOf(Task.class, call(tc, "throwsAfterFastAwait"));
        assertTrue(after.isFailed());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Weft.run(() -> after));
        assertEquals("after 1", s.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolchains")
    void futureMethodsThrowingEarlyGiveFailedFutures(Toolchain tc) {
        CompletableFuture<?> f = assertInstanceOf(CompletableFuture.class, call(tc, "futureThrowsEarly", true));
        assertTrue(f.isCompletedExceptionally());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(() -> WovenProgram.asTask(f)));
        assertEquals("cf early", e.getMessage());

        CompletionStage<?> st = assertInstanceOf(CompletionStage.class, call(tc, "stageThrowsEarly", true));
        assertTrue(st.toCompletableFuture().isCompletedExceptionally());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> Weft.run(() -> WovenProgram.asTask(st)));
        assertEquals("stage early", e2.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitingNullSaysSo(Toolchain tc, Mode m) {
        NullPointerException e = assertThrows(NullPointerException.class, () -> run(tc, m, "awaitNull"));
        assertTrue(e.getMessage().contains("await(null)"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void awaitInCodeThatWasNotWovenThrows(Toolchain tc, Mode m) {
        WovenProgram w = WovenProgram.builder().compiler(tc.compiler()).release(tc.release())
                .source(className(), SOURCE).weave(false).buildCached();
        w.setStatic(className(), "LATER", m == Mode.LATER);
        dev.weft.NotWovenError e = assertThrows(dev.weft.NotWovenError.class,
                () -> w.run(className(), "suspendsThenReturns"));
        assertTrue(e.getMessage().contains("not woven"), e.getMessage());
    }
}
