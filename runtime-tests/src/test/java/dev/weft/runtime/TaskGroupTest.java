package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import dev.weft.sync.AsyncEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TaskGroup, ported from CPython's test_taskgroups.py. */
class TaskGroupTest {
    private final List<String> log = new ArrayList<>();
    private final List<String> seenByMain = new ArrayList<>();
    private TaskGroup group;

    @Async
    Task<Integer> child(String name, long ms, int value) {
        try {
            await(sleep(ms));
            log.add(name + " done at " + Virtual.nowMs());
            return Task.of(value);
        } catch (CancelledException e) {
            log.add(name + " cancelled at " + Virtual.nowMs());
            throw e;
        }
    }

    @Async
    Task<Integer> failer(String name, long ms, RuntimeException failure) {
        await(sleep(ms));
        log.add(name + " fails at " + Virtual.nowMs());
        throw failure;
    }

    // test_taskgroup_01: the group waits for its children
    @Test
    void theGroupEndsWhenAllChildrenEnded() {
        String r = Virtual.run(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            await(taskGroup(tg -> {
                ts.add(tg.createTask(() -> child("a", 10, 1)));
                ts.add(tg.createTask(() -> child("b", 20, 2)));
                return Task.done();
            }));
            return Task.of(ts.get(0).result() + ts.get(1).result() + " at " + Virtual.nowMs());
        });
        assertEquals("3 at 20", r);
    }

    // test_taskgroup_02: the body may await its children and returns a value
    @Test
    void theBodyCanAwaitChildrenAndReturnAValue() {
        int r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 10, 40));
            Task<Integer> b = tg.createTask(() -> child("b", 5, 2));
            return Task.of(await(a) + await(b));
        }));
        assertEquals(42, r);
    }

    // test_taskgroup_03: a failing child cancels its siblings, and the group fails with it
    @Test
    void aFailingChildCancelsItsSiblingsAndTheGroupFails() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> child("long", 1000, 1));
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            return Task.done();
        })));
        assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", e.getMessage());
        assertEquals(1, e.exceptions().size());
        assertEquals("boom", e.exceptions().get(0).getMessage());
        assertEquals(List.of("bad fails at 10", "long cancelled at 10"), log);
    }

    // test_taskgroup_04/05: several failures are all reported
    @Test
    void allFailuresAreCollectedInOrder() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("x", 10, new IllegalStateException("x")));
            tg.createTask(() -> failer("y", 10, new IllegalArgumentException("y")));
            return Task.done();
        })));
        assertEquals("unhandled errors in a TaskGroup (2 sub-exceptions)", e.getMessage());
        assertEquals(List.of("x", "y"), List.of(e.exceptions().get(0).getMessage(), e.exceptions().get(1).getMessage()));
        assertEquals(2, e.getSuppressed().length);
    }

    // test_taskgroup_07: a failing child cancels the body where it is suspended
    @Test
    void aFailingChildCancelsTheBody() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            try {
                await(sleep(1000));
            } catch (CancelledException c) {
                log.add("body cancelled at " + Virtual.nowMs());
                throw c;
            }
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "body cancelled at 10"), log);
    }

    // test_taskgroup_09: the body's own failure cancels the children and is reported
    @Test
    void aFailureOfTheBodyCancelsTheChildrenAndIsReported() {
        TaskGroupException e = assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> child("a", 1000, 1));
            await(sleep(10));
            throw new UnsupportedOperationException("body");
        })));
        assertEquals("body", e.exceptions().get(0).getMessage());
        assertEquals(List.of("a cancelled at 10"), log);
    }

    // test_taskgroup_08: the group waits for children that are slow to cancel
    @Test
    void theGroupWaitsForChildrenToFinishTheirCancellation() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(this::slowToCancel);
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "cleanup done at 110"), log);
    }

    @Async
    Task<Void> slowToCancel() {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            await(sleep(100));
            log.add("cleanup done at " + Virtual.nowMs());
            throw e;
        }
        return Task.done();
    }

    // test_taskgroup_11: cancelling the task that awaits the group cancels its children
    @Test
    void cancellingTheAwaitingTaskCancelsTheChildrenAndPropagates() {
        String r = Virtual.run(() -> {
            Task<Void> t = createTask(() -> taskGroup(tg -> {
                tg.createTask(() -> child("a", 1000, 1));
                tg.createTask(() -> child("b", 2000, 2));
                return Task.done();
            }));
            await(sleep(10));
            t.cancel();
            try {
                await(t);
                return Task.of("no");
            } catch (CancelledException e) {
                return Task.of("cancelled");
            }
        });
        assertEquals("cancelled", r);
        assertEquals(List.of("a cancelled at 10", "b cancelled at 10"), log);
    }

    // test_taskgroup_20: a child cancelled on its own is not a failure
    @Test
    void aCancelledChildIsNotAFailure() {
        String r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 1000, 1));
            tg.createTask(() -> child("b", 20, 2));
            await(sleep(5));
            a.cancel();
            return Task.of("ok");
        }));
        assertEquals("ok", r);
        assertEquals(List.of("a cancelled at 5", "b done at 20"), log);
    }

    // test_create_task_after_exit: "TaskGroup ... is finished"
    @Test
    void createTaskAfterTheGroupFinishedIsAnError() {
        IllegalStateException e = Virtual.run(() -> {
            await(taskGroup(tg -> {
                group = tg;
                return Task.done();
            }));
            return Task.of(assertThrows(IllegalStateException.class, () -> group.createTask(() -> child("late", 1, 1))));
        });
        assertEquals(true, e.getMessage().endsWith(" is finished"), e.getMessage());
    }

    // test_taskgroup_shutting_down: no new children once a failure started the shutdown
    @Test
    void createTaskWhileShuttingDownIsAnError() {
        assertThrows(TaskGroupException.class, () -> Virtual.run(() -> taskGroup(tg -> {
            tg.createTask(() -> failer("bad", 10, new IllegalStateException("boom")));
            try {
                await(sleep(1000));
            } catch (CancelledException c) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tg.createTask(() -> child("late", 1, 1)));
                log.add(e.getMessage().endsWith(" is shutting down") ? "refused" : e.getMessage());
            }
            return Task.done();
        })));
        assertEquals(List.of("bad fails at 10", "refused"), log);
    }

    // children get names and run concurrently
    @Test
    void childrenRunConcurrentlyWithNames() {
        String r = Virtual.run(() -> taskGroup(tg -> {
            Task<Integer> a = tg.createTask(() -> child("a", 30, 1), "alpha");
            Task<Integer> b = tg.createTask(() -> child("b", 30, 1), "beta");
            return Task.of(a.name() + "," + b.name());
        }));
        assertEquals("alpha,beta", r);
        assertEquals(List.of("a done at 30", "b done at 30"), log);
    }

    // ---- asyncio's cancelling() bookkeeping; the traces are CPython 3.13's for the same programs ----

    private static int cancelling() {
        return Weft.currentTask().cancelling();
    }

    private static String names(TaskGroupException e) {
        List<String> n = new ArrayList<>();
        for (Throwable t : e.exceptions()) {
            n.add(t.getClass().getSimpleName());
        }
        return n.toString();
    }

    @Async
    Task<Void> raiseAfter(long ms, RuntimeException e) {
        await(sleep(ms));
        log.add("raise " + e.getClass().getSimpleName());
        throw e;
    }

    // test_nested_groups_both_cancelled: the outer group's abort does not swallow the inner group's
    // failure, and the code between the groups runs
    @Test
    void nestedGroupsBothAbortedKeepEachTheirFailure() {
        Virtual.run(() -> {
            try {
                await(taskGroup(outer -> {
                    try {
                        await(taskGroup(inner -> {
                            inner.createTask(() -> raiseAfter(0, new IllegalStateException()));
                            outer.createTask(() -> raiseAfter(0, new IllegalArgumentException()));
                            return Task.done();
                        }));
                    } catch (TaskGroupException e) {
                        log.add("inner group: " + names(e) + ", cancelling " + cancelling());
                    }
                    log.add("between groups, cancelling " + cancelling());
                    return Task.done();
                }));
            } catch (TaskGroupException e) {
                log.add("outer group: " + names(e) + ", cancelling " + cancelling());
            }
            log.add("after, cancelling " + cancelling());
            return Task.done();
        });
        assertEquals(List.of("raise IllegalStateException", "raise IllegalArgumentException",
                "inner group: [IllegalStateException], cancelling 1", "between groups, cancelling 1",
                "outer group: [IllegalArgumentException], cancelling 0", "after, cancelling 0"), log);
    }

    // test_error_and_cancel: a cancellation from outside that met a child's failure is kept for the
    // task's next await after the group, which fails with the child's failure
    @Test
    void anOutsideCancellationMetByAChildFailureIsKeptForTheNextAwait() {
        AsyncEvent event = AsyncEvent.create();
        Virtual.run(() -> {
            Task<Void> t = createTask(() -> errorAndCancelInner(event));
            await(event.waitSet());
            log.add("outer: cancelling " + t.cancelling());
            t.cancel();
            log.add("outer: cancelled, cancelling " + t.cancelling());
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("outer: t cancelled " + t.isCancelled());
            }
            return Task.done();
        });
        assertEquals(List.of("outer: cancelling 0", "outer: cancelled, cancelling 1", "child raises",
                "body cancelled, cancelling 1", "group failed, cancelling 1", "after group, cancelling 1",
                "sleep after group cancelled, cancelling 1", "outer: t cancelled true"), log);
    }

    @Async
    Task<Void> errorAndCancelInner(AsyncEvent event) {
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> raiseErrorAfterSet(event));
                try {
                    await(sleep(1000));
                } catch (CancelledException e) {
                    log.add("body cancelled, cancelling " + cancelling());
                    throw e;
                }
                return Task.done();
            }));
        } catch (TaskGroupException e) {
            log.add("group failed, cancelling " + cancelling());
        }
        log.add("after group, cancelling " + cancelling());
        try {
            await(sleep(1000));
        } catch (CancelledException e) {
            log.add("sleep after group cancelled, cancelling " + cancelling());
            throw e;
        }
        log.add("not cancelled");
        return Task.done();
    }

    @Async
    Task<Void> raiseErrorAfterSet(AsyncEvent event) {
        event.set();
        await(sleep(0));
        log.add("child raises");
        throw new IllegalStateException();
    }

    // test_taskgroup_07 with cancelling(): the group asks to cancel the task running its body, and
    // takes the request back when it ends
    @Test
    void aChildFailureRaisesCancellingOfTheTaskRunningTheBody() {
        Virtual.run(() -> {
            try {
                await(taskGroup(tg -> {
                    tg.createTask(() -> failer("child", 10, new IllegalStateException("boom")));
                    try {
                        await(sleep(1000));
                    } catch (CancelledException e) {
                        log.add("body cancelled, cancelling " + cancelling());
                        throw e;
                    }
                    return Task.done();
                }));
            } catch (TaskGroupException e) {
                log.add("group failed: " + e.exceptions().get(0).getMessage() + ", cancelling " + cancelling());
            }
            await(sleep(0));
            log.add("after, cancelling " + cancelling());
            return Task.done();
        });
        assertEquals(List.of("child fails at 10", "body cancelled, cancelling 1", "group failed: boom, cancelling 0",
                "after, cancelling 0"), log);
    }

    @Async
    Task<Void> waitsLong(String name) {
        try {
            await(sleep(10_000));
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<Void> runsAGroup(boolean bodyWaits) {
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> waitsLong("c1"));
                if (bodyWaits) {
                    tg.createTask(() -> waitsLong("c2"));
                    try {
                        await(sleep(10_000));
                    } catch (CancelledException e) {
                        log.add("body cancelled");
                        throw e;
                    }
                } else {
                    log.add("body ends");
                }
                return Task.done();
            }));
        } catch (CancelledException e) {
            log.add("group cancelled, cancelling " + cancelling());
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<Void> cancelAndCountTurns(Task<Void> t) {
        await(sleep(1));
        t.cancel();
        log.add("cancel sent");
        for (int i = 1; i <= 3; i++) {
            await(sleep(0));
            log.add("turn " + i);
        }
        log.add("t cancelled " + t.isCancelled());
        seenByMain.addAll(log); // what happens later, in Weft.run's shutdown, is not part of the trace
        return Task.done();
    }

    // Cancelling the task running a group: the body takes the cancellation first, and the children
    // hear of it in the group's exit, a turn later (asyncio's __aexit__)
    @Test
    void cancellingTheTaskRunningTheBodyReachesTheChildrenATurnLater() {
        Virtual.run(() -> cancelAndCountTurns(createTask(() -> runsAGroup(true))));
        assertEquals(List.of("cancel sent", "body cancelled", "turn 1", "c1 cancelled", "c2 cancelled", "turn 2",
                "turn 3", "t cancelled false"), seenByMain);
    }

    // The same once the body has ended: the group's exit takes the cancellation and cancels the children
    @Test
    void cancellingTheTaskWaitingInTheGroupsExitCancelsTheChildren() {
        Virtual.run(() -> cancelAndCountTurns(createTask(() -> runsAGroup(false))));
        assertEquals(List.of("body ends", "cancel sent", "turn 1", "c1 cancelled", "turn 2", "turn 3",
                "t cancelled false"), seenByMain);
    }

    @Async
    Task<Void> slowToCancelShielded() {
        try {
            await(sleep(100_000));
        } catch (CancelledException e) {
            await(shield(sleep(10_000))); // the group waits for it
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<String> groupReportingItsCancellation(boolean bodyWaits) {
        Task<?> me = Weft.currentTask();
        try {
            await(taskGroup(tg -> {
                tg.createTask(this::slowToCancelShielded);
                if (bodyWaits) {
                    await(sleep(100_000));
                }
                return Task.done();
            }));
            return Task.of("group ended");
        } catch (CancelledException e) {
            return Task.of("group cancelled " + e.getMessage() + ", cancelling " + me.cancelling());
        }
    }

    /**
     * The task running a group is cancelled twice: "g1" then "g2", in the same turn or a turn
     * apart, while the group waits for its child in its exit, or while the body waits. asyncio's
     * exit keeps the first CancelledError it catches (its {@code propagate_cancellation_error}); a
     * second request in the same turn finds the future it waits on cancelled already and is
     * dropped by the task's step, which throws in the first.
     * <pre>
     * async def child():
     *     try: await asyncio.sleep(100)
     *     except asyncio.CancelledError: await asyncio.shield(asyncio.sleep(10)); raise
     * async def grp(body_waits):
     *     me = asyncio.current_task()
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(child())
     *             if body_waits: await asyncio.sleep(100)
     *         return "group ended"
     *     except asyncio.CancelledError as e: return f"group cancelled {msg(e)}, cancelling {me.cancelling()}"
     * for body_waits, apart in ((False, False), (False, True), (True, False)):
     *     g = asyncio.create_task(grp(body_waits))
     *     await asyncio.sleep(1)
     *     g.cancel("g1")
     *     if apart: await asyncio.sleep(1)
     *     g.cancel("g2")
     *     log.append(await g)
     * </pre>
     * CPython 3.13: {@code ['group cancelled g1, cancelling 2', 'group cancelled g1, cancelling 2',
     * 'group cancelled g1, cancelling 2']}. Bug: the group's exit took each request in the same turn
     * as a new one and ended with the last, "g2" (and so did a body cancelled twice).
     */
    @Test
    void aGroupCancelledTwiceEndsWithTheFirstMessage() {
        Virtual.run(() -> {
            boolean[][] cases = {{false, false}, {false, true}, {true, false}};
            for (boolean[] c : cases) {
                boolean apart = c[1];
                Task<String> g = createTask(() -> groupReportingItsCancellation(c[0]));
                await(sleep(1));
                g.cancel("g1");
                if (apart) {
                    await(sleep(1));
                }
                g.cancel("g2");
                log.add(await(g));
            }
            return Task.done();
        });
        assertEquals(List.of("group cancelled g1, cancelling 2", "group cancelled g1, cancelling 2",
                "group cancelled g1, cancelling 2"), log);
    }

    @Async
    Task<Void> timeoutTakingBackTheGroupsCancel(Task<?> me) {
        try {
            await(timeout(Duration.ofMillis(1000), () -> {
                try {
                    await(sleep(10_000));
                } catch (CancelledException e) {
                    log.add("body caught the group's cancel at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
                    me.uncancel();
                }
                await(sleep(10_000));
                return Task.done();
            }));
        } catch (dev.weft.AsyncTimeoutException e) {
            log.add("timeout at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
            throw e;
        }
        return Task.done();
    }

    /**
     * A child's failure cancels the body, which is a request the group's task counts, as any: a
     * timeout in the body whose body takes it back then expires as a timeout.
     * <pre>
     * async def fails():
     *     await asyncio.sleep(0.1); log.append(f"child fails at {elapsed}"); raise ValueError("child failed")
     * me = asyncio.current_task()
     * try:
     *     async with asyncio.TaskGroup() as tg:
     *         tg.create_task(fails())
     *         try:
     *             async with asyncio.timeout(1):
     *                 try: await asyncio.sleep(10)
     *                 except asyncio.CancelledError:
     *                     log.append(f"body caught the group's cancel at {elapsed}, cancelling {me.cancelling()}")
     *                     me.uncancel()
     *                 await asyncio.sleep(10)
     *         except TimeoutError: log.append(f"timeout at {elapsed}, cancelling {me.cancelling()}"); raise
     * except ExceptionGroup as eg:
     *     log.append(f"group failed at {elapsed}: {[type(e).__name__ for e in eg.exceptions]}, cancelling {me.cancelling()}")
     * </pre>
     * CPython 3.13: {@code ['child fails at 0.1', "body caught the group's cancel at 0.1,
     * cancelling 1", 'timeout at 1.0, cancelling 0', "group failed at 1.0: ['ValueError',
     * 'TimeoutError'], cancelling 0"]}. Bug: the timeout took the group's cancellation for an
     * outside one, and let its own expiry through as a cancellation, which the group dropped.
     */
    @Test
    void aTimeoutInTheBodyTakingBackTheGroupsCancelExpiresAsATimeout() {
        Virtual.run(() -> {
            Task<?> me = Weft.currentTask();
            try {
                await(taskGroup(tg -> {
                    tg.createTask(() -> failer("child", 100, new IllegalStateException("child failed")));
                    return timeoutTakingBackTheGroupsCancel(me);
                }));
            } catch (TaskGroupException e) {
                log.add("group failed at " + Virtual.nowMs() + ": " + names(e) + ", cancelling " + me.cancelling());
            }
            return Task.done();
        });
        assertEquals(List.of("child fails at 100", "body caught the group's cancel at 100, cancelling 1",
                "timeout at 1000, cancelling 0",
                "group failed at 1000: [IllegalStateException, AsyncTimeoutException], cancelling 0"), log);
    }

    // test_timeouts: inside an expired timeout, the task running the body counts one cancellation
    // request, taken back when the scope ends
    @Test
    void anExpiredTimeoutRaisesCancellingOfTheTaskRunningTheBody() {
        Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(10), () -> {
                    try {
                        await(sleep(1000));
                    } catch (CancelledException e) {
                        log.add("body cancelled, cancelling " + cancelling());
                        throw e;
                    }
                    return Task.done();
                }));
            } catch (dev.weft.AsyncTimeoutException e) {
                log.add("timeout, cancelling " + cancelling());
            }
            return Task.done();
        });
        assertEquals(List.of("body cancelled, cancelling 1", "timeout, cancelling 0"), log);
    }
}
