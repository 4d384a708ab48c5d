package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cancellation asked for while the task runs (asyncio's {@code _must_cancel}) cancels the very next
 * thing it awaits, also after its first step; {@code uncancel()} back to 0 drops it. Ported from
 * CPython's test_tasks and test_timeouts, moved past the task's first step (there, the request was
 * kept by the task and worked already); each expected trace is the output of the asyncio program in
 * the test's comment under CPython 3.13.
 */
class CancelWhileRunningTest {
    private final List<String> log = new ArrayList<>();
    private Task<?> task;
    private Task<?> nestedTask;

    // ---- test_tasks: test_cancel_awaited_task (bpo-34872) ------------------------------------

    @Async
    Task<Void> nested(Promise<Void> fut) {
        try {
            await(fut);
        } catch (CancelledException e) {
            log.add("nested cancelled");
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<Void> cancelsItselfThenAwaitsATask(Promise<Void> fut) {
        nestedTask = createTask(() -> nested(fut));
        await(sleep(0));
        log.add("cancel self");
        task.cancel();
        try {
            await(nestedTask);
        } catch (CancelledException e) {
            log.add("coro cancelled");
            throw e;
        }
        return Task.done();
    }

    /**
     * <pre>
     * async def nested():
     *     try: await fut
     *     except asyncio.CancelledError: log.append("nested cancelled"); raise
     * async def coro():
     *     nested_task = asyncio.create_task(nested())
     *     await asyncio.sleep(0)
     *     log.append("cancel self"); task.cancel()
     *     try: await nested_task
     *     except asyncio.CancelledError: log.append("coro cancelled"); raise
     * task = asyncio.create_task(coro())
     * try: await task
     * except asyncio.CancelledError: log.append("task cancelled")
     * log.append(f"task {task.cancelled()}, nested {nested_task.cancelled()}, fut {fut.cancelled()}, at {elapsed}")
     * </pre>
     * Bug: the request waited for the awaited task to end by itself, which it never did: a hang.
     */
    @Test
    void test_cancel_awaited_task() {
        Virtual.run(() -> {
            Promise<Void> fut = Task.promise();
            task = createTask(() -> cancelsItselfThenAwaitsATask(fut));
            try {
                await(task);
            } catch (CancelledException e) {
                log.add("task cancelled");
            }
            log.add("task " + task.isCancelled() + ", nested " + nestedTask.isCancelled() + ", fut " + fut.isCancelled()
                    + ", at " + Virtual.nowMs());
            return Task.done();
        });
        assertEquals(List.of("cancel self", "nested cancelled", "coro cancelled", "task cancelled",
                "task true, nested true, fut true, at 0"), log);
    }

    // ---- test_tasks: test_cancel_current_task, after the first step --------------------------

    @Async
    Task<Integer> cancelsItselfThenSleeps() {
        await(sleep(0));
        task.cancel();
        log.add("cancelled self, cancelling " + task.cancelling());
        try {
            await(sleep(100_000));
        } catch (CancelledException e) {
            log.add("sleep cancelled at " + Virtual.nowMs() / 1000);
            throw e;
        }
        return Task.of(12);
    }

    /**
     * <pre>
     * async def body():
     *     await asyncio.sleep(0)
     *     t.cancel(); log.append(f"cancelled self, cancelling {t.cancelling()}")
     *     try: await asyncio.sleep(100)
     *     except asyncio.CancelledError: log.append(f"sleep cancelled at {elapsed}"); raise
     *     return 12
     * t = asyncio.create_task(body())
     * try: await t
     * except asyncio.CancelledError: log.append(f"task cancelled {t.cancelled()}, cancel again {t.cancel()}")
     * </pre>
     * Bug: the sleep ran its 100 s, and the cancellation came after it.
     */
    @Test
    void test_cancel_current_task_after_its_first_step() {
        Virtual.run(() -> {
            task = createTask(this::cancelsItselfThenSleeps);
            try {
                await(task);
            } catch (CancelledException e) {
                log.add("task cancelled " + task.isCancelled() + ", cancel again " + task.cancel());
            }
            return Task.done();
        });
        assertEquals(List.of("cancelled self, cancelling 1", "sleep cancelled at 0",
                "task cancelled true, cancel again false"), log);
    }

    // ---- test_timeouts: test_foreign_cancel_doesnt_timeout_if_not_expired --------------------

    private Timeout scope;

    @Async
    Task<Void> foreignCancelInTimeout() {
        await(sleep(0));
        try {
            await(timeout(Duration.ofSeconds(10), cm -> {
                scope = cm;
                currentTask().cancel();
                await(sleep(10_000));
                log.add("slept");
                return Task.done();
            }));
        } catch (CancelledException e) {
            log.add("cancelled, expired " + scope.isExpired() + ", at " + Virtual.nowMs() / 1000);
            throw e;
        }
        return Task.done();
    }

    @Async
    Task<Void> awaitCancelled(Task<?> t) {
        try {
            await(t);
        } catch (CancelledException e) {
            log.add("task cancelled " + t.isCancelled());
        }
        return Task.done();
    }

    /**
     * <pre>
     * async def body():
     *     await asyncio.sleep(0)
     *     try:
     *         async with asyncio.timeout(10) as cm:
     *             asyncio.current_task().cancel()
     *             await asyncio.sleep(10); log.append("slept")
     *     except asyncio.CancelledError:
     *         log.append(f"cancelled, expired {cm.expired()}, at {elapsed}"); raise
     * t = asyncio.create_task(body())
     * try: await t
     * except asyncio.CancelledError: log.append(f"task cancelled {t.cancelled()}")
     * </pre>
     * Bug: the sleep ran until the timeout expired, which then turned the cancellation into a timeout.
     */
    @Test
    void test_foreign_cancel_doesnt_timeout_if_not_expired() {
        Virtual.run(() -> awaitCancelled(createTask(this::foreignCancelInTimeout)));
        assertEquals(List.of("cancelled, expired false, at 0", "task cancelled true"), log);
    }

    // ---- test_timeouts: test_cancel_in_timeout_after_cancellation ----------------------------

    @Async
    Task<Void> cancelInTimeoutAfterCancellation() {
        await(sleep(0));
        try {
            currentTask().cancel();
            await(sleep(1000));
            log.add("first sleep ended");
        } catch (CancelledException e) {
            log.add("first sleep cancelled at " + Virtual.nowMs() / 1000);
        } finally {
            try {
                await(timeout(Duration.ofSeconds(1), () -> {
                    currentTask().cancel();
                    await(sleep(2000));
                    log.add("second sleep ended");
                    return Task.done();
                }));
            } catch (CancelledException e) {
                log.add("cancelled in timeout at " + Virtual.nowMs() / 1000 + ", cancelling " + currentTask().cancelling());
                throw e;
            } catch (AsyncTimeoutException e) {
                log.add("timed out");
            }
        }
        return Task.done();
    }

    /**
     * <pre>
     * async def body():
     *     await asyncio.sleep(0)
     *     try:
     *         asyncio.current_task().cancel()
     *         await asyncio.sleep(1); log.append("first sleep ended")
     *     except asyncio.CancelledError:
     *         log.append(f"first sleep cancelled at {elapsed}")
     *     finally:
     *         try:
     *             async with asyncio.timeout(1.0):
     *                 asyncio.current_task().cancel()
     *                 await asyncio.sleep(2); log.append("second sleep ended")
     *         except asyncio.CancelledError:
     *             log.append(f"cancelled in timeout at {elapsed}, cancelling {asyncio.current_task().cancelling()}")
     *             raise
     *         except TimeoutError: log.append("timed out")
     * t = asyncio.create_task(body())
     * try: await t
     * except asyncio.CancelledError: log.append(f"task cancelled {t.cancelled()}")
     * </pre>
     */
    @Test
    void test_cancel_in_timeout_after_cancellation() {
        Virtual.run(() -> awaitCancelled(createTask(this::cancelInTimeoutAfterCancellation)));
        assertEquals(List.of("first sleep cancelled at 0", "cancelled in timeout at 0, cancelling 2",
                "task cancelled true"), log);
    }

    // ---- test_tasks: test_uncancel_resets_must_cancel ----------------------------------------

    @Async
    Task<Integer> resumesAndReturns(Promise<Void> fut) {
        await(fut);
        log.add("resumed");
        return Task.of(42);
    }

    /**
     * <pre>
     * async def coro():
     *     await fut; log.append("resumed"); return 42
     * task = asyncio.create_task(coro())
     * await asyncio.sleep(0)
     * fut.set_result(None)
     * log.append(f"cancel {task.cancel()}, cancelling {task.cancelling()}")
     * log.append(f"uncancel {task.uncancel()}")
     * log.append(f"result {await task}")
     * </pre>
     * Bug: the request was kept by the task's coroutine, which uncancel() did not reach.
     */
    @Test
    void test_uncancel_resets_must_cancel() {
        Virtual.run(() -> {
            Promise<Void> fut = Task.promise();
            Task<Integer> t = createTask(() -> resumesAndReturns(fut));
            await(sleep(0));
            fut.complete(null);
            log.add("cancel " + t.cancel() + ", cancelling " + t.cancelling());
            log.add("uncancel " + t.uncancel());
            log.add("result " + await(t));
            return Task.done();
        });
        assertEquals(List.of("cancel true, cancelling 1", "uncancel 0", "resumed", "result 42"), log);
    }

    // ---- a coroutine returning right after its task was cancelled ----------------------------

    @Async
    Task<Integer> cancelsItsTaskAndReturns() {
        await(sleep(0));
        currentTask().cancel();
        log.add("inner returns");
        return Task.of(1);
    }

    @Async
    Task<Void> goesOnAfterInner() {
        int v = await(cancelsItsTaskAndReturns());
        log.add("outer got " + v);
        try {
            await(sleep(10_000));
            log.add("slept");
        } catch (CancelledException e) {
            log.add("sleep cancelled at " + Virtual.nowMs() / 1000);
            throw e;
        }
        return Task.done();
    }

    /**
     * <pre>
     * async def inner():
     *     await asyncio.sleep(0)
     *     asyncio.current_task().cancel(); log.append("inner returns"); return 1
     * async def outer():
     *     v = await inner(); log.append(f"outer got {v}")
     *     try: await asyncio.sleep(10); log.append("slept")
     *     except asyncio.CancelledError: log.append("sleep cancelled"); raise
     * t = asyncio.create_task(outer())
     * try: await t
     * except asyncio.CancelledError: log.append(f"task cancelled {t.cancelled()}")
     * </pre>
     * The request stays with the task while its coroutines return to one another: the awaiter goes
     * on with the value, and its next await is cancelled.
     */
    @Test
    void aCancellationOutlivesTheCoroutineThatReturnsRightAfterIt() {
        Virtual.run(() -> awaitCancelled(createTask(this::goesOnAfterInner)));
        assertEquals(List.of("inner returns", "outer got 1", "sleep cancelled at 0", "task cancelled true"), log);
    }
}
