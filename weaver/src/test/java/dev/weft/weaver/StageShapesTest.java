package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.weaver.harness.SourceCompiler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code CompletableFuture}s completed by other threads are awaited, and the coroutine resumes on
 * the loop's thread; async methods may return {@code CompletableFuture} or {@code CompletionStage}.
 */
class StageShapesTest extends ShapeTestSupport {
    static final String SOURCE = source("Stages", """
                static List<Thread> THREADS;

                static <T> CompletableFuture<T> cf(T v) {
                    return CompletableFuture.supplyAsync(() -> v, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
                }

                @Async static CompletableFuture<Integer> futureMethod(int x) {
                    int a = await(t(x));
                    return CompletableFuture.completedFuture(a * 2);
                }

                @Async static CompletionStage<String> stageMethod(String s) {
                    String a = await(t(s)) + await(cf("?"));
                    return CompletableFuture.completedFuture(a + "!");
                }

                @Async static Task<Integer> awaitFutureMethod() {
                    return Task.of(await(futureMethod(4)) + await(stageMethod("x")).length());
                }

                @Async static Task<String> awaitForeignThreads() {
                    Thread before = Thread.currentThread();
                    int a = await(cf(20));
                    Thread after = Thread.currentThread();
                    String b = await(cf("x"));
                    THREADS = Arrays.asList(before, after, Thread.currentThread());
                    return Task.of(a + b + await(t(".")));
                }

                @Async static Task<Integer> foreignInLoop() {
                    Thread loop = Thread.currentThread();
                    int s = 0;
                    for (int i = 0; i < 5; i++) {
                        s += await(cf(i)) + await(t(i));
                        if (Thread.currentThread() != loop) return Task.of(-1);
                    }
                    return Task.of(s);
                }

                @Async static Task<String> foreignFailure() {
                    Thread loop = Thread.currentThread();
                    CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("far");
                    }, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
                    try {
                        return Task.of(await(f));
                    } catch (IllegalStateException e) {
                        return Task.of("caught " + e.getMessage() + " " + (Thread.currentThread() == loop));
                    }
                }

                @Async static Task<Integer> awaitStageInterface() {
                    CompletionStage<Integer> st = cf(3).thenApply(x -> x + 1);
                    return Task.of(await(st) + await(CompletableFuture.completedFuture(10)));
                }
            """);

    @Override
    String className() {
        return "p.Stages";
    }

    @Override
    String sourceText() {
        return SOURCE;
    }

    static Stream<Arguments> cases() {
        // delayedExecutor is Java 9+: no --release 8 here
        return withModes(List.of(JAVAC_17, ECJ_17, new Toolchain(SourceCompiler.JAVAC, 11)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void asyncMethodsReturningFuturesAndStages(Toolchain tc, Mode m) {
        assertEquals(10, (int) run(tc, m, "futureMethod", 5));
        assertEquals("ab?!", run(tc, m, "stageMethod", "ab"));
        assertEquals(8 + "x?!".length(), (int) run(tc, m, "awaitFutureMethod"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void futuresCompletedByOtherThreadsResumeOnTheLoopThread(Toolchain tc, Mode m) {
        assertEquals("20x.", run(tc, m, "awaitForeignThreads"));
        @SuppressWarnings("unchecked")
        List<Thread> threads = (List<Thread>) woven(tc).getStatic(className(), "THREADS");
        assertNotNull(threads);
        for (Thread t : threads) {
            assertSame(Thread.currentThread(), t, "Weft.run runs the loop on the calling thread");
        }
        assertEquals(20, (int) run(tc, m, "foreignInLoop"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void foreignFailuresAreDeliveredAtTheAwait(Toolchain tc, Mode m) {
        assertEquals("caught far true", run(tc, m, "foreignFailure"));
        assertEquals(14, (int) run(tc, m, "awaitStageInterface"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void futureReturnedWithoutALoop(Toolchain tc, Mode m) throws Exception {
        if (m == Mode.LATER) {
            return; // t() needs a loop in LATER mode
        }
        Object f = call(tc, "futureMethod", 21);
        assertEquals(42, ((CompletableFuture<?>) f).get());
    }
}
