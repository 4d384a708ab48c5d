package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.loop;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.Handle;
import dev.weft.Loop;
import dev.weft.Promise;
import dev.weft.Task;
import java.time.Duration;

/** Twins of callbacks.py. */
final class CallbacksTwins {
    private CallbacksTwins() {
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Async
    private static Task<Void> spin3() {
        for (int i = 0; i < 3; i++) {
            log("task step", i);
            await(sleep(0));
        }
        return Task.done();
    }

    @Async
    static Task<Void> cbCallSoonFromCallbackRunsNextTurn() {
        Loop loop = loop();
        Task<Void> t = createTask(CallbacksTwins::spin3);
        loop.callSoon(() -> {
            log("first");
            loop.callSoon(() -> log("scheduled by first"));
        });
        await(t);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> step(String name) {
        log(name, "runs");
        return Task.done();
    }

    @Async
    static Task<Void> cbCallSoonInterleavesWithTasks() {
        Loop loop = loop();
        loop.callSoon(() -> log("callback 1"));
        Task<Void> a = createTask(() -> step("A"));
        loop.callSoon(() -> log("callback 2"));
        Task<Void> b = createTask(() -> step("B"));
        await(gather(a, b));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbCallLaterFiresInDeadlineOrder() {
        Loop loop = loop();
        Promise<Void> fired = Task.promise();
        for (int n : new int[] {3, 1, 2}) {
            loop.callLater(ms(n * 10L), () -> {
                log("timer", n);
                if (n == 3) {
                    fired.complete(null);
                }
            });
        }
        await(fired);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbCallAtUsesLoopTime() {
        Loop loop = loop();
        Promise<Void> fired = Task.promise();
        await(sleep(5));
        long when = loop.time() + ms(100).toNanos();
        loop.callAt(when, () -> {
            log("call_at fired");
            fired.complete(null);
        });
        await(fired);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbCallLaterZeroAfterReadyCallbacks() {
        Loop loop = loop();
        loop.callLater(ms(0), () -> log("call_later(0)"));
        loop.callSoon(() -> log("call_soon"));
        await(sleep(0));
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbHandleCancel() {
        Loop loop = loop();
        Handle h1 = loop.callSoon(() -> log("soon (must not run)"));
        Handle h2 = loop.callLater(ms(10), () -> log("later (must not run)"));
        Handle h3 = loop.callLater(ms(20), () -> log("later 20 runs"));
        h1.cancel();
        h2.cancel();
        log("cancelled", h1.isCancelled(), h2.isCancelled(), h3.isCancelled());
        await(sleep(30));
        h3.cancel();
        log("cancel after run", h3.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> cbTimerCancelledByEarlierTimer() {
        Loop loop = loop();
        Handle late = loop.callLater(ms(20), () -> log("late (must not run)"));
        loop.callLater(ms(10), () -> {
            log("early cancels late");
            late.cancel();
        });
        await(sleep(30));
        log("end", late.isCancelled());
        return Task.done();
    }

    @Async
    static Task<Void> cbTimerExceptionIsReported() {
        loop().callLater(ms(10), () -> {
            throw new Boom("timer");
        });
        await(sleep(20));
        log("main goes on");
        return Task.done();
    }

    @Async
    static Task<Void> cbDoneCallbacksRunNextTurnInOrder() {
        Promise<String> f = Task.promise();
        f.whenDone(fut -> log("callback 42", fut.result()));
        f.whenDone(fut -> log("callback 17", fut.result()));
        f.complete("foo");
        log("result set");
        await(sleep(0));
        log("after one turn");
        return Task.done();
    }

    @Async
    static Task<Void> cbDoneCallbackOnDoneFutureIsScheduled() {
        Promise<Integer> f = Task.promise();
        f.complete(1);
        f.whenDone(fut -> log("callback runs"));
        log("added");
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Integer> work() {
        await(sleep(10));
        log("work returns");
        return Task.of(5);
    }

    @Async
    static Task<Void> cbTaskDoneCallbackBeforeAwaiter() {
        Task<Integer> t = createTask(CallbacksTwins::work);
        t.whenDone(task -> log("done callback", task.result()));
        log("awaiting");
        int v = await(t);
        log("awaiter resumed", v);
        t.whenDone(task -> log("late callback", task.result()));
        log("late added");
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Void> failAfterOne() {
        await(sleep(1));
        throw new Boom("task");
    }

    @Async
    private static Task<Void> forever() {
        await(sleep(1000));
        return Task.done();
    }

    @Async
    static Task<Void> cbDoneCallbackOfFailedAndCancelledTask() {
        Task<Void> a = createTask(CallbacksTwins::failAfterOne);
        Task<Void> b = createTask(CallbacksTwins::forever);
        a.whenDone(t -> log("a done, exception", t.exception()));
        b.whenDone(t -> log("b done, cancelled", t.isCancelled()));
        await(sleep(5));
        b.cancel();
        log("b cancel requested");
        await(sleep(0));
        log("after one turn");
        await(sleep(0));
        log("after two turns");
        return Task.done();
    }

    @Async
    static Task<Void> cbDoneCallbackExceptionIsReported() {
        Promise<Void> f = Task.promise();
        f.whenDone(fut -> {
            throw new Boom("done callback");
        });
        f.whenDone(fut -> log("second callback runs"));
        f.complete(null);
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbFutureResultWakesAwaiterNextTurn() {
        Loop loop = loop();
        Promise<String> f = Task.promise();
        loop.callLater(ms(10), () -> {
            f.complete("value");
            loop.callSoon(() -> log("queued after set_result"));
            log("set_result called");
        });
        log("awaiting");
        log("awaited", await(f));
        return Task.done();
    }

    @Async
    static Task<Void> cbCallSoonThreadsafeSameThread() {
        Loop loop = loop();
        loop.callSoon(() -> log("call_soon"));
        loop.callSoonThreadSafe(() -> log("call_soon_threadsafe"));
        loop.callSoon(() -> log("call_soon 2"));
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> cbCallLaterNegativeDelays() {
        Loop loop = loop();
        loop.callLater(ms(-1), () -> log("a"));
        loop.callLater(ms(-2), () -> log("b"));
        await(sleep(0));
        await(sleep(0));
        log("end");
        return Task.done();
    }
}
