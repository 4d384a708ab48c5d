package dev.weft.runtime.conformance;

import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import dev.weft.Weft;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Twins of gather_wait.py. asyncio's gather(coro, ...) wraps each coroutine in a task: createTask here. */
final class GatherWaitTwins {
    private GatherWaitTwins() {
    }

    @Async
    static Task<Long> job(String name, long delay, boolean fail) {
        try {
            await(sleep(delay));
        } catch (CancelledException e) {
            log(name, "cancelled");
            throw e;
        }
        if (fail) {
            log(name, "fails");
            throw new Boom(name);
        }
        log(name, "done");
        return Task.of(delay);
    }

    static Task<Long> task(String name, long delay) {
        return createTask(() -> job(name, delay, false), name);
    }

    static Task<Long> failing(String name, long delay) {
        return createTask(() -> job(name, delay, true), name);
    }

    static List<String> names(Collection<? extends Task<?>> tasks) {
        return tasks.stream().map(Task::name).sorted().collect(Collectors.toList());
    }

    @Async
    static Task<Void> gatherResultsInArgumentOrder() {
        List<Long> r = await(gather(task("A", 30), task("B", 10), task("C", 20)));
        log("results", r);
        return Task.done();
    }

    @Async
    static Task<Void> gatherEmpty() {
        log("results", await(gather(List.<Task<Long>>of())));
        return Task.done();
    }

    @Async
    static Task<Void> gatherFirstFailureRaisedOthersContinue() {
        Task<Long> a = task("A", 30);
        Task<Long> b = failing("B", 10);
        Task<Long> c = task("C", 20);
        try {
            await(gather(a, b, c));
        } catch (Boom e) {
            log("raised", e, "A done", a.isDone(), "C done", c.isDone());
        }
        await(sleep(50));
        log("A", a.result(), "C", c.result());
        return Task.done();
    }

    @Async
    static Task<Void> gatherReturnExceptions() {
        log("results", await(gatherSettled(task("A", 30), failing("B", 10), failing("C", 20))));
        return Task.done();
    }

    @Async
    static Task<Void> gatherChildCancelled() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 50);
        Task<List<Long>> g = gather(a, b);
        await(sleep(10));
        b.cancel();
        try {
            await(g);
        } catch (CancelledException e) {
            log("gather raised", e, "gather cancelled", g.isCancelled(), "A done", a.isDone());
        }
        await(sleep(30));
        log("A done", a.isDone());
        return Task.done();
    }

    @Async
    static Task<Void> gatherChildCancelledReturnExceptions() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 50);
        var g = gatherSettled(a, b);
        await(sleep(10));
        b.cancel();
        log("results", await(g));
        return Task.done();
    }

    @Async
    static Task<Void> cancelTaskAwaitingGather() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 50);
        Task<List<Long>> t = createTask(() -> gather(a, b));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled", "A", a.isCancelled(), "B", b.isCancelled());
        }
        return Task.done();
    }

    @Async
    private static Task<Void> slowExit(String name) {
        try {
            await(sleep(100));
        } finally {
            await(sleep(5));
            log(name, "cleaned up");
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelledGatherWaitsForChildren() {
        Task<List<Void>> g = gather(createTask(() -> slowExit("A")), createTask(() -> slowExit("B")));
        await(sleep(10));
        log("cancel ->", g.cancel());
        try {
            await(g);
        } catch (CancelledException e) {
            log("gather cancelled", g.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> gatherSameTaskTwice() {
        Task<Long> a = task("A", 10);
        log("results", await(gather(a, a)));
        return Task.done();
    }

    @Async
    static Task<Void> gatherOfDoneTasks() {
        Task<Long> a = task("A", 1);
        Task<Long> b = task("B", 2);
        await(sleep(5));
        log("results", await(gather(a, b)));
        return Task.done();
    }

    @Async
    static Task<Void> gatherShieldedChildSurvivesCancel() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 30);
        Task<List<Long>> t = createTask(() -> gather(shield(a), b));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled", "A", a.isCancelled(), "B", b.isCancelled());
        }
        log("A", await(a));
        return Task.done();
    }

    @Async
    static Task<Void> waitFirstCompleted() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 10);
        Task<Long> c = task("C", 20);
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED));
        log("done", names(r.done()), "pending", names(r.pending()));
        await(Weft.waitTasks(r.pending(), ReturnWhen.ALL_COMPLETED));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> waitFirstException() {
        Task<Long> a = task("A", 30);
        Task<Long> b = failing("B", 20);
        Task<Long> c = task("C", 10);
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION));
        log("done", names(r.done()), "pending", names(r.pending()));
        a.cancel();
        await(sleep(0));
        return Task.done();
    }

    @Async
    static Task<Void> waitFirstExceptionWithoutFailure() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 10);
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a, b), ReturnWhen.FIRST_EXCEPTION));
        log("done", names(r.done()), "pending", names(r.pending()));
        return Task.done();
    }

    @Async
    static Task<Void> waitAllCompletedWithFailure() {
        Task<Long> a = task("A", 30);
        Task<Long> b = failing("B", 10);
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a, b), ReturnWhen.ALL_COMPLETED));
        log("done", names(r.done()), "pending", names(r.pending()), "B exception", b.exception());
        return Task.done();
    }

    @Async
    static Task<Void> waitWithTimeout() {
        Task<Long> a = task("A", 30);
        Task<Long> b = task("B", 10);
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a, b), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(20)));
        log("done", names(r.done()), "pending", names(r.pending()));
        log("A result", await(a));
        return Task.done();
    }

    @Async
    static Task<Void> waitAlreadyDone() {
        Task<Long> a = task("A", 1);
        await(sleep(5));
        WaitResult<Long> r = await(Weft.waitTasks(List.of(a), ReturnWhen.FIRST_COMPLETED));
        log("done", names(r.done()), "pending", names(r.pending()));
        return Task.done();
    }

    @Async
    static Task<Void> cancelTaskAwaitingWait() {
        Task<Long> a = task("A", 30);
        Task<WaitResult<Long>> t = createTask(() -> Weft.waitTasks(List.of(a), ReturnWhen.ALL_COMPLETED));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled, A cancelled", a.isCancelled());
        }
        log("A", await(a));
        return Task.done();
    }

    @Async
    static Task<Void> asCompletedOrder() {
        List<Task<Long>> ts = List.of(task("A", 30), task("B", 10), task("C", 20));
        for (Task<Long> f : asCompleted(ts)) {
            log("next", await(f));
        }
        return Task.done();
    }

    @Async
    static Task<Void> asCompletedWithFailure() {
        List<Task<Long>> ts = List.of(task("A", 30), failing("B", 10), task("C", 20));
        for (Task<Long> f : asCompleted(ts)) {
            try {
                log("next", await(f));
            } catch (Boom e) {
                log("next raised", e);
            }
        }
        return Task.done();
    }

    @Async
    static Task<Void> asCompletedWithTimeout() {
        List<Task<Long>> ts = List.of(task("A", 30), task("B", 10));
        try {
            for (Task<Long> f : asCompleted(ts, Duration.ofMillis(20))) {
                log("next", await(f));
            }
        } catch (AsyncTimeoutException e) {
            log("raised", e);
        }
        log("A result", await(ts.get(0)));
        return Task.done();
    }

    @Async
    static Task<Void> gatherNestedFailure() {
        Task<List<Long>> inner = gather(task("A", 10), failing("B", 20));
        try {
            await(Weft.<Object>gather(inner, task("C", 30)));
        } catch (Boom e) {
            log("raised", e);
        }
        await(sleep(40));
        log("end");
        return Task.done();
    }
}
