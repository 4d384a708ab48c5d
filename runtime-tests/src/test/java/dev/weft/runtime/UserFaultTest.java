package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.runInExecutor;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncCloseable;
import dev.weft.AsyncGenerator;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.Emitter;
import dev.weft.Promise;
import dev.weft.Reporter;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Faults in user code: throwing done callbacks, generator {@code finally} blocks and async closes,
 * a {@link StackOverflowError} in a step, other {@link Error}s, a throwing {@link Reporter}. In each
 * case the loop keeps running its other tasks (a ticker counts its ticks across the fault), and the
 * fault reaches the awaiting task as its failure, or the run's Reporter when no one can receive it.
 */
class UserFaultTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Reporter reporter = (msg, e) -> reports.add(msg + (e == null ? "" : " / " + e));

    private <T> T run(Supplier<? extends Task<T>> main) {
        return Weft.run(main, RunOptions.defaults().withClock(LoopClock.virtual()).withReporter(reporter));
    }

    /** Ticks every ms: shows that the loop went on running other tasks. */
    @Async
    Task<Integer> ticker(int ticks) {
        for (int i = 0; i < ticks; i++) {
            await(sleep(1));
        }
        return Task.of(ticks);
    }

    /** Runs {@code faulty} beside a ticker; returns how the faulty task ended, and the ticks. */
    @Async
    <T> Task<String> besideATicker(Supplier<? extends Task<T>> faulty) {
        Task<Integer> ticker = createTask(() -> ticker(10));
        Task<T> t = createTask(faulty);
        String outcome;
        try {
            outcome = "value " + await(t);
        } catch (Throwable e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return Task.of(outcome + ", ticks " + await(ticker) + " at " + Virtual.nowMs());
    }

    // ---- done callbacks ---------------------------------------------------------------------

    @Async
    Task<String> throwingDoneCallbacks() {
        Promise<String> p = Task.promise();
        p.whenDone(t -> log.add("first"));
        p.whenDone(t -> {
            throw new IllegalStateException("callback failed");
        });
        p.whenDone(t -> {
            throw new AssertionError("callback assertion");
        });
        p.whenDone(t -> log.add("last"));
        Weft.loop().callLater(Duration.ofMillis(3), () -> p.complete("value"));
        return Task.of(await(p) + " at " + Virtual.nowMs());
    }

    @Test
    void throwingDoneCallbacksAreReportedAndTheOtherWaitersAreStillTold() {
        assertEquals("value at 3", run(this::throwingDoneCallbacks));
        assertEquals(List.of("first", "last"), log);
        assertEquals(List.of(
                "Exception in done callback of Promise[succeeded: value] / java.lang.IllegalStateException: callback failed",
                "Exception in done callback of Promise[succeeded: value] / java.lang.AssertionError: callback assertion"), reports);
    }

    @Async
    Task<String> doneCallbackOnAnotherThread() {
        Promise<String> p = Task.promise();
        p.whenDone(t -> {
            throw new IllegalStateException("callback failed on " + Thread.currentThread().getName());
        });
        completer = new Thread(() -> p.complete("value"), "completer");
        completer.start();
        return p;
    }

    private Thread completer;

    /**
     * Bug: a callback run by the thread that completed the task was reported to stderr, not to the
     * run's Reporter. Now a done callback runs on the loop it was added on (asyncio's call_soon),
     * whatever thread completed the task, and its failure goes to that loop's Reporter.
     */
    @Test
    void aDoneCallbackOfATaskCompletedOnAnotherThreadRunsOnTheLoopAndIsReportedToTheRunsReporter() throws InterruptedException {
        assertEquals("value", Weft.run(this::doneCallbackOnAnotherThread, RunOptions.defaults().withReporter(reporter)));
        completer.join(10_000);
        assertEquals(List.of("Exception in done callback of Promise[succeeded: value]"
                + " / java.lang.IllegalStateException: callback failed on " + Thread.currentThread().getName()), reports);
    }

    // ---- async generators -------------------------------------------------------------------

    @Async
    Task<Void> numbers(Emitter<Integer> out, boolean finallyFails) {
        try {
            for (int i = 0;; i++) {
                await(out.emit(i));
                await(sleep(2));
            }
        } finally {
            log.add("producer finally");
            if (finallyFails) {
                throw new IllegalStateException("cleanup failed");
            }
        }
    }

    @Async
    Task<String> closeAFailingGenerator() {
        AsyncGenerator<Integer> it = AsyncGenerator.of(out -> numbers(out, true));
        await(it.hasNext());
        log.add("got " + it.next());
        try {
            await(it.close());
            return Task.of("closed");
        } catch (IllegalStateException e) {
            return Task.of("close failed: " + e.getMessage());
        }
    }

    @Test
    void aGeneratorsFailingFinallyFailsItsClose() {
        assertEquals("value close failed: cleanup failed, ticks 10 at 10", run(() -> besideATicker(this::closeAFailingGenerator)));
        assertEquals(List.of("got 0", "producer finally"), log);
        assertEquals(List.of(), reports);
    }

    @Async
    Task<Integer> consume(AsyncGenerator<Integer> it) {
        int n = 0;
        while (await(it.hasNext())) {
            it.next();
            n++;
        }
        return Task.of(n);
    }

    @Async
    Task<String> cancelTheConsumerOfAFailingGenerator() {
        AsyncGenerator<Integer> it = AsyncGenerator.of(out -> numbers(out, true));
        Task<Integer> consumer = createTask(() -> consume(it));
        await(sleep(3)); // the producer sleeps after its second emit, the consumer waits in hasNext
        consumer.cancel();
        try {
            await(consumer);
            return Task.of("not cancelled");
        } catch (CancelledException e) {
            return Task.of("consumer cancelled");
        } catch (IllegalStateException e) {
            return Task.of("consumer failed: " + e.getMessage() + ", cancelled " + consumer.isCancelled());
        }
    }

    /**
     * Bug: the producer's finally failed after its consumer was cancelled, and nobody heard of it.
     * As in asyncio (the generator runs in the consumer's task), the consumer's hasNext ends with
     * the producer, so the consumer fails with what the finally block threw (CPython 3.13's trace).
     */
    @Test
    void aGeneratorsFinallyFailingAfterItsConsumerWasCancelledFailsTheConsumer() {
        assertEquals("consumer failed: cleanup failed, cancelled false", run(this::cancelTheConsumerOfAFailingGenerator));
        assertEquals(List.of("producer finally"), log);
        assertEquals(List.of(), reports);
    }

    @Async
    Task<String> cancelTheConsumerOfAGenerator() {
        AsyncGenerator<Integer> it = AsyncGenerator.of(out -> numbers(out, false));
        Task<Integer> consumer = createTask(() -> consume(it));
        await(sleep(3));
        consumer.cancel();
        await(sleep(1));
        return Task.of(consumer.isCancelled() ? "consumer cancelled" : "not cancelled");
    }

    @Test
    void aGeneratorsProducerCancelledWithItsConsumerIsNotReported() {
        assertEquals("consumer cancelled", run(this::cancelTheConsumerOfAGenerator));
        assertEquals(List.of("producer finally"), log);
        assertEquals(List.of(), reports);
    }

    // ---- async close ------------------------------------------------------------------------

    final class Resource implements AsyncCloseable {
        private final Throwable closeFailure;
        private final boolean synchronously;

        Resource(Throwable closeFailure, boolean synchronously) {
            this.closeFailure = closeFailure;
            this.synchronously = synchronously;
        }

        @Override
        public Task<Void> close() {
            if (synchronously) {
                throw (RuntimeException) closeFailure; // close() itself throws, no task
            }
            return closeAsync();
        }

        @Async
        Task<Void> closeAsync() {
            await(sleep(1));
            log.add("closing");
            throw Sneaky.<RuntimeException>sneak(closeFailure);
        }
    }

    /** Throws any throwable unchecked. */
    static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneak(Throwable t) throws E {
            throw (E) t;
        }
    }

    @Async
    Task<String> useAndClose(Resource r, long bodyMs) {
        return using(r, res -> {
            await(sleep(bodyMs));
            return Task.of("body value");
        });
    }

    @Test
    void anErrorFromAnAsyncCloseFailsTheUsingTask() {
        String r = run(() -> besideATicker(() -> useAndClose(new Resource(new AssertionError("close assertion"), false), 2)));
        assertEquals("AssertionError: close assertion, ticks 10 at 10", r);
        assertEquals(List.of("closing"), log);
    }

    @Test
    void aCloseThatThrowsInsteadOfReturningATaskFailsTheUsingTask() {
        String r = run(() -> besideATicker(() -> useAndClose(new Resource(new IllegalStateException("close threw"), true), 2)));
        assertEquals("IllegalStateException: close threw, ticks 10 at 10", r);
    }

    @Async
    Task<String> cancelWhileUsing() {
        Task<String> t = createTask(() -> useAndClose(new Resource(new IllegalStateException("close failed"), false), 100));
        await(sleep(5));
        t.cancel();
        try {
            await(t);
            return Task.of("not cancelled");
        } catch (CancelledException e) {
            Throwable[] suppressed = e.getSuppressed();
            return Task.of("cancelled at " + Virtual.nowMs() + ", suppressed " + suppressed.length + ": "
                    + suppressed[0].getMessage());
        }
    }

    @Test
    void aCloseFailureAfterACancellationTravelsWithTheCancellation() {
        assertEquals("cancelled at 6, suppressed 1: close failed", run(this::cancelWhileUsing));
        assertEquals(List.of("closing"), log);
    }

    // ---- Errors in steps --------------------------------------------------------------------

    static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Async
    Task<Integer> overflowAfterSuspending() {
        await(sleep(2));
        return Task.of(recurse(0));
    }

    @Async
    Task<Integer> overflowBeforeSuspending() {
        int n = recurse(0);
        await(sleep(2));
        return Task.of(n);
    }

    @Async
    Task<Integer> asyncRecursion(int depth) {
        return Task.of(1 + await(asyncRecursion(depth + 1)));
    }

    @Test
    void aStackOverflowInAStepFailsTheTaskAndTheLoopGoesOn() {
        assertEquals("StackOverflowError: null, ticks 10 at 10", run(() -> besideATicker(this::overflowAfterSuspending)));
        assertEquals("StackOverflowError: null, ticks 10 at 10", run(() -> besideATicker(this::overflowBeforeSuspending)));
        assertEquals(List.of(), reports);
    }

    @Test
    void endlessAsyncRecursionFailsTheTaskWithStackOverflowError() {
        assertEquals("StackOverflowError: null, ticks 10 at 10", run(() -> besideATicker(() -> asyncRecursion(0))));
        assertEquals(List.of(), reports);
    }

    @Async
    Task<String> failWith(Throwable error, boolean afterSuspending) {
        if (afterSuspending) {
            await(sleep(2));
        }
        throw Sneaky.<RuntimeException>sneak(error);
    }

    @Test
    void errorsThrownByUserCodeFailTheTaskAndTheLoopGoesOn() {
        assertEquals("AssertionError: assertion in a step, ticks 10 at 10",
                run(() -> besideATicker(() -> failWith(new AssertionError("assertion in a step"), true))));
        assertEquals("OutOfMemoryError: simulated, ticks 10 at 10",
                run(() -> besideATicker(() -> failWith(new OutOfMemoryError("simulated"), true))));
        assertEquals("OutOfMemoryError: before suspending, ticks 10 at 10",
                run(() -> besideATicker(() -> failWith(new OutOfMemoryError("before suspending"), false))));
        assertEquals("AssertionError: in the supplier, ticks 10 at 10", run(() -> besideATicker(() -> {
            throw new AssertionError("in the supplier");
        })));
        assertEquals(List.of(), reports);
    }

    @Test
    void anErrorInAChildOfATaskGroupFailsTheGroup() {
        assertEquals("OutOfMemoryError: child, ticks 10 at 10", run(() -> besideATicker(this::groupFailure)));
        assertEquals(List.of(), reports);
    }

    @Async
    Task<String> groupFailure() {
        Task<Integer> sibling = createTask(() -> ticker(100));
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> failWith(new OutOfMemoryError("child"), true));
                tg.createTask(() -> ticker(100));
                return Task.done();
            }));
            return Task.of("no failure");
        } catch (TaskGroupException e) {
            sibling.cancel();
            // the group's other child was cancelled; the Error is the group's one failure
            throw Sneaky.<RuntimeException>sneak(e.exceptions().size() == 1 ? e.exceptions().get(0) : e);
        }
    }

    @Test
    void errorsInLoopCallbacksAreReportedAndTheLoopGoesOn() {
        String r = run(() -> besideATicker(() -> {
            Weft.loop().callLater(Duration.ofMillis(2), () -> {
                throw new AssertionError("callback assertion");
            });
            Weft.loop().callSoon(() -> recurse(0));
            return Task.of("scheduled");
        }));
        assertEquals("value scheduled, ticks 10 at 10", r);
        assertEquals(2, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("Exception in callback Handle[") && reports.get(0).endsWith(" / java.lang.StackOverflowError"),
                reports.get(0));
        assertTrue(reports.get(1).startsWith("Exception in callback Handle[")
                && reports.get(1).endsWith(" / java.lang.AssertionError: callback assertion"), reports.get(1));
    }

    // ---- a Reporter that throws -------------------------------------------------------------

    /** Bug: a Reporter that threw ended the run from inside the loop, with other tasks still running. */
    @Test
    void aReporterThatThrowsDoesNotStopTheLoop() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String r;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = Weft.run(() -> besideATicker(() -> {
                Weft.loop().callLater(Duration.ofMillis(2), () -> {
                    throw new IllegalStateException("callback failed");
                });
                return Task.of("scheduled");
            }), RunOptions.defaults().withClock(LoopClock.virtual()).withReporter((msg, e) -> {
                throw new IllegalArgumentException("reporter broke");
            }));
        } finally {
            System.setErr(err);
        }
        assertEquals("value scheduled, ticks 10 at 10", r);
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("[weft] Exception in callback Handle["), printed);
        assertTrue(printed.contains("java.lang.IllegalStateException: callback failed"), printed);
        assertTrue(printed.contains("[weft] The Reporter failed to report the above: java.lang.IllegalArgumentException: reporter broke"), printed);
    }

    // ---- work on another thread that outlives its run -------------------------------------

    @Test
    void toThreadWorkThatOutlivesItsRunEndsQuietly() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                r.run();
            }, "outliving");
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return t;
        });
        try {
            CountDownLatch started = new CountDownLatch(1);
            Weft.run(() -> startAndLeave(() -> runInExecutor(pool, () -> {
                started.countDown();
                try {
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException ignored) {
                            // work that ignores the cancellation's interrupt
                        }
                    }
                    return "late";
                } finally {
                    finished.countDown();
                }
            }), started), RunOptions.defaults().withReporter(reporter));
            release.countDown(); // the run has ended: the work now completes its cancelled task
            assertTrue(finished.await(10, TimeUnit.SECONDS));
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), uncaught);
        assertEquals(List.of(), reports);
    }

    /** Starts {@code work} in a task and returns once it has started; the run's end then cancels it. */
    @Async
    Task<Void> startAndLeave(Supplier<Task<String>> work, CountDownLatch started) {
        createTask(work);
        while (started.getCount() > 0) {
            await(sleep(1));
        }
        return Task.done();
    }

    @Test
    void theLoopReportsNothingWhenNothingFails() {
        assertEquals("value 1, ticks 10 at 10", run(() -> besideATicker(() -> Task.of(1))));
        assertEquals(List.of(), reports);
    }
}
