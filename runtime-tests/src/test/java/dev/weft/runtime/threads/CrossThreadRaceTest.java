package dev.weft.runtime.threads;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Loop;
import dev.weft.Outcome;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Completions from other threads racing cancellations, timeouts, the await itself and the end of
 * the loop, each repeated {@value #DEFAULT_ITERATIONS} times ({@code -Dweft.race.iterations=N}).
 * The two sides are lined up on a {@link CyclicBarrier} and then wait a random few spins each, so
 * that every interleaving comes up; each iteration checks that the task ended exactly once with one
 * of the legal outcomes, and every wait has a bound, so a lost wake-up fails instead of hanging.
 *
 * <p>Repeated JUnit races rather than jcstress: the code under test is woven coroutines running on
 * an event loop, which jcstress's generated harness can neither weave nor drive, and jcstress runs
 * take minutes in forked JVMs, beyond the test budget.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossThreadRaceTest {
    private static final int DEFAULT_ITERATIONS = 5_000;
    private static final int ITERATIONS = Integer.getInteger("weft.race.iterations", DEFAULT_ITERATIONS);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final ExecutorService racers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "racer");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random(42);

    @AfterEach
    void stopRacers() {
        racers.shutdownNow();
    }

    /** A random short wait after the barrier, so that either side may go first. */
    private static void jitter(int spins) {
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }

    /** Both sides meet here, within {@link #BOUND}. */
    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the other side did not come", e);
        }
    }

    /** The racer's result, within {@link #BOUND}. */
    private static <T> T get(Future<T> f) {
        try {
            return f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the racer failed or hung", e);
        }
    }

    @Async
    Task<Integer> awaiting(Task<Integer> p, AtomicInteger ends) {
        try {
            return Task.of(await(p));
        } finally {
            ends.incrementAndGet();
        }
    }

    @Async
    Task<Integer> awaiting(CompletionStage<Integer> f, AtomicInteger ends) {
        try {
            return Task.of(await(f));
        } finally {
            ends.incrementAndGet();
        }
    }

    /** The outcome of {@code t}, within {@link #BOUND} (a hang fails the test). */
    @Async
    <T> Task<Outcome<T>> settled(Task<T> t) {
        List<Outcome<T>> all = await(waitFor(gatherSettled(List.of(t)), BOUND));
        return Task.of(all.get(0));
    }

    // ---- a future completed by another thread while the loop cancels the awaiting task ---------

    @Async
    Task<String> loopCancelVersusForeignCompletion() {
        int completedFirst = 0;
        int cancelledFirst = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            AtomicInteger ends = new AtomicInteger();
            Task<Integer> t = createTask(() -> awaiting(f, ends));
            await(sleep(0)); // t runs up to its await of f
            assertFalse(t.isDone());
            CyclicBarrier barrier = new CyclicBarrier(2);
            int value = i;
            int theirSpins = random.nextInt(200);
            int ourSpins = random.nextInt(200);
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                jitter(theirSpins);
                return f.complete(value);
            });
            meet(barrier);
            jitter(ourSpins);
            assertTrue(t.cancel(), "cancel() of a task that has not resumed yet");
            Outcome<Integer> o = await(settled(t));
            boolean won = get(completed);
            // As asyncio: a task whose await is done but that has not resumed yet still takes the cancellation.
            assertTrue(o.isCancelled(), i + ": " + o);
            assertEquals(1, ends.get(), "the body ended once");
            assertEquals(!won, f.isCancelled(), i + ": the future is cancelled exactly when the completion lost");
            if (won) {
                completedFirst++;
            } else {
                cancelledFirst++;
            }
        }
        return Task.of(completedFirst + cancelledFirst + " cancelled (future completed first "
                + completedFirst + ", cancelled first " + cancelledFirst + ")");
    }

    @Test
    void aFutureCompletedByAnotherThreadWhileTheLoopCancelsTheAwaitingTask() {
        String r = Weft.run(this::loopCancelVersusForeignCompletion);
        System.out.println("[race] loop cancel vs foreign completion: " + r);
        assertTrue(r.startsWith(ITERATIONS + " cancelled "), r);
    }

    // ---- cancel() from one thread racing the completion from another -------------------------

    @Async
    Task<int[]> foreignCancelVersusForeignCompletion(boolean promise) {
        int[] outcomes = new int[3]; // value, cancelled, cancel() true but value
        for (int i = 0; i < ITERATIONS; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Promise<Integer> p = Task.promise();
            AtomicInteger ends = new AtomicInteger();
            Task<Integer> t = promise ? createTask(() -> awaiting(p, ends)) : createTask(() -> awaiting(f, ends));
            await(sleep(0));
            CyclicBarrier barrier = new CyclicBarrier(2);
            int value = i;
            int completeSpins = random.nextInt(200);
            int cancelSpins = random.nextInt(200);
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                jitter(completeSpins);
                return promise ? p.complete(value) : f.complete(value);
            });
            Future<Boolean> cancelled = racers.submit(() -> {
                meet(barrier);
                jitter(cancelSpins);
                return t.cancel();
            });
            Outcome<Integer> o = await(settled(t));
            boolean won = get(completed);
            boolean cancelReturned = get(cancelled);
            assertEquals(1, ends.get(), "the body ended once");
            if (o.isSuccess()) {
                assertEquals(i, o.result());
                assertTrue(won, "a value means the completion won");
                outcomes[0]++;
                if (cancelReturned) {
                    outcomes[2]++; // the request went to the loop, which found the task done
                }
            } else {
                assertTrue(o.isCancelled(), i + ": " + o);
                assertTrue(cancelReturned, "a cancelled task was cancelled by that call");
                outcomes[1]++;
            }
        }
        return Task.of(outcomes);
    }

    @Test
    void cancelFromAnotherThreadRacesACompletionFromAThirdThread() {
        for (boolean promise : new boolean[] {false, true}) {
            int[] o = Weft.run(() -> foreignCancelVersusForeignCompletion(promise));
            System.out.printf("[race] foreign cancel vs foreign completion of a %s: value %d (cancel() true anyway %d), cancelled %d%n",
                    promise ? "Promise" : "CompletableFuture", o[0], o[2], o[1]);
            assertEquals(ITERATIONS, o[0] + o[1]);
        }
    }

    // ---- a timeout firing while another thread completes the awaited task ----------------------

    @Async
    Task<int[]> timeoutVersusForeignCompletion(boolean scope) {
        int[] outcomes = new int[2]; // value, timed out
        Loop loop = Weft.loop();
        for (int i = 0; i < ITERATIONS / 4; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            CyclicBarrier barrier = new CyclicBarrier(2);
            int value = i;
            long delayNanos = random.nextInt(1_500_000); // around the 1 ms timeout
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                LockSupport.parkNanos(delayNanos);
                return f.complete(value);
            });
            meet(barrier);
            AtomicInteger ends = new AtomicInteger();
            Task<Integer> guarded = scope
                    ? timeout(Duration.ofMillis(1), () -> awaiting(f, ends))
                    : waitFor(awaiting(f, ends), Duration.ofMillis(1));
            Outcome<Integer> o = await(settled(guarded));
            boolean won = get(completed);
            assertEquals(1, ends.get(), "the body ended once");
            assertEquals(0, loop.pendingTimers(), "the timeout's timer is gone");
            if (o.isSuccess()) {
                assertEquals(i, o.result());
                assertTrue(won);
                outcomes[0]++;
            } else {
                assertInstanceOf(AsyncTimeoutException.class, o.exception(), i + ": " + o);
                assertEquals("Timeout expired", o.exception().getMessage());
                assertInstanceOf(CancelledException.class, o.exception().getCause());
                assertTrue(won || f.isCancelled(), "the future was completed or cancelled");
                outcomes[1]++;
            }
        }
        return Task.of(outcomes);
    }

    @Test
    void aTimeoutFiresWhileAnotherThreadCompletesTheAwaitedFuture() {
        for (boolean scope : new boolean[] {false, true}) {
            int[] o = Weft.run(() -> timeoutVersusForeignCompletion(scope));
            System.out.printf("[race] %s vs foreign completion: value %d, timed out %d%n",
                    scope ? "timeout()" : "waitFor()", o[0], o[1]);
            assertEquals(ITERATIONS / 4, o[0] + o[1]);
        }
    }

    // ---- the completion racing the await itself (suspend and resume on two threads) ------------

    @Async
    Task<Integer> awaitAfterBarrier(CompletionStage<Integer> f, Promise<Integer> p, CyclicBarrier barrier, int spins,
            Thread loop, List<String> wrongThread) {
        meet(barrier);
        jitter(spins);
        int v = f != null ? await(f) : await(p);
        if (Thread.currentThread() != loop) {
            wrongThread.add(v + " resumed on " + Thread.currentThread().getName());
        }
        return Task.of(v);
    }

    @Async
    Task<Integer> completionVersusAwait() {
        Thread loop = Thread.currentThread();
        List<String> wrongThread = new ArrayList<>();
        int sum = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Promise<Integer> p = Task.promise();
            boolean promise = i % 2 == 0;
            CyclicBarrier barrier = new CyclicBarrier(2);
            int value = i;
            int theirSpins = random.nextInt(300);
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                jitter(theirSpins);
                return promise ? p.complete(value) : f.complete(value);
            });
            int spins = random.nextInt(300);
            Task<Integer> t = createTask(() -> awaitAfterBarrier(promise ? null : f, promise ? p : null, barrier, spins, loop, wrongThread));
            Outcome<Integer> o = await(settled(t));
            assertTrue(get(completed));
            assertTrue(o.isSuccess(), i + ": " + o);
            assertEquals(value, o.result());
            sum++;
        }
        assertEquals(List.of(), wrongThread);
        return Task.of(sum);
    }

    @Test
    void aCompletionRacingTheAwaitResumesTheTaskOnceOnItsLoop() {
        assertEquals(ITERATIONS, Weft.run(this::completionVersusAwait));
    }

    // ---- callSoonThreadSafe racing the end of the loop -----------------------------------------

    @Test
    void callSoonThreadSafeRacingTheEndOfTheRunRunsThrowsOrIsReported() {
        int ran = 0;
        int threw = 0;
        int reported = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            AtomicInteger runs = new AtomicInteger();
            List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            CyclicBarrier barrier = new CyclicBarrier(2);
            Loop[] loop = new Loop[1];
            CompletableFuture<Loop> started = new CompletableFuture<>();
            int theirSpins = random.nextInt(300);
            Future<Boolean> accepted = racers.submit(() -> {
                Loop l = started.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                meet(barrier);
                jitter(theirSpins);
                try {
                    l.callSoonThreadSafe(runs::incrementAndGet);
                    return true;
                } catch (IllegalStateException e) {
                    assertEquals("the event loop is closed: its run has ended", e.getMessage());
                    return false;
                }
            });
            int turns = random.nextInt(3);
            Weft.run(() -> endSoon(barrier, turns, started, loop),
                    RunOptions.defaults().withReporter((msg, e) -> reports.add(msg)));
            boolean wasAccepted = get(accepted);
            if (!wasAccepted) {
                threw++;
                assertEquals(0, runs.get());
                assertEquals(List.of(), reports);
            } else if (runs.get() == 1) {
                ran++;
                assertEquals(List.of(), reports);
            } else {
                reported++;
                assertEquals(0, runs.get());
                assertEquals(1, reports.size(), reports.toString());
                assertTrue(reports.get(0).startsWith("Callback dropped: the event loop closed before it ran: Handle["),
                        reports.get(0));
            }
            // Once the run has ended, a callback is refused at once.
            assertThrows(IllegalStateException.class, () -> loop[0].callSoonThreadSafe(runs::incrementAndGet));
        }
        System.out.printf("[race] callSoonThreadSafe vs the end of the run: ran %d, threw %d, reported %d%n",
                ran, threw, reported);
        assertEquals(ITERATIONS, ran + threw + reported);
    }

    @Async
    Task<Void> endSoon(CyclicBarrier barrier, int turns, CompletableFuture<Loop> started, Loop[] loop) {
        loop[0] = Weft.loop();
        started.complete(loop[0]);
        meet(barrier);
        for (int i = 0; i < turns; i++) {
            await(sleep(0));
        }
        return Task.done();
    }
}
