package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancellation, ported from CPython's test_tasks.py (test_cancel*, test_uncancel*). */
class TaskCancellationTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> sleeper(long ms) {
        try {
            log.add("sleeping");
            await(sleep(ms));
            log.add("woke");
            return Task.of("slept");
        } finally {
            log.add("finally");
        }
    }

    // test_cancel
    @Test
    void cancelIsDeliveredAtTheAwaitAndFinallyRuns() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> sleeper(10_000));
            await(sleep(1));
            t.cancel();
            try {
                await(t);
                return Task.of("not cancelled");
            } catch (CancelledException e) {
                return Task.of(t.isCancelled() + " at " + Virtual.nowMs());
            }
        });
        assertEquals("true at 1", r);
        assertEquals(List.of("sleeping", "finally"), log);
    }

    // test_cancel_with_message_then_future_result
    @Test
    void cancelMessageReachesTheAwaiter() {
        String msg = Virtual.run(() -> {
            Task<String> t = createTask(() -> sleeper(10_000));
            await(sleep(1));
            t.cancel("my message");
            try {
                await(t);
                return Task.of("no");
            } catch (CancelledException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("my message", msg);
    }

    // test_cancel_yield: a task cancelled before it starts never runs its body
    @Test
    void taskCancelledBeforeItStartsNeverRuns() {
        boolean cancelled = Virtual.run(() -> {
            Task<String> t = createTask(() -> sleeper(10));
            t.cancel();
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            return Task.of(t.isCancelled());
        });
        assertTrue(cancelled);
        assertEquals(List.of("cancelled"), log);
    }

    // test_cancel_inner_future
    @Test
    void cancellingATaskCancelsTheFutureItAwaits() {
        Virtual.run(() -> {
            Promise<Integer> f = Task.promise();
            Task<Integer> t = createTask(() -> awaitPromise(f));
            await(sleep(0));
            await(sleep(0));
            t.cancel();
            assertTrue(f.isCancelled());
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("task cancelled");
            }
            return Task.done();
        });
        assertEquals(List.of("await promise", "task cancelled"), log);
    }

    @Async
    Task<Integer> awaitPromise(Promise<Integer> f) {
        log.add("await promise");
        int v = await(f);
        log.add("got " + v);
        return Task.of(v);
    }

    // test_cancel_task_catching
    @Test
    void aTaskThatCatchesTheCancellationEndsWithItsValue() {
        int v = Virtual.run(() -> {
            Task<Integer> t = createTask(this::catcher);
            await(sleep(1));
            t.cancel();
            int r = await(t);
            assertFalse(t.isCancelled());
            return Task.of(r);
        });
        assertEquals(42, v);
        assertEquals(List.of("caught"), log);
    }

    @Async
    Task<Integer> catcher() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            log.add("caught");
            return Task.of(42);
        }
        return Task.of(0);
    }

    // test_cancel_task_ignoring
    @Test
    void aTaskThatIgnoresTheCancellationGoesOnAwaiting() {
        int v = Virtual.run(() -> {
            Task<Integer> t = createTask(this::ignorer);
            await(sleep(1));
            t.cancel();
            int r = await(t);
            log.add("at " + Virtual.nowMs());
            return Task.of(r);
        });
        assertEquals(7, v);
        assertEquals(List.of("ignored", "at 6"), log);
    }

    @Async
    Task<Integer> ignorer() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            log.add("ignored");
        }
        await(sleep(5));
        return Task.of(7);
    }

    // test_cancel_current_task
    @Test
    void aTaskThatCancelsItselfIsCancelledAtItsNextAwait() {
        boolean cancelled = Virtual.run(() -> {
            Task<Void> t = createTask(this::selfCanceller);
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("cancelled: " + e.getMessage());
            }
            return Task.of(t.isCancelled());
        });
        assertTrue(cancelled);
        assertEquals(List.of("before", "cancelled: self"), log);
    }

    @Async
    Task<Void> selfCanceller() {
        Weft.currentTask().cancel("self");
        log.add("before");
        await(sleep(100));
        log.add("after");
        return Task.done();
    }

    // test_cancel_at_end: cancelled while running, then returns without awaiting
    @Test
    void aTaskCancelledRightBeforeItReturnsEndsCancelled() {
        boolean cancelled = Virtual.run(() -> {
            Task<Integer> t = createTask(() -> {
                Weft.currentTask().cancel();
                return Task.of(12);
            });
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            return Task.of(t.isCancelled());
        });
        assertTrue(cancelled);
        assertEquals(List.of("cancelled"), log);
    }

    // test_cancelling / test_uncancel_basic
    @Test
    void cancellingCountsRequestsAndUncancelRemovesThem() {
        List<Integer> counts = Virtual.run(() -> {
            List<Integer> c = new ArrayList<>();
            Task<Integer> t = createTask(this::catcher);
            await(sleep(1));
            c.add(t.cancelling());
            t.cancel();
            c.add(t.cancelling());
            t.cancel();
            c.add(t.cancelling());
            c.add(t.uncancel());
            await(t);
            c.add(t.cancelling());
            return Task.of(c);
        });
        assertEquals(List.of(0, 1, 2, 1, 1), counts);
    }

    // test_uncancel_resets_must_cancel
    @Test
    void uncancelToZeroDropsAPendingCancellation() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> {
                Task<?> me = Weft.currentTask();
                me.cancel();
                me.uncancel();
                await(sleep(5));
                return Task.of("finished");
            });
            return Task.of(await(t));
        });
        assertEquals("finished", r);
    }

    // test_cancel_awaited_task: cancelling a task cancels the task it awaits (a chain)
    @Test
    void cancellingATaskCancelsTheTaskItAwaits() {
        Virtual.run(() -> {
            Task<String> inner = createTask(() -> sleeper(10_000));
            Task<String> outer = createTask(() -> {
                try {
                    return Task.of(await(inner));
                } finally {
                    log.add("outer finally");
                }
            });
            await(sleep(1));
            outer.cancel();
            try {
                await(outer);
            } catch (CancelledException e) {
                log.add("outer cancelled");
            }
            await(sleep(0));
            log.add("inner cancelled: " + inner.isCancelled());
            return Task.done();
        });
        assertEquals(List.of("sleeping", "finally", "outer finally", "outer cancelled", "inner cancelled: true"), log);
    }

    // test_cancel_in_nested_coroutines: the cancellation reaches the innermost await through plain calls
    @Test
    void cancellationReachesTheInnermostAwaitThroughNestedCalls() {
        Virtual.run(() -> {
            Task<String> t = createTask(this::nestedOuter);
            await(sleep(1));
            t.cancel();
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            return Task.done();
        });
        assertEquals(List.of("sleeping", "finally", "nested finally", "cancelled"), log);
    }

    @Async
    Task<String> nestedOuter() {
        try {
            return Task.of(await(sleeper(10_000)) + "!");
        } finally {
            log.add("nested finally");
        }
    }

    // CancelledException is an Error: a catch (Exception e) does not swallow it
    @Test
    void catchExceptionDoesNotSwallowCancellation() {
        Virtual.run(() -> {
            Task<Void> t = createTask(this::catchesException);
            await(sleep(1));
            t.cancel();
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            return Task.done();
        });
        assertEquals(List.of("cancelled"), log);
    }

    @Async
    Task<Void> catchesException() {
        try {
            await(sleep(10_000));
        } catch (Exception e) {
            log.add("swallowed " + e);
        }
        return Task.done();
    }
}
