package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.toThread;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Handle;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;

/** Twins of loop.py. */
final class LoopTwins {
    private LoopTwins() {
    }

    @Async
    static Task<Void> callSoonFifo() {
        Loop loop = Weft.loop();
        for (String n : new String[] {"A", "B", "C"}) {
            loop.callSoon(() -> log("callback", n));
        }
        log("scheduled");
        await(sleep(0));
        log("after one turn");
        return Task.done();
    }

    @Async
    static Task<Void> callSoonFromCallbackRunsNextTurn() {
        Loop loop = Weft.loop();
        loop.callSoon(() -> {
            log("first");
            loop.callSoon(() -> log("added by first"));
        });
        loop.callSoon(() -> log("second"));
        await(sleep(0));
        log("main after one turn");
        await(sleep(0));
        log("main after two turns");
        return Task.done();
    }

    @Async
    static Task<Void> callLaterInDeadlineOrder() {
        Loop loop = Weft.loop();
        loop.callLater(Duration.ofMillis(30), () -> log("thirty"));
        loop.callLater(Duration.ofMillis(10), () -> log("ten"));
        loop.callLater(Duration.ofMillis(20), () -> log("twenty"));
        await(sleep(40));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> callAtAndTime() {
        Loop loop = Weft.loop();
        await(sleep(5));
        loop.callAt(loop.time() + 10_000_000, () -> log("at 15"));
        await(sleep(20));
        return Task.done();
    }

    @Async
    static Task<Void> cancelledHandleNeverRuns() {
        Loop loop = Weft.loop();
        Handle h1 = loop.callSoon(() -> log("soon (wrong)"));
        Handle h2 = loop.callLater(Duration.ofMillis(10), () -> log("later (wrong)"));
        Handle h3 = loop.callLater(Duration.ofMillis(5), () -> log("kept"));
        h1.cancel();
        h2.cancel();
        log("cancelled", h1.isCancelled(), h2.isCancelled(), h3.isCancelled());
        await(sleep(20));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> callbackFailureIsReported() {
        Loop loop = Weft.loop();
        loop.callSoon(() -> {
            throw new Boom("callback");
        });
        loop.callSoon(() -> log("next callback"));
        await(sleep(0));
        log("main goes on");
        return Task.done();
    }

    @Async
    static Task<Void> sleepZeroLetsCallbacksRun() {
        Weft.loop().callSoon(() -> log("callback"));
        log("before sleep 0");
        await(sleep(0));
        log("after sleep 0");
        return Task.done();
    }

    @Async
    private static Task<Integer> work() {
        await(sleep(10));
        log("work returns");
        return Task.of(1);
    }

    @Async
    static Task<Void> doneCallbacksRunNextTurn() {
        Task<Integer> t = createTask(LoopTwins::work);
        t.whenDone(f -> log("callback 1, result", f.result()));
        t.whenDone(f -> log("callback 2"));
        log("awaited", await(t));
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> doneCallbackOnDoneTaskRunsNextTurn() {
        Task<Void> t = createTask(() -> sleep(1));
        await(t);
        t.whenDone(f -> log("callback"));
        log("added");
        await(sleep(0));
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Integer> quietWork() {
        await(sleep(10));
        return Task.of(1);
    }

    @Async
    static Task<Void> doneCallbackOrderWithAwaiter() {
        Task<Integer> t = createTask(LoopTwins::quietWork);
        Task<Void> a = createTask(() -> {
            await(t);
            log("awaiter resumed");
            return Task.done();
        });
        await(sleep(0));
        t.whenDone(f -> log("callback"));
        await(a);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> runCancelsLeftoverTasks() {
        createTask(() -> {
            try {
                await(sleep(1000));
            } finally {
                log("leftover finally");
            }
            return Task.done();
        });
        await(sleep(10));
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> runStartsTasksCreatedLastThenCancelsThem() {
        createTask(() -> {
            log("late task started");
            try {
                await(sleep(1000));
            } finally {
                log("late task finally");
            }
            return Task.done();
        });
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> runReportsFailureInLeftoverTask() {
        createTask(() -> {
            try {
                await(sleep(1000));
            } catch (CancelledException e) {
                throw new Boom("on cancel");
            }
            return Task.done();
        });
        await(sleep(1));
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> runWaitsForLeftoverCleanup() {
        createTask(() -> {
            try {
                await(sleep(1000));
            } finally {
                await(sleep(10));
                log("leftover cleaned up");
            }
            return Task.done();
        });
        await(sleep(1));
        log("main returns");
        return Task.done();
    }

    @Async
    static Task<Void> toThreadResult() {
        int x = 21;
        log("result", await(toThread(() -> x * 2)));
        return Task.done();
    }

    @Async
    static Task<Void> toThreadFailure() {
        try {
            await(toThread(() -> {
                throw new Boom("in thread");
            }));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> namedTasksAndCurrentTask() {
        Task<Void> t = createTask(() -> {
            log("current", currentTask().name());
            return Task.done();
        }, "worker");
        await(t);
        log("name", t.name());
        return Task.done();
    }

    @Async
    static Task<Void> allTasksCountsPending() {
        Task<Void> t1 = createTask(() -> sleep(10));
        Task<Void> t2 = createTask(() -> sleep(20));
        log("all", Weft.allTasks().size());
        await(t1);
        log("all", Weft.allTasks().size());
        await(t2);
        log("all", Weft.allTasks().size());
        return Task.done();
    }
}
