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
import dev.weft.Reporter;
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
 * Each test records which interleaving every run took ({@link Interleavings}) and fails unless each
 * came up at least once; a side the free runs missed gets a few runs nudged towards it (that side
 * goes first on purpose, the other spins on a flag), and what those runs did is recorded too.
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

    Task<Integer> awaiting(CompletionStage<Integer> f, AtomicInteger ends) {
        return awaiting(f, ends, () -> { });
    }

    /** Awaits {@code p}; runs {@code atEnd} on the way out, in the task's last step, before it is done. */
    @Async
    Task<Integer> awaiting(Task<Integer> p, AtomicInteger ends, Runnable atEnd) {
        try {
            return Task.of(await(p));
        } finally {
            atEnd.run();
            ends.incrementAndGet();
        }
    }

    /** Awaits {@code f}; runs {@code atEnd} on the way out, in the task's last step, before it is done. */
    @Async
    Task<Integer> awaiting(CompletionStage<Integer> f, AtomicInteger ends, Runnable atEnd) {
        try {
            return Task.of(await(f));
        } finally {
            atEnd.run();
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

    private static final String COMPLETED_FIRST = "future completed first";
    private static final String CANCELLED_FIRST = "cancelled first";

    @Async
    Task<Interleavings> loopCancelVersusForeignCompletion() {
        Interleavings seen = new Interleavings(COMPLETED_FIRST, CANCELLED_FIRST);
        for (int i = 0; seen.another(i, ITERATIONS); i++) {
            String nudge = seen.nudge(i, ITERATIONS);
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
                if (CANCELLED_FIRST.equals(nudge)) {
                    SpinFlag.spinUntil(t::isDone, "the cancelled task to end");
                }
                jitter(theirSpins);
                return f.complete(value);
            });
            meet(barrier);
            if (COMPLETED_FIRST.equals(nudge)) {
                get(completed);
            }
            jitter(ourSpins);
            assertTrue(t.cancel(), "cancel() of a task that has not resumed yet");
            Outcome<Integer> o = await(settled(t));
            boolean won = get(completed);
            // As asyncio: a task whose await is done but that has not resumed yet still takes the cancellation.
            assertTrue(o.isCancelled(), i + ": " + o);
            assertEquals(1, ends.get(), "the body ended once");
            assertEquals(!won, f.isCancelled(), i + ": the future is cancelled exactly when the completion lost");
            seen.saw(won ? COMPLETED_FIRST : CANCELLED_FIRST, nudge);
        }
        return Task.of(seen);
    }

    @Test
    void aFutureCompletedByAnotherThreadWhileTheLoopCancelsTheAwaitingTask() {
        Interleavings seen = Weft.run(this::loopCancelVersusForeignCompletion);
        System.out.println("[race] loop cancel vs foreign completion, all cancelled: " + seen);
        assertTrue(seen.runs() >= ITERATIONS, seen.toString());
        seen.assertEachSeen("loop cancel vs foreign completion");
    }

    // ---- cancel() from one thread racing the completion from another -------------------------

    private static final String VALUE_CANCEL_FALSE = "value, then cancel() false";
    private static final String VALUE_CANCEL_TOO_LATE = "value, cancel() true but too late";
    private static final String CANCELLED = "cancelled";

    @Async
    Task<Interleavings> foreignCancelVersusForeignCompletion(boolean promise) {
        Interleavings seen = new Interleavings(VALUE_CANCEL_FALSE, VALUE_CANCEL_TOO_LATE, CANCELLED);
        for (int i = 0; seen.another(i, ITERATIONS); i++) {
            String nudge = seen.nudge(i, ITERATIONS);
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Promise<Integer> p = Task.promise();
            AtomicInteger ends = new AtomicInteger();
            // The too-late nudge: the task, resumed with its value, waits in its last step for cancel().
            SpinFlag resumed = new SpinFlag();
            SpinFlag cancelCalled = new SpinFlag();
            Runnable atEnd = VALUE_CANCEL_TOO_LATE.equals(nudge) ? () -> {
                resumed.set();
                cancelCalled.awaitSet("cancel() from the other thread");
            } : () -> { };
            Task<Integer> t = promise ? createTask(() -> awaiting(p, ends, atEnd))
                    : createTask(() -> awaiting(f, ends, atEnd));
            await(sleep(0));
            CyclicBarrier barrier = new CyclicBarrier(2);
            int value = i;
            int completeSpins = random.nextInt(200);
            int cancelSpins = random.nextInt(200);
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                if (CANCELLED.equals(nudge)) {
                    SpinFlag.spinUntil(t::isDone, "the cancelled task to end");
                }
                jitter(completeSpins);
                return promise ? p.complete(value) : f.complete(value);
            });
            Future<Boolean> cancelled = racers.submit(() -> {
                meet(barrier);
                if (VALUE_CANCEL_FALSE.equals(nudge)) {
                    SpinFlag.spinUntil(t::isDone, "the task to end with its value");
                } else if (VALUE_CANCEL_TOO_LATE.equals(nudge)) {
                    resumed.awaitSet("the task to resume with its value");
                }
                jitter(cancelSpins);
                try {
                    return t.cancel();
                } finally {
                    cancelCalled.set();
                }
            });
            Outcome<Integer> o = await(settled(t));
            boolean won = get(completed);
            boolean cancelReturned = get(cancelled);
            assertEquals(1, ends.get(), "the body ended once");
            if (o.isSuccess()) {
                assertEquals(i, o.result());
                assertTrue(won, "a value means the completion won");
                // cancel() true: the request went to the loop, which found the task done
                seen.saw(cancelReturned ? VALUE_CANCEL_TOO_LATE : VALUE_CANCEL_FALSE, nudge);
            } else {
                assertTrue(o.isCancelled(), i + ": " + o);
                assertTrue(cancelReturned, "a cancelled task was cancelled by that call");
                seen.saw(CANCELLED, nudge);
            }
        }
        return Task.of(seen);
    }

    @Test
    void cancelFromAnotherThreadRacesACompletionFromAThirdThread() {
        for (boolean promise : new boolean[] {false, true}) {
            Interleavings seen = Weft.run(() -> foreignCancelVersusForeignCompletion(promise));
            String race = "foreign cancel vs foreign completion of a " + (promise ? "Promise" : "CompletableFuture");
            System.out.println("[race] " + race + ": " + seen);
            assertTrue(seen.runs() >= ITERATIONS, seen.toString());
            seen.assertEachSeen(race);
        }
    }

    // ---- a timeout firing while another thread completes the awaited task ----------------------

    private static final String VALUE = "value";
    private static final String TIMED_OUT = "timed out";

    @Async
    Task<Interleavings> timeoutVersusForeignCompletion(boolean scope) {
        Interleavings seen = new Interleavings(VALUE, TIMED_OUT);
        Loop loop = Weft.loop();
        for (int i = 0; seen.another(i, ITERATIONS / 4); i++) {
            String nudge = seen.nudge(i, ITERATIONS / 4);
            CompletableFuture<Integer> f = new CompletableFuture<>();
            CyclicBarrier barrier = new CyclicBarrier(2);
            SpinFlag settled = new SpinFlag();
            int value = i;
            long delayNanos = random.nextInt(1_500_000); // around the 1 ms timeout
            Future<Boolean> completed = racers.submit(() -> {
                meet(barrier);
                if (TIMED_OUT.equals(nudge)) {
                    settled.awaitSet("the timeout");
                }
                LockSupport.parkNanos(delayNanos);
                return f.complete(value);
            });
            meet(barrier);
            if (VALUE.equals(nudge)) {
                get(completed);
            }
            AtomicInteger ends = new AtomicInteger();
            Task<Integer> guarded = scope
                    ? timeout(Duration.ofMillis(1), () -> awaiting(f, ends))
                    : waitFor(awaiting(f, ends), Duration.ofMillis(1));
            Outcome<Integer> o = await(settled(guarded));
            settled.set();
            boolean won = get(completed);
            assertEquals(1, ends.get(), "the body ended once");
            assertEquals(0, loop.pendingTimers(), "the timeout's timer is gone");
            if (o.isSuccess()) {
                assertEquals(i, o.result());
                assertTrue(won);
                seen.saw(VALUE, nudge);
            } else {
                assertInstanceOf(AsyncTimeoutException.class, o.exception(), i + ": " + o);
                assertEquals("Timeout expired", o.exception().getMessage());
                assertInstanceOf(CancelledException.class, o.exception().getCause());
                assertTrue(won || f.isCancelled(), "the future was completed or cancelled");
                seen.saw(TIMED_OUT, nudge);
            }
        }
        return Task.of(seen);
    }

    @Test
    void aTimeoutFiresWhileAnotherThreadCompletesTheAwaitedFuture() {
        for (boolean scope : new boolean[] {false, true}) {
            Interleavings seen = Weft.run(() -> timeoutVersusForeignCompletion(scope));
            String race = (scope ? "timeout()" : "waitFor()") + " vs foreign completion";
            System.out.println("[race] " + race + ": " + seen);
            assertTrue(seen.runs() >= ITERATIONS / 4, seen.toString());
            seen.assertEachSeen(race);
        }
    }

    // ---- the completion racing the await itself (suspend and resume on two threads) ------------

    /**
     * Awaits {@code f} or {@code p} after the barrier; sets {@code suspended} if the await suspended,
     * as {@code nextTurn} tells: a callback of the loop's next turn sets it, which comes before the
     * resumption of a suspended await (it was queued first) and after an await that did not suspend.
     */
    @Async
    Task<Integer> awaitAfterBarrier(CompletionStage<Integer> f, Promise<Integer> p, CyclicBarrier barrier, int spins,
            SpinFlag nextTurn, SpinFlag suspended, Thread loop, List<String> wrongThread) {
        meet(barrier);
        jitter(spins);
        Weft.loop().callSoon(nextTurn::set);
        int v = f != null ? await(f) : await(p);
        if (nextTurn.isSet()) {
            suspended.set();
        }
        if (Thread.currentThread() != loop) {
            wrongThread.add(v + " resumed on " + Thread.currentThread().getName());
        }
        return Task.of(v);
    }

    private static String awaitSide(boolean promise, boolean suspended) {
        return (promise ? "Promise" : "CompletableFuture") + (suspended ? " done while suspended" : " done before the await");
    }

    @Async
    Task<Interleavings> completionVersusAwait() {
        Thread loop = Thread.currentThread();
        List<String> wrongThread = new ArrayList<>();
        Interleavings seen = new Interleavings(awaitSide(false, false), awaitSide(false, true),
                awaitSide(true, false), awaitSide(true, true));
        for (int i = 0; seen.another(i, ITERATIONS); i++) {
            String nudge = seen.nudge(i, ITERATIONS);
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Promise<Integer> p = Task.promise();
            boolean promise = nudge == null ? i % 2 == 0 : nudge.startsWith("Promise");
            boolean completeFirst = nudge != null && nudge.endsWith("before the await");
            boolean awaitFirst = nudge != null && nudge.endsWith("while suspended");
            CyclicBarrier barrier = new CyclicBarrier(2);
            SpinFlag nextTurn = new SpinFlag();
            SpinFlag suspended = new SpinFlag();
            int value = i;
            int theirSpins = random.nextInt(300);
            Future<Boolean> completed = racers.submit(() -> {
                boolean done = completeFirst && (promise ? p.complete(value) : f.complete(value));
                meet(barrier);
                if (awaitFirst) {
                    nextTurn.awaitSet("the await to suspend");
                }
                jitter(theirSpins);
                return done || (promise ? p.complete(value) : f.complete(value));
            });
            int spins = random.nextInt(300);
            Task<Integer> t = createTask(() -> awaitAfterBarrier(promise ? null : f, promise ? p : null, barrier, spins,
                    nextTurn, suspended, loop, wrongThread));
            Outcome<Integer> o = await(settled(t));
            assertTrue(get(completed));
            assertTrue(o.isSuccess(), i + ": " + o);
            assertEquals(value, o.result());
            seen.saw(awaitSide(promise, suspended.isSet()), nudge);
        }
        assertEquals(List.of(), wrongThread);
        return Task.of(seen);
    }

    @Test
    void aCompletionRacingTheAwaitResumesTheTaskOnceOnItsLoop() {
        Interleavings seen = Weft.run(this::completionVersusAwait);
        System.out.println("[race] completion vs the await: " + seen);
        assertTrue(seen.runs() >= ITERATIONS, seen.toString());
        seen.assertEachSeen("completion vs the await");
    }

    // ---- callSoonThreadSafe racing the end of the loop -----------------------------------------

    private static final String RAN = "ran";
    private static final String THREW = "threw";
    private static final String REPORTED = "reported";
    private static final String SHUTDOWN_FAILURE = "unhandled exception during Weft.run() shutdown";

    @Test
    void callSoonThreadSafeRacingTheEndOfTheRunRunsThrowsOrIsReported() {
        Interleavings seen = new Interleavings(RAN, THREW, REPORTED);
        for (int i = 0; seen.another(i, ITERATIONS); i++) {
            String nudge = seen.nudge(i, ITERATIONS);
            AtomicInteger runs = new AtomicInteger();
            List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            CyclicBarrier barrier = new CyclicBarrier(2);
            Loop[] loop = new Loop[1];
            CompletableFuture<Loop> started = new CompletableFuture<>();
            SpinFlag runEnded = new SpinFlag();
            SpinFlag lastTurn = new SpinFlag();
            SpinFlag handedOver = new SpinFlag();
            int theirSpins = random.nextInt(300);
            Future<Boolean> accepted = racers.submit(() -> {
                Loop l = started.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                meet(barrier);
                if (THREW.equals(nudge)) {
                    runEnded.awaitSet("the run to end");
                } else if (REPORTED.equals(nudge)) {
                    lastTurn.awaitSet("the run's last turn");
                }
                jitter(theirSpins);
                try {
                    l.callSoonThreadSafe(runs::incrementAndGet);
                    return true;
                } catch (IllegalStateException e) {
                    assertEquals("the event loop is closed: its run has ended", e.getMessage());
                    return false;
                } finally {
                    handedOver.set();
                }
            });
            int turns = random.nextInt(3);
            // The reported nudge: a task that fails when the run cancels it at shutdown makes the run
            // report that in its last turn, after its last look at the inbox; the report waits there
            // until the racer has handed over its callback, which only close() then finds.
            Reporter reporter = (msg, e) -> {
                if (msg.startsWith(SHUTDOWN_FAILURE)) {
                    lastTurn.set();
                    handedOver.awaitSet("the racer's callSoonThreadSafe");
                } else {
                    reports.add(msg);
                }
            };
            Runnable beforeEnd = RAN.equals(nudge) ? () -> get(accepted) : () -> { };
            Weft.run(() -> endSoon(barrier, turns, started, loop, beforeEnd, REPORTED.equals(nudge)),
                    RunOptions.defaults().withReporter(reporter));
            runEnded.set();
            boolean wasAccepted = get(accepted);
            assertEquals(REPORTED.equals(nudge), lastTurn.isSet(), "a shutdown failure only where nudged");
            if (!wasAccepted) {
                seen.saw(THREW, nudge);
                assertEquals(0, runs.get());
                assertEquals(List.of(), reports);
            } else if (runs.get() == 1) {
                seen.saw(RAN, nudge);
                assertEquals(List.of(), reports);
            } else {
                seen.saw(REPORTED, nudge);
                assertEquals(0, runs.get());
                assertEquals(1, reports.size(), reports.toString());
                assertTrue(reports.get(0).startsWith("Callback dropped: the event loop closed before it ran: Handle["),
                        reports.get(0));
            }
            // Once the run has ended, a callback is refused at once.
            assertThrows(IllegalStateException.class, () -> loop[0].callSoonThreadSafe(runs::incrementAndGet));
        }
        System.out.println("[race] callSoonThreadSafe vs the end of the run: " + seen);
        assertTrue(seen.runs() >= ITERATIONS, seen.toString());
        seen.assertEachSeen("callSoonThreadSafe vs the end of the run");
    }

    @Async
    Task<Void> endSoon(CyclicBarrier barrier, int turns, CompletableFuture<Loop> started, Loop[] loop,
            Runnable beforeEnd, boolean failAtShutdown) {
        loop[0] = Weft.loop();
        started.complete(loop[0]);
        if (failAtShutdown) {
            createTask(this::failWhenCancelled);
        }
        meet(barrier);
        for (int i = 0; i < turns; i++) {
            await(sleep(0));
        }
        beforeEnd.run();
        return Task.done();
    }

    /** Waits until cancelled, then fails with something else, which Weft.run reports at shutdown. */
    @Async
    Task<Void> failWhenCancelled() {
        try {
            await(Task.<Void>promise());
        } catch (CancelledException e) {
            throw new IllegalStateException("cancelled at shutdown");
        }
        return Task.done();
    }
}
