package dev.weft.runtime;

import static dev.weft.Weft.allTasks;
import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A coroutine frame that goes on while the task that called it may no longer await it: given to
 * {@code shield}, {@code waitTasks} or {@code asCompleted}, or left running by a failed
 * {@code gather}. asyncio wraps such a coroutine in a task of its own ({@code ensure_future}); so
 * does Weft now: the frame runs for that task ({@code currentTask()}, {@code cancelling()}), which
 * {@code allTasks()} lists and the run's end cancels. Before, the frame stayed a frame of the
 * calling task: in no task's list, it was abandoned when the run ended (its {@code catch} and
 * {@code finally} never ran), and inside it {@code cancelling()} read the calling task's count.
 * Each expected log is the output of the asyncio program in the test's comment under CPython 3.13
 * (with {@code log = []}, and {@code log.append(asyncio.run(main()))} at the end).
 */
class DetachedFrameTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> save() {
        try {
            await(sleep(100));
            log.add("save done");
            return Task.of("saved");
        } catch (CancelledException e) {
            log.add("save cancelled, cancelling " + currentTask().cancelling());
            throw e;
        } finally {
            log.add("save finally");
        }
    }

    @Async
    Task<String> fetch(String name, long ms) {
        try {
            await(sleep(ms));
            return Task.of(name);
        } catch (CancelledException e) {
            log.add(name + " cancelled, cancelling " + currentTask().cancelling());
            throw e;
        } finally {
            log.add(name + " finally");
        }
    }

    /**
     * The README's own idiom, {@code await(shield(save()))}, in a task that is then cancelled: save
     * goes on in a task of its own, which the run's end cancels (probe SH2).
     * <pre>
     * async def save():
     *     try: await asyncio.sleep(0.1); log.append("save done"); return "saved"
     *     except asyncio.CancelledError:
     *         log.append("save cancelled, cancelling %d" % asyncio.current_task().cancelling()); raise
     *     finally: log.append("save finally")
     * async def work(): return await asyncio.shield(save())
     * async def main():
     *     w = asyncio.create_task(work())
     *     await asyncio.sleep(0.01); w.cancel()
     *     try: await w
     *     except asyncio.CancelledError: log.append("work cancelled")
     *     log.append("tasks %d" % len(asyncio.all_tasks()))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['work cancelled', 'tasks 2', 'save cancelled, cancelling 1', 'save finally', 'main end']}.
     * Before: {@code [work cancelled, tasks 1, main end]}: save was left suspended when the run ended.
     */
    @Test
    void aShieldedFrameWhoseAwaiterWasCancelledIsCancelledAtTheRunsEnd() {
        log.add(Virtual.run(() -> {
            Task<String> w = createTask(() -> Task.of(await(shield(save()))));
            await(sleep(10));
            w.cancel();
            try {
                await(w);
            } catch (CancelledException e) {
                log.add("work cancelled");
            }
            log.add("tasks " + allTasks().size());
            return Task.of("main end");
        }));
        assertEquals(List.of("work cancelled", "tasks 2", "save cancelled, cancelling 1", "save finally", "main end"), log);
    }

    @Async
    Task<String> cleanup(Task<?> outer) {
        await(sleep(50));
        Task<?> me = currentTask();
        log.add("cleanup: own task " + (me != outer) + ", cancelling " + me.cancelling());
        try {
            await(timeout(Duration.ofMillis(10), () -> sleep(100)));
        } catch (AsyncTimeoutException e) {
            log.add("cleanup: inner timeout, cancelling " + me.cancelling() + ", outer cancelling " + outer.cancelling());
        }
        return Task.of("cleaned");
    }

    @Async
    Task<String> workThenCleanUp() {
        Task<?> me = currentTask();
        Task<String> t = cleanup(me);
        try {
            return Task.of(await(shield(t)));
        } catch (CancelledException e) {
            log.add("work: cancelled, cancelling " + me.cancelling());
            log.add("work: cleanup gave " + await(t));
            throw e;
        }
    }

    /**
     * Inside a shielded frame, the current task is its own, not the cancelled awaiter: its
     * {@code cancelling()} is 0, and a timeout inside counts its request there (probe SH1).
     * <pre>
     * async def cleanup(outer):
     *     await asyncio.sleep(0.05)
     *     me = asyncio.current_task()
     *     log.append("cleanup: own task %s, cancelling %d" % (str(me is not outer).lower(), me.cancelling()))
     *     try:
     *         async with asyncio.timeout(0.01): await asyncio.sleep(0.1)
     *     except TimeoutError:
     *         log.append("cleanup: inner timeout, cancelling %d, outer cancelling %d" % (me.cancelling(), outer.cancelling()))
     *     return "cleaned"
     * async def work():
     *     me = asyncio.current_task()
     *     t = asyncio.ensure_future(cleanup(me))
     *     try: return await asyncio.shield(t)
     *     except asyncio.CancelledError:
     *         log.append("work: cancelled, cancelling %d" % me.cancelling())
     *         log.append("work: cleanup gave %s" % await t)
     *         raise
     * async def main():
     *     w = asyncio.create_task(work())
     *     await asyncio.sleep(0.01); w.cancel()
     *     try: return await w
     *     except asyncio.CancelledError: return "work cancelled"
     * </pre>
     * CPython 3.13: {@code ['work: cancelled, cancelling 1', 'cleanup: own task true, cancelling 0',
     * 'cleanup: inner timeout, cancelling 0, outer cancelling 1', 'work: cleanup gave cleaned', 'work cancelled']}.
     * Before: {@code cleanup: own task false, cancelling 1} and {@code inner timeout, cancelling 1}.
     */
    @Test
    void aShieldedFrameRunsForATaskOfItsOwn() {
        log.add(Virtual.run(() -> {
            Task<String> w = createTask(() -> workThenCleanUp());
            await(sleep(10));
            w.cancel();
            try {
                return Task.of(await(w));
            } catch (CancelledException e) {
                return Task.of("work cancelled");
            }
        }));
        assertEquals(List.of("work: cancelled, cancelling 1", "cleanup: own task true, cancelling 0",
                "cleanup: inner timeout, cancelling 0, outer cancelling 1", "work: cleanup gave cleaned", "work cancelled"), log);
    }

    /**
     * The frame {@code waitTasks} left pending is a task the run's end cancels (probe SH3).
     * <pre>
     * async def fetch(n, d):
     *     try: await asyncio.sleep(d / 1000); return n
     *     except asyncio.CancelledError:
     *         log.append("%s cancelled, cancelling %d" % (n, asyncio.current_task().cancelling())); raise
     *     finally: log.append(n + " finally")
     * async def main():
     *     done, pending = await asyncio.wait([asyncio.create_task(fetch("fast", 10)),
     *             asyncio.create_task(fetch("slow", 1000))], return_when=asyncio.FIRST_COMPLETED)
     *     log.append("done %d pending %d tasks %d" % (len(done), len(pending), len(asyncio.all_tasks())))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['fast finally', 'done 1 pending 1 tasks 2', 'slow cancelled, cancelling 1', 'slow finally', 'main end']}.
     * Before: {@code [fast finally, done 1 pending 1 tasks 1, main end]}.
     */
    @Test
    void aFrameWaitTasksLeftPendingIsCancelledAtTheRunsEnd() {
        log.add(Virtual.run(() -> {
            WaitResult<String> r = await(waitTasks(List.of(fetch("fast", 10), fetch("slow", 1000)), ReturnWhen.FIRST_COMPLETED));
            log.add("done " + r.done().size() + " pending " + r.pending().size() + " tasks " + allTasks().size());
            return Task.of("main end");
        }));
        assertEquals(List.of("fast finally", "done 1 pending 1 tasks 2", "slow cancelled, cancelling 1", "slow finally",
                "main end"), log);
    }

    /**
     * The frames {@code asCompleted} follows are tasks: one not awaited is cancelled at the run's end.
     * <pre>
     * async def main():   # fetch as above
     *     for f in asyncio.as_completed([fetch("slow", 1000), fetch("fast", 10)]):
     *         log.append("first " + await f)
     *         break
     *     log.append("tasks %d" % len(asyncio.all_tasks()))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['fast finally', 'first fast', 'tasks 2', 'slow cancelled, cancelling 1', 'slow finally', 'main end']}.
     * Before: {@code [fast finally, first fast, tasks 1, main end]}.
     */
    @Test
    void aFrameAsCompletedFollowsIsCancelledAtTheRunsEndIfNotAwaited() {
        log.add(Virtual.run(() -> {
            for (Task<String> next : asCompleted(List.of(fetch("slow", 1000), fetch("fast", 10)))) {
                log.add("first " + await(next));
                break;
            }
            log.add("tasks " + allTasks().size());
            return Task.of("main end");
        }));
        assertEquals(List.of("fast finally", "first fast", "tasks 2", "slow cancelled, cancelling 1", "slow finally",
                "main end"), log);
    }

    @Async
    Task<String> boom() {
        await(sleep(10));
        throw new IllegalStateException("boom");
    }

    /**
     * A failed gather leaves its other children running: asyncio's gather wrapped them in tasks,
     * which go on and are cancelled at the run's end; so is a frame left running here.
     * <pre>
     * async def boom(): await asyncio.sleep(0.01); raise ValueError("boom")
     * async def main():   # fetch as above
     *     try: await asyncio.gather(fetch("slow", 1000), boom())
     *     except ValueError as e: log.append("gather failed: %s" % e)
     *     log.append("tasks %d" % len(asyncio.all_tasks()))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['gather failed: boom', 'tasks 2', 'slow cancelled, cancelling 1', 'slow finally', 'main end']}.
     * Before: {@code [gather failed: boom, tasks 1, main end]}.
     */
    @Test
    void aFrameAFailedGatherLeftRunningIsCancelledAtTheRunsEnd() {
        log.add(Virtual.run(() -> {
            try {
                await(gather(fetch("slow", 1000), boom()));
            } catch (IllegalStateException e) {
                log.add("gather failed: " + e.getMessage());
            }
            log.add("tasks " + allTasks().size());
            return Task.of("main end");
        }));
        assertEquals(List.of("gather failed: boom", "tasks 2", "slow cancelled, cancelling 1", "slow finally", "main end"), log);
    }

    /**
     * Cancelling a frame that is a task's coroutine cancels that task: the request is counted there,
     * directly ({@code cancel()} on the frame) or through a task awaiting the frame.
     * <pre>
     * async def main():   # fetch as above
     *     slow = asyncio.create_task(fetch("slow", 1000))
     *     done, pending = await asyncio.wait([asyncio.create_task(fetch("fast", 10)), slow],
     *             return_when=asyncio.FIRST_COMPLETED)
     *     for t in pending: t.cancel("enough")
     *     try: await slow
     *     except asyncio.CancelledError as e: log.append("slow: %s, cancelling %d" % (e.args[0], slow.cancelling()))
     *     slow2 = asyncio.create_task(fetch("slow2", 1000))
     *     await asyncio.wait([slow2], timeout=0.01)
     *     async def waiter():
     *         try: await slow2
     *         except asyncio.CancelledError: log.append("waiter cancelled")
     *     w = asyncio.create_task(waiter())
     *     await asyncio.sleep(0.01)
     *     w.cancel()
     *     try: await slow2
     *     except asyncio.CancelledError:
     *         log.append("slow2 cancelled %s, cancelling %d" % (str(slow2.cancelled()).lower(), slow2.cancelling()))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['fast finally', 'slow cancelled, cancelling 1', 'slow finally', 'slow: enough, cancelling 1',
     * 'slow2 cancelled, cancelling 1', 'slow2 finally', 'waiter cancelled', 'slow2 cancelled true, cancelling 1', 'main end']}.
     * Before: every {@code cancelling} read 0 (the request went down the frames, past every task's
     * count), and main, awaiting slow2 in the same task, went on before the waiter.
     */
    @Test
    void cancellingAFrameThatIsATasksCoroutineCancelsThatTask() {
        log.add(Virtual.run(() -> {
            Task<String> slow = fetch("slow", 1000);
            WaitResult<String> r = await(waitTasks(List.of(fetch("fast", 10), slow), ReturnWhen.FIRST_COMPLETED));
            for (Task<String> t : r.pending()) {
                t.cancel("enough");
            }
            try {
                await(slow);
            } catch (CancelledException e) {
                log.add("slow: " + e.getMessage() + ", cancelling " + slow.cancelling());
            }
            Task<String> slow2 = fetch("slow2", 1000);
            await(waitTasks(List.of(slow2), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(10)));
            Task<Void> w = createTask(() -> {
                try {
                    await(slow2);
                } catch (CancelledException e) {
                    log.add("waiter cancelled");
                }
                return Task.done();
            });
            await(sleep(10));
            w.cancel();
            try {
                await(slow2);
            } catch (CancelledException e) {
                log.add("slow2 cancelled " + slow2.isCancelled() + ", cancelling " + slow2.cancelling());
            }
            return Task.of("main end");
        }));
        assertEquals(List.of("fast finally", "slow cancelled, cancelling 1", "slow finally", "slow: enough, cancelling 1",
                "slow2 cancelled, cancelling 1", "slow2 finally", "waiter cancelled", "slow2 cancelled true, cancelling 1",
                "main end"), log);
    }

    @Async
    Task<Void> cancelsItselfInItsFirstStep() {
        Task<?> me = currentTask();
        me.cancel();
        log.add("cancelling " + me.cancelling());
        try {
            await(sleep(0));
        } catch (CancelledException e) {
            log.add("cancelled, cancelling " + me.cancelling());
            throw e;
        }
        return Task.done();
    }

    /**
     * The request a task kept in its first step (it had no frame yet) goes to its frame once there
     * is one, counted once: the frame is the task's coroutine, so a request to cancel it would
     * otherwise count again, as the task's. (A guard for the redirection above.)
     * <pre>
     * async def body():
     *     me = asyncio.current_task()
     *     me.cancel()
     *     log.append("cancelling %d" % me.cancelling())
     *     try: await asyncio.sleep(0)
     *     except asyncio.CancelledError: log.append("cancelled, cancelling %d" % me.cancelling()); raise
     * async def main():
     *     t = asyncio.create_task(body())
     *     try: await t
     *     except asyncio.CancelledError:
     *         log.append("task cancelled %s, cancelling %d" % (str(t.cancelled()).lower(), t.cancelling()))
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['cancelling 1', 'cancelled, cancelling 1', 'task cancelled true, cancelling 1', 'main end']}.
     */
    @Test
    void aRequestKeptInTheFirstStepIsCountedOnce() {
        log.add(Virtual.run(() -> {
            Task<Void> t = createTask(() -> cancelsItselfInItsFirstStep());
            try {
                await(t);
            } catch (CancelledException e) {
                log.add("task cancelled " + t.isCancelled() + ", cancelling " + t.cancelling());
            }
            return Task.of("main end");
        }));
        assertEquals(List.of("cancelling 1", "cancelled, cancelling 1", "task cancelled true, cancelling 1", "main end"), log);
    }

    @Async
    Task<String> job(Promise<String> p) {
        try {
            return Task.of(await(p));
        } catch (CancelledException e) {
            log.add("job cancelled: " + e.getMessage());
            throw e;
        }
    }

    @Async
    Task<Void> awaiterOf(Task<String> f) {
        try {
            await(sleep(10));
        } catch (CancelledException e) {
            log.add("awaiter caught its cancel");
        }
        try {
            log.add("awaiter got " + await(f));
        } catch (CancelledException e) {
            log.add("awaiter: job cancelled, cancelling " + currentTask().cancelling());
        }
        return Task.done();
    }

    /**
     * A task's {@code uncancel()} to 0 drops the requests kept down its own frames, not those kept by
     * the coroutine of another task it awaits: that one's request is its task's.
     * <pre>
     * async def job(p):
     *     try: return await p
     *     except asyncio.CancelledError as e: log.append("job cancelled: %s" % e.args[0]); raise
     * async def awaiter(f):
     *     try: await asyncio.sleep(0.01)
     *     except asyncio.CancelledError: log.append("awaiter caught its cancel")
     *     try: log.append("awaiter got %s" % await f)
     *     except asyncio.CancelledError:
     *         log.append("awaiter: job cancelled, cancelling %d" % asyncio.current_task().cancelling())
     * async def main():
     *     p = asyncio.get_running_loop().create_future()
     *     f = asyncio.ensure_future(job(p))
     *     t = asyncio.create_task(awaiter(f))
     *     await asyncio.sleep(0.001)
     *     t.cancel()
     *     await asyncio.sleep(0.001)
     *     p.set_result("x")
     *     f.cancel("later")     # p is done: the job task keeps the request
     *     log.append("uncancel -> %d, job cancelling %d" % (t.uncancel(), f.cancelling()))
     *     await t
     *     return "main end"
     * </pre>
     * CPython 3.13: {@code ['awaiter caught its cancel', 'uncancel -> 0, job cancelling 1', 'job cancelled: later',
     * 'awaiter: job cancelled, cancelling 0', 'main end']}. Weft's {@code ensure_future} of a started
     * frame is {@code createTask(() -> f)}, whose first step makes the frame its coroutine.
     */
    @Test
    void uncancellingATaskLeavesTheRequestKeptByTheTaskItAwaits() {
        log.add(Virtual.run(() -> {
            Promise<String> p = Task.promise();
            Task<String> f = job(p);
            createTask(() -> f);
            Task<Void> t = createTask(() -> awaiterOf(f));
            await(sleep(1));
            t.cancel();
            await(sleep(1));
            p.complete("x");
            f.cancel("later");
            log.add("uncancel -> " + t.uncancel() + ", job cancelling " + f.cancelling());
            await(t);
            return Task.of("main end");
        }));
        assertEquals(List.of("awaiter caught its cancel", "uncancel -> 0, job cancelling 1", "job cancelled: later",
                "awaiter: job cancelled, cancelling 0", "main end"), log);
    }

    @Async
    Task<String> nameOfCurrentTask() {
        await(sleep(10));
        return Task.of(currentTask().name());
    }

    /**
     * A frame started before and given to {@code createTask} runs for the task made, as asyncio's
     * {@code create_task(coro)} runs the coroutine in that task (there, it had not started).
     * <pre>
     * async def named(): await asyncio.sleep(0.01); return asyncio.current_task().get_name()
     * async def main():
     *     c = named()
     *     return await asyncio.create_task(c, name="worker")
     * </pre>
     * CPython 3.13: {@code worker}. Before: {@code Task-1}, the task that called it.
     */
    @Test
    void aFrameGivenToCreateTaskRunsForTheTaskMade() {
        assertEquals("worker", Virtual.run(() -> {
            Task<String> c = nameOfCurrentTask();
            return Task.of(await(createTask(() -> c, "worker")));
        }));
    }
}
