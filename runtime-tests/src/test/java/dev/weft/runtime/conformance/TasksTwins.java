package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.Task;
import java.util.List;

/** Twins of tasks.py. */
final class TasksTwins {
    private TasksTwins() {
    }

    @Async
    static Task<String> worker(String name, long delay) {
        log(name, "start");
        await(sleep(delay));
        log(name, "done");
        return Task.of(name);
    }

    @Async
    static Task<Void> createTaskRunsNextTurn() {
        Task<String> t = createTask(() -> worker("A", 0));
        log("created");
        await(sleep(0));
        log("after one turn");
        log("result", await(t));
        return Task.done();
    }

    @Async
    static Task<Void> tasksStartInCreationOrder() {
        Task<String> a = createTask(() -> worker("A", 0));
        Task<String> b = createTask(() -> worker("B", 0));
        Task<String> c = createTask(() -> worker("C", 0));
        log("gathered", await(gather(a, b, c)));
        return Task.done();
    }

    @Async
    static Task<Void> spin(String name) {
        for (int i = 0; i < 3; i++) {
            log(name, i);
            await(sleep(0));
        }
        return Task.done();
    }

    @Async
    static Task<Void> sleepZeroInterleavesRoundRobin() {
        Task<Void> a = createTask(() -> spin("A"));
        Task<Void> b = createTask(() -> spin("B"));
        await(a);
        await(b);
        log("end");
        return Task.done();
    }

    @Async
    static Task<Void> timersFireInDeadlineOrder() {
        Task<String> s = createTask(() -> worker("slow", 300));
        Task<String> f = createTask(() -> worker("fast", 100));
        Task<String> m = createTask(() -> worker("mid", 200));
        await(gather(s, f, m));
        log("end");
        return Task.done();
    }

    @Async
    static Task<String> inlineInner(String name) {
        log(name, "inner");
        return Task.of(name + "!");
    }

    @Async
    static Task<Void> inlineOuter(String name) {
        log(name, "outer start");
        String v = await(inlineInner(name));
        log(name, "outer got", v);
        return Task.done();
    }

    @Async
    static Task<Void> awaitCoroutineRunsInline() {
        Task<Void> a = createTask(() -> inlineOuter("A"));
        Task<Void> b = createTask(() -> inlineOuter("B"));
        await(gather(a, b));
        return Task.done();
    }

    @Async
    static Task<Integer> sleepyInner(String name) {
        await(sleep(0));
        log(name, "inner done");
        return Task.of(1);
    }

    @Async
    static Task<Void> sleepyOuter(String name) {
        int v = await(sleepyInner(name));
        log(name, "after inner", v);
        return Task.done();
    }

    @Async
    static Task<Void> awaitChainAfterSleepContinuesInline() {
        // gather(outer("A"), outer("B")) wraps the coroutines in tasks: createTask is the twin.
        await(gather(createTask(() -> sleepyOuter("A")), createTask(() -> sleepyOuter("B"))));
        log("end");
        return Task.done();
    }

    @Async
    private static Task<Void> bad() {
        await(sleep(10));
        throw new Boom("bad");
    }

    @Async
    static Task<Void> taskFailureSurfacesAtAwait() {
        Task<Void> t = createTask(TasksTwins::bad);
        try {
            await(t);
        } catch (Boom e) {
            log("caught", e);
        }
        log("done", t.isDone(), "cancelled", t.isCancelled(), "exception", t.exception());
        return Task.done();
    }

    @Async
    static Task<Void> mainFailureIsRaisedByRun() {
        await(sleep(5));
        throw new Boom("main");
    }

    @Async
    static Task<Integer> mainResultIsReturnedByRun() {
        await(sleep(5));
        return Task.of(42);
    }

    @Async
    private static Task<Integer> deepInner(String name) {
        await(sleep(0));
        log(name, "inner");
        return Task.of(1);
    }

    @Async
    private static Task<Integer> deepMiddle(String name) {
        int v = await(deepInner(name));
        log(name, "middle");
        return Task.of(v + 1);
    }

    @Async
    private static Task<Void> deepOuter(String name) {
        int v = await(deepMiddle(name));
        log(name, "outer", v);
        return Task.done();
    }

    @Async
    static Task<Void> deepAwaitChainUnwindsInOneStep() {
        await(gather(createTask(() -> deepOuter("A")), createTask(() -> deepOuter("B"))));
        return Task.done();
    }

    @Async
    static Task<Void> awaitDoneTaskDoesNotYield() {
        Task<String> t = createTask(() -> worker("A", 0));
        await(sleep(10));
        Task<Void> o = createTask(() -> {
            log("other ran");
            return Task.done();
        });
        log("result", await(t), "other done", o.isDone());
        await(o);
        return Task.done();
    }

    @Async
    static Task<Void> resultBeforeDoneRaises() {
        Task<String> t = createTask(() -> worker("A", 10));
        try {
            t.result();
        } catch (IllegalStateException e) {
            log("raised", e);
        }
        await(t);
        return Task.done();
    }
}
