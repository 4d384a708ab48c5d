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
import java.util.function.Supplier;
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

    // ---- a suspended task cancelled twice: which message it sees ------------------------------

    @Async
    Task<String> awaitsAndReports(Supplier<? extends Task<?>> awaited) {
        Task<?> me = Weft.currentTask();
        try {
            await(awaited.get());
            return Task.of("not cancelled");
        } catch (CancelledException e) {
            return Task.of("caught " + e.getMessage() + ", cancelling " + me.cancelling());
        }
    }

    @Async
    Task<Void> awaitsInside(Task<?> awaited) {
        await(awaited);
        return Task.done();
    }

    @Async
    Task<Void> sleepsInside(long ms) {
        await(sleep(ms)); // woven: the frame is its own timer entry, no Sleep task
        return Task.done();
    }

    @Async
    Task<String> cancelledTwice(Supplier<? extends Task<?>> awaited, int turns) {
        Task<String> t = createTask(() -> awaitsAndReports(awaited));
        for (int i = 0; i < turns; i++) {
            await(sleep(0));
        }
        t.cancel("m1");
        t.cancel("m2");
        return Task.of(await(t));
    }

    /**
     * The first cancel() cancels what the task awaits, which now holds the first message; the second
     * finds it done and is kept (asyncio's {@code _must_cancel}). The task's step then throws in the
     * awaited future's CancelledError, which already is one, so asyncio keeps it and drops the kept
     * request: the task sees "m1". A {@code sleep(0)} awaits no future (a bare yield), so there the
     * kept request is thrown in, with the last message.
     * <pre>
     * async def on(what):
     *     me = asyncio.current_task()
     *     try: await what; return "not cancelled"
     *     except asyncio.CancelledError as e: return f"caught {msg(e)}, cancelling {me.cancelling()}"
     * async def nested(fut): await fut
     * async def cancel_twice(what, turns):
     *     t = asyncio.create_task(on(what))
     *     for _ in range(turns): await asyncio.sleep(0)
     *     t.cancel("m1"); t.cancel("m2")
     *     return await t
     * p = loop.create_future()
     * log.append("promise: " + await cancel_twice(p, 1) + f", promise cancelled {p.cancelled()}")
     * s = asyncio.ensure_future(asyncio.sleep(100))
     * log.append("sleep task: " + await cancel_twice(s, 1))
     * log.append("sleep: " + await cancel_twice(asyncio.sleep(100), 1))
     * log.append("nested: " + await cancel_twice(nested(loop.create_future()), 1))
     * other = asyncio.create_task(nested(asyncio.sleep(100)))
     * log.append("task: " + await cancel_twice(other, 2) + f", other cancelling {other.cancelling()}")
     * log.append("sleep(0): " + await cancel_twice(asyncio.sleep(0), 1))
     * </pre>
     * CPython 3.13: {@code ['promise: caught m1, cancelling 2, promise cancelled True', 'sleep task:
     * caught m1, cancelling 2', 'sleep: caught m1, cancelling 2', 'nested: caught m1, cancelling 2',
     * 'task: caught m1, cancelling 2, other cancelling 2', 'sleep(0): caught m2, cancelling 2']}.
     * Bug: the kept request was thrown in instead, so the task saw "m2" everywhere.
     */
    @Test
    void aSuspendedTaskCancelledTwiceSeesTheFirstMessageUnlessItYields() {
        Virtual.run(() -> {
            Promise<String> p = Task.promise();
            log.add("promise: " + await(cancelledTwice(() -> p, 1)) + ", promise cancelled " + p.isCancelled());
            Task<Void> s = sleep(100);
            log.add("sleep task: " + await(cancelledTwice(() -> s, 1)));
            log.add("sleep: " + await(cancelledTwice(() -> sleepsInside(100), 1)));
            log.add("nested: " + await(cancelledTwice(() -> awaitsInside(Task.promise()), 1)));
            Task<Void> other = createTask(() -> sleepsInside(100));
            log.add("task: " + await(cancelledTwice(() -> other, 2)) + ", other cancelling " + other.cancelling());
            log.add("sleep(0): " + await(cancelledTwice(() -> sleepsInside(0), 1)));
            return Task.done();
        });
        assertEquals(List.of("promise: caught m1, cancelling 2, promise cancelled true", "sleep task: caught m1, cancelling 2",
                "sleep: caught m1, cancelling 2", "nested: caught m1, cancelling 2",
                "task: caught m1, cancelling 2, other cancelling 2", "sleep(0): caught m2, cancelling 2"), log);
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
