package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.LoopClock;
import dev.weft.Handle;
import dev.weft.Loop;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's hooks for library authors, ported from CPython's test_base_events.py (call_soon/call_later/call_at). */
class LoopHooksTest {
    private final List<String> log = new ArrayList<>();

    // test_call_soon: FIFO
    @Test
    void callSoonRunsCallbacksInOrderOnTheNextTurn() {
        Virtual.run(() -> {
            Loop loop = Weft.loop();
            loop.callSoon(() -> log.add("1"));
            loop.callSoon(() -> log.add("2"));
            log.add("0");
            await(sleep(0));
            await(sleep(0));
            return Task.done();
        });
        assertEquals(List.of("0", "1", "2"), log);
    }

    // asyncio.sleep(0) is a bare yield: the task's next step is queued behind what is ready now
    @Test
    void sleepZeroIsExactlyOneTripThroughTheLoop() {
        Virtual.run(() -> {
            Loop loop = Weft.loop();
            loop.callSoon(() -> log.add("A"));
            await(sleep(0));
            log.add("main 1");
            loop.callSoon(() -> log.add("B"));
            await(sleep(0));
            log.add("main 2");
            loop.callSoon(() -> loop.callSoon(() -> log.add("C")));
            await(sleep(0));
            log.add("main 3");
            await(sleep(0));
            log.add("main 4");
            return Task.done();
        });
        assertEquals(List.of("A", "main 1", "B", "main 2", "main 3", "C", "main 4"), log);
    }

    // A coroutine suspended in sleep(0) is cancelled like any other: at the await, once
    @Test
    void aCoroutineWaitingInSleepZeroIsCancelledAtItsAwait() {
        String outcome = Virtual.run(() -> {
            Task<String> t = Weft.createTask(() -> yieldOnce(log));
            await(sleep(0));                      // t has started and waits in its sleep(0)
            assertTrue(t.cancel("stop"));
            log.add("cancel asked");
            return Task.of(await(Weft.gatherSettled(t)).get(0).toString());
        });
        assertEquals(List.of("waiting", "cancel asked", "cancelled: stop", "finally"), log);
        assertEquals("Cancelled[dev.weft.CancelledException: stop]", outcome);
    }

    // cancel() from another thread on the sleep(0) task itself goes through the loop; nothing hangs
    @Test
    void sleepZeroCancelledFromAnotherThreadEndsItsAwaitExactlyOnce() throws Exception {
        List<Task<Void>> yields = new ArrayList<>();
        boolean[] accepted = new boolean[1];
        String outcome = Virtual.run(() -> {
            Task<String> t = Weft.createTask(() -> yieldHeld(yields));
            await(sleep(0));                      // t waits in yields.get(0)
            Thread other = new Thread(() -> accepted[0] = yields.get(0).cancel("from a thread"));
            other.start();
            join(other);                          // the request is queued behind the yield itself
            return t;
        });
        assertTrue(accepted[0]);
        assertEquals("resumed", outcome);
        assertTrue(yields.get(0).isDone() && !yields.get(0).isCancelled());
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @dev.weft.Async
    private static Task<String> yieldOnce(List<String> log) {
        try {
            log.add("waiting");
            await(sleep(0));
            log.add("resumed");
            return Task.of("resumed");
        } catch (dev.weft.CancelledException e) {
            log.add("cancelled: " + e.getMessage());
            throw e;
        } finally {
            log.add("finally");
        }
    }

    @dev.weft.Async
    private static Task<String> yieldHeld(List<Task<Void>> yields) {
        Task<Void> y = sleep(0);
        yields.add(y);
        await(y);
        return Task.of("resumed");
    }

    // test_call_later / test_call_at: timers fire in deadline order at their time
    @Test
    void callLaterAndCallAtFireAtTheirDeadlines() {
        Virtual.run(() -> {
            Loop loop = Weft.loop();
            loop.callLater(Duration.ofMillis(30), () -> log.add("later 30 at " + Virtual.nowMs()));
            loop.callAt(loop.time() + 10_000_000L, () -> log.add("at 10 at " + Virtual.nowMs()));
            loop.callLater(Duration.ofMillis(20), () -> log.add("later 20 at " + Virtual.nowMs()));
            await(sleep(50));
            return Task.done();
        });
        assertEquals(List.of("at 10 at 10", "later 20 at 20", "later 30 at 30"), log);
    }

    // test_call_later_negative_delays: a deadline in the past is kept, so past timers run in deadline
    // order (not call order), after what was ready before them; sleep(-1s) yields like sleep(0).
    // CPython 3.13 prints this same order for the same program.
    @Test
    void pastDeadlinesRunInDeadlineOrder() {
        Virtual.run(() -> {
            Loop loop = Weft.loop();
            loop.callLater(Duration.ofSeconds(-1), () -> log.add("later -1"));
            loop.callAt(loop.time() - 3_000_000_000L, () -> log.add("at -3"));
            loop.callLater(Duration.ofSeconds(-2), () -> log.add("later -2"));
            loop.callLater(Duration.ZERO, () -> log.add("later 0"));
            loop.callSoon(() -> log.add("soon"));
            await(sleep(Duration.ofSeconds(-1)));
            log.add("main 1");
            await(sleep(0));
            log.add("main 2");
            await(sleep(0));
            log.add("main 3");
            return Task.done();
        });
        assertEquals(List.of("soon", "main 1", "at -3", "later -2", "later -1", "later 0", "main 2", "main 3"), log);
    }

    // test_handle_cancel: a cancelled timer never runs and leaves the heap
    @Test
    void aCancelledHandleNeverRunsAndLeavesNoTimer() {
        int pending = Virtual.run(() -> {
            Loop loop = Weft.loop();
            Handle h = loop.callLater(Duration.ofMillis(10), () -> log.add("ran"));
            Handle soon = loop.callSoon(() -> log.add("soon ran"));
            assertEquals(1, loop.pendingTimers());
            h.cancel();
            soon.cancel();
            assertTrue(h.isCancelled());
            int p = loop.pendingTimers();
            await(sleep(20));
            return Task.of(p);
        });
        assertEquals(0, pending);
        assertEquals(List.of(), log);
    }

    // test_run_once_in_executor / call_soon_threadsafe: another thread hands work to the loop
    @Test
    void callSoonThreadSafeRunsOnTheLoopThread() throws Exception {
        Thread loopThread = Thread.currentThread();
        Thread ran = Weft.run(() -> {
            Loop loop = Weft.loop();
            Promise<Thread> p = Task.promise();
            Thread other = new Thread(() -> loop.callSoonThreadSafe(() -> p.complete(Thread.currentThread())));
            other.start();
            return p;
        });
        assertSame(loopThread, ran);
    }

    // a callback that throws is reported, and the loop goes on
    @Test
    void aThrowingCallbackIsReportedAndTheLoopGoesOn() {
        List<String> reports = new ArrayList<>();
        String r = Weft.run(() -> {
            Weft.loop().callSoon(() -> {
                throw new IllegalStateException("callback failed");
            });
            await(sleep(1));
            return Task.of("still running");
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withReporter((msg, e) -> reports.add(msg + " / " + e.getMessage())));
        assertEquals("still running", r);
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith("Exception in callback"), reports.get(0));
        assertTrue(reports.get(0).endsWith(" / callback failed"), reports.get(0));
    }

    // a virtual clock makes an hour of sleeping instant; the real clock measures real time
    @Test
    void aVirtualClockJumpsToTheNextTimer() {
        long start = System.nanoTime();
        long loopMs = Virtual.run(() -> {
            await(sleep(Duration.ofHours(1)));
            return Task.of(Virtual.nowMs());
        });
        assertEquals(3_600_000L, loopMs);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    // with the system clock a sleep takes at least its time (tolerant bound)
    @Test
    void theSystemClockSleepsForReal() {
        long start = System.nanoTime();
        Weft.run(() -> sleep(30));
        assertTrue(System.nanoTime() - start >= 30_000_000L);
    }
}
