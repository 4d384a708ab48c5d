package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.sync.AsyncEvent;

/** Twins of cancel.py. */
final class CancelTwins {
    private CancelTwins() {
    }

    @Async
    static Task<String> sleeper(String name, long delay) {
        try {
            log(name, "sleeping");
            await(sleep(delay));
            log(name, "woke");
            return Task.of(name);
        } catch (CancelledException e) {
            log(name, "caught", e);
            throw e;
        } finally {
            log(name, "finally");
        }
    }

    @Async
    static Task<Void> cancelSleepingTask() {
        Task<String> t = createTask(() -> sleeper("A", 1000));
        await(sleep(10));
        log("cancel ->", t.cancel());
        log("cancelling", t.cancelling(), "done", t.isDone());
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited", e);
        }
        log("cancelled", t.isCancelled(), "cancel again ->", t.cancel());
        return Task.done();
    }

    @Async
    static Task<Void> cancelWithMessage() {
        Task<String> t = createTask(() -> sleeper("A", 1000));
        await(sleep(10));
        t.cancel("stop now");
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelBeforeStart() {
        Task<String> t = createTask(() -> sleeper("A", 1000));
        log("cancel ->", t.cancel("early"));
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited", e);
        }
        log("cancelled", t.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> cancelTwiceCounts() {
        Task<String> t = createTask(() -> sleeper("A", 1000));
        await(sleep(0));
        log("cancelling", t.cancelling());
        log("cancel ->", t.cancel());
        log("cancel ->", t.cancel());
        log("cancelling", t.cancelling());
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled");
        }
        log("cancelled", t.isCancelled(), "cancel ->", t.cancel());
        return Task.done();
    }

    @Async
    static Task<Void> cancelDoneTaskReturnsFalse() {
        Task<String> t = createTask(() -> sleeper("A", 5));
        log("result", await(t));
        log("cancel ->", t.cancel(), "cancelled", t.isCancelled(), "cancelling", t.cancelling());
        return Task.done();
    }

    @Async
    private static Task<Integer> catcher() {
        try {
            await(sleep(1000));
        } catch (CancelledException e) {
            log("caught");
            return Task.of(42);
        }
        return Task.of(null);
    }

    @Async
    static Task<Void> cancelTaskCatching() {
        Task<Integer> t = createTask(CancelTwins::catcher);
        await(sleep(10));
        t.cancel();
        log("result", await(t), "cancelled", t.isCancelled(), "cancelling", t.cancelling());
        return Task.done();
    }

    @Async
    private static Task<Integer> ignorer() {
        try {
            await(sleep(1000));
        } catch (CancelledException e) {
            log("ignored");
        }
        await(sleep(50));
        log("slept on");
        return Task.of(7);
    }

    @Async
    static Task<Void> cancelTaskIgnoring() {
        Task<Integer> t = createTask(CancelTwins::ignorer);
        await(sleep(10));
        t.cancel();
        log("result", await(t), "cancelled", t.isCancelled());
        return Task.done();
    }

    @Async
    private static Task<Integer> selfish(long firstSleep) {
        if (firstSleep >= 0) {
            await(sleep(firstSleep));
        }
        currentTask().cancel();
        log("cancelled myself");
        try {
            await(sleep(100));
            log("not reached");
        } catch (CancelledException e) {
            log("sleep cancelled");
            throw e;
        }
        return Task.of(12);
    }

    @Async
    static Task<Void> cancelCurrentTask() {
        Task<Integer> t = createTask(() -> selfish(-1));
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelCurrentTaskInLaterStep() {
        Task<Integer> t = createTask(() -> selfish(10));
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    private static Task<Integer> ender() {
        await(sleep(10));
        currentTask().cancel();
        return Task.of(12);
    }

    @Async
    static Task<Void> cancelAtEnd() {
        Task<Integer> t = createTask(CancelTwins::ender);
        try {
            log("result", await(t));
        } catch (CancelledException e) {
            log("awaited cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    private static Task<Void> awaitIt(Task<?> fut) {
        await(fut);
        return Task.done();
    }

    @Async
    static Task<Void> cancelAwaitedTask() {
        Promise<Void> fut = Task.promise();
        @SuppressWarnings("unchecked")
        Task<Void>[] nested = new Task[1];
        Task<Void> t = createTask(() -> {
            nested[0] = createTask(() -> awaitIt(fut));
            await(sleep(0));
            currentTask().cancel();
            await(nested[0]);
            return Task.done();
        });
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled");
        }
        log("task", t.isCancelled(), "nested", nested[0].isCancelled(), "future", fut.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> cancelInnerFuture() {
        Promise<Void> fut = Task.promise();
        Task<Void> t = createTask(() -> {
            try {
                await(fut);
            } catch (CancelledException e) {
                log("waiter cancelled, future", fut.isCancelled());
                throw e;
            }
            return Task.done();
        });
        await(sleep(0));
        t.cancel();
        log("future cancelled at once", fut.isCancelled());
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> chainInner() {
        try {
            await(sleep(1000));
        } finally {
            log("inner finally");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> chainMiddle() {
        try {
            await(createTask(CancelTwins::chainInner));
        } finally {
            log("middle finally");
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelPropagatesDownAwaitChain() {
        Task<Void> t = createTask(CancelTwins::chainMiddle);
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer saw cancelled");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> uncanceller() {
        try {
            await(sleep(10));
        } catch (CancelledException e) {
            log("uncancel ->", currentTask().uncancel());
            await(sleep(10));
            log("second sleep done");
        }
        return Task.done();
    }

    @Async
    static Task<Void> uncancelBasic() {
        Task<Void> t = createTask(CancelTwins::uncanceller);
        await(sleep(1));
        t.cancel();
        log("cancelling", t.cancelling(), "cancelled", t.isCancelled());
        await(sleep(1));
        log("cancelling", t.cancelling(), "cancelled", t.isCancelled());
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled");
        }
        log("uncancel after done ->", t.uncancel(), "cancelled", t.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> uncancelResetsMustCancel() {
        Promise<Void> fut = Task.promise();
        Task<Integer> t = createTask(() -> {
            await(fut);
            log("after future");
            await(sleep(5));
            return Task.of(42);
        });
        await(sleep(0));
        fut.complete(null);
        t.cancel();
        log("cancelling", t.cancelling());
        t.uncancel();
        log("cancelling", t.cancelling());
        log("result", await(t));
        return Task.done();
    }

    @Async
    static Task<Void> cancelThenUncancelBeforeStart() {
        Task<Integer> t = createTask(() -> {
            log("started");
            await(sleep(5));
            return Task.of(1);
        });
        t.cancel();
        log("uncancel ->", t.uncancel());
        log("result", await(t));
        return Task.done();
    }

    @Async
    static Task<Void> awaitInFinallyAfterCancel() {
        Task<Void> t = createTask(() -> {
            try {
                await(sleep(1000));
            } finally {
                log("cleanup start");
                await(sleep(20));
                log("cleanup end");
            }
            return Task.done();
        });
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("awaited cancelled");
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelTaskAwaitingEvent() {
        AsyncEvent ev = AsyncEvent.create();
        Task<Void> t = createTask(() -> {
            try {
                await(ev.waitSet());
            } catch (CancelledException e) {
                log("waiter cancelled");
                throw e;
            }
            return Task.done();
        });
        await(sleep(5));
        t.cancel();
        await(sleep(0));
        log("done", t.isDone(), "cancelled", t.isCancelled());
        ev.set();
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> resultOfCancelledTaskRaises() {
        Task<String> t = createTask(() -> sleeper("A", 100));
        await(sleep(0));
        t.cancel("why");
        await(sleep(0));
        try {
            t.result();
        } catch (CancelledException e) {
            log("result raised", e);
        }
        return Task.done();
    }

    @Async
    private static Task<Void> failingChild() {
        await(sleep(10));
        throw new Boom("child");
    }

    @Async
    static Task<Void> cancelWhileAwaitingFailedChild() {
        Task<Void> p = createTask(() -> {
            Task<Void> c = createTask(CancelTwins::failingChild);
            try {
                await(c);
            } catch (CancelledException e) {
                log("parent cancelled, child cancelled", c.isCancelled());
                throw e;
            }
            return Task.done();
        });
        await(sleep(5));
        p.cancel();
        try {
            await(p);
        } catch (CancelledException e) {
            log("parent awaited cancelled");
        }
        return Task.done();
    }

    @Async
    static Task<Void> mainCancelledByItself() {
        currentTask().cancel();
        await(sleep(10));
        return Task.done();
    }

    @Async
    private static Task<Void> stubborn() {
        for (int i = 0; i < 2; i++) {
            try {
                await(sleep(1000));
            } catch (CancelledException e) {
                log("caught", i, "cancelling", currentTask().cancelling());
            }
        }
        await(sleep(10));
        log("finished");
        return Task.done();
    }

    @Async
    static Task<Void> catchCancelThenCancelAgain() {
        Task<Void> t = createTask(CancelTwins::stubborn);
        await(sleep(1));
        t.cancel();
        await(sleep(1));
        t.cancel();
        await(t);
        log("cancelling", t.cancelling(), "cancelled", t.isCancelled());
        return Task.done();
    }
}
