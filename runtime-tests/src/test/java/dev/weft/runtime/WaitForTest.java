package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** waitFor, ported from CPython's test_waitfor.py. */
class WaitForTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> slow(long ms, String value) {
        try {
            await(sleep(ms));
            return Task.of(value);
        } finally {
            log.add("slow finally at " + Virtual.nowMs());
        }
    }

    // test_wait_for (timeout case)
    @Test
    void onTimeoutTheInnerTaskIsCancelledAndTheAwaiterGetsAsyncTimeoutException() {
        String r = Virtual.run(() -> {
            Task<String> inner = createTask(() -> slow(10_000, "done"));
            try {
                await(waitFor(inner, Duration.ofMillis(100)));
                return Task.of("no timeout");
            } catch (AsyncTimeoutException e) {
                assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));
                return Task.of("timeout at " + Virtual.nowMs() + ", inner cancelled " + inner.isCancelled());
            }
        });
        assertEquals("timeout at 100, inner cancelled true", r);
        assertEquals(List.of("slow finally at 100"), log);
    }

    // test_wait_for_blocking / result in time
    @Test
    void aResultInTimeIsReturned() {
        String r = Virtual.run(() -> Task.of(await(waitFor(slow(50, "v"), Duration.ofMillis(100))) + " at " + Virtual.nowMs()));
        assertEquals("v at 50", r);
    }

    // test_wait_for_with_global_loop / the seed's example
    @Test
    void theSeedsSlowOperationTimesOutAfterThreeSeconds() {
        String r = Virtual.run(() -> {
            try {
                return Task.of(await(waitFor(slow(10_000, "done"), Duration.ofSeconds(3))));
            } catch (AsyncTimeoutException e) {
                return Task.of("Operation timed out! at " + Virtual.nowMs());
            }
        });
        assertEquals("Operation timed out! at 3000", r);
    }

    // test_wait_for_timeout_less_then_0_or_0_future_done
    @Test
    void zeroTimeoutOnADoneTaskGivesItsResult() {
        assertEquals("ready", Virtual.run(() -> Task.of(await(waitFor(Task.of("ready"), Duration.ZERO)))));
    }

    // test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    @Test
    void zeroTimeoutOnAPendingTaskCancelsItAndTimesOut() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> slow(10, "x"));
            try {
                await(waitFor(t, Duration.ofMillis(-1)));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout, cancelled " + t.isCancelled() + " at " + Virtual.nowMs());
            }
        });
        assertEquals("timeout, cancelled true at 0", r);
        assertEquals(List.of(), log); // cancelled before it started: its body never ran
    }

    // test_wait_for_cancel_suppressed (3.12+: the value of an inner task that swallowed the cancellation is returned)
    @Test
    void anInnerTaskThatSwallowsTheCancellationGivesItsValue() {
        String r = Virtual.run(() -> Task.of(await(waitFor(swallower(), Duration.ofMillis(10))) + " at " + Virtual.nowMs()));
        assertEquals("swallowed at 15", r);
    }

    @Async
    Task<String> swallower() {
        try {
            await(sleep(1000));
        } catch (CancelledException e) {
            await(sleep(5));
            return Task.of("swallowed");
        }
        return Task.of("slept");
    }

    // test_wait_for_waits_for_task_cancellation
    @Test
    void theTimeoutWaitsForTheInnerTaskToFinishItsCancellation() {
        String r = Virtual.run(() -> {
            try {
                await(waitFor(slowToCancel(), Duration.ofMillis(10)));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout at " + Virtual.nowMs());
            }
        });
        assertEquals("timeout at 1010", r);
        assertEquals(List.of("cleanup done"), log);
    }

    @Async
    Task<Void> slowToCancel() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            await(sleep(1000));
            log.add("cleanup done");
            throw e;
        }
        return Task.done();
    }

    // test_wait_for_reraises_exception_during_cancellation / inner failure
    @Test
    void anInnerFailureIsRethrownAsItIs() {
        String r = Virtual.run(() -> {
            try {
                await(waitFor(failing(), Duration.ofMillis(100)));
                return Task.of("no");
            } catch (IllegalArgumentException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("bad", r);
    }

    @Async
    Task<Void> failing() {
        await(sleep(5));
        throw new IllegalArgumentException("bad");
    }

    // test_cancel_wait_for: cancelling the waiter cancels the inner task, and the waiter sees a cancellation
    @Test
    void cancellingTheWaiterCancelsTheInnerTask() {
        String r = Virtual.run(() -> {
            Task<String> inner = createTask(() -> slow(10_000, "x"));
            Task<String> waiter = createTask(() -> waitFor(inner, Duration.ofSeconds(60)));
            await(sleep(1));
            waiter.cancel();
            try {
                await(waiter);
                return Task.of("no");
            } catch (CancelledException e) {
                await(sleep(0));
                return Task.of("waiter cancelled, inner cancelled " + inner.isCancelled());
            }
        });
        assertEquals("waiter cancelled, inner cancelled true", r);
    }

    // null timeout: waits for as long as it takes
    @Test
    void aNullTimeoutWaitsForever() {
        assertEquals("late at 100000", Virtual.run(() -> Task.of(await(waitFor(slow(100_000, "late"), null)) + " at " + Virtual.nowMs())));
    }
}
