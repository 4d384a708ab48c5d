package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.loop;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.QueueEmptyException;
import dev.weft.sync.QueueFullException;
import dev.weft.sync.QueueShutDownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Twins of queue_waiters.py. */
final class QueueWaitersTwins {
    private QueueWaitersTwins() {
    }

    private static List<Integer> drain(AsyncQueue<Integer> q, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Async
    static Task<Void> queueFifoLifoPriorityOrder() {
        List<String> names = List.of("fifo", "lifo", "priority");
        List<AsyncQueue<Integer>> queues = List.of(AsyncQueue.fifo(), AsyncQueue.lifo(), AsyncQueue.priority());
        for (int k = 0; k < 3; k++) {
            AsyncQueue<Integer> q = queues.get(k);
            q.putNowait(1);
            q.putNowait(3);
            q.putNowait(2);
            log(names.get(k), drain(q, 3));
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueEmptyFullNowait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        log("empty", q.isEmpty(), "full", q.isFull(), "maxsize", q.maxsize());
        try {
            q.getNowait();
        } catch (QueueEmptyException e) {
            log("get_nowait", e);
        }
        q.putNowait(1);
        log("empty", q.isEmpty(), "full", q.isFull(), "qsize", q.size());
        try {
            q.putNowait(2);
        } catch (QueueFullException e) {
            log("put_nowait", e);
        }
        log("got", await(q.get()));
        return Task.done();
    }

    @Async
    static Task<Boolean> putThree(AsyncQueue<Integer> q, List<Integer> put) {
        for (int i = 0; i < 3; i++) {
            await(q.put(i));
            put.add(i);
        }
        return Task.of(true);
    }

    @Async
    static Task<Void> queueMaxsizeBlocksPutter() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(2);
        List<Integer> put = new ArrayList<>();
        Task<Boolean> t = createTask(() -> putThree(q, put));
        for (int i = 0; i < 2; i++) {
            await(sleep(0));
        }
        log("put", put, "full", q.isFull());
        log("got", await(q.get()));
        await(sleep(0));
        log("put", put);
        int a = await(q.get());
        int b = await(q.get());
        log("got", a, b, "done", t.isDone(), t.result());
        return Task.done();
    }

    @Async
    static Task<Integer> startedGetter(AsyncQueue<Integer> q, AsyncEvent started) {
        started.set();
        int res = await(q.get());
        log("getter got", res);
        return Task.of(res);
    }

    @Async
    static Task<Void> queueGetWokenByTimerPut() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        AsyncEvent started = AsyncEvent.create();
        Task<Integer> t = createTask(() -> startedGetter(q, started));
        await(started.waitSet());
        log("getter started");
        loop().callLater(Duration.ofMillis(10), () -> q.putNowait(1));
        log("result", await(t));
        return Task.done();
    }

    @Async
    static Task<Void> queueGetCancelledRace() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        Task<String> t1 = createTask(q::get);
        Task<String> t2 = createTask(q::get);
        await(sleep(0));
        t1.cancel();
        await(sleep(0));
        log("t1 done", t1.isDone(), "cancelled", t1.isCancelled());
        await(q.put("a"));
        await(sleep(0));
        log("t2 got", await(t2));
        return Task.done();
    }

    @Async
    static Task<Void> queueGetBeforePuttersRun() {
        AsyncQueue<String> q = AsyncQueue.fifo(1);
        createTask(() -> q.put("a"));
        createTask(() -> q.put("b"));
        log("got", await(q.get()));
        log("got", await(q.get()));
        return Task.done();
    }

    @Async
    static Task<Void> consumer(AsyncQueue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            log("consumer got", await(q.get()));
        }
        return Task.done();
    }

    @Async
    static Task<Void> producer(AsyncQueue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            await(q.put(i));
            log("producer put", i);
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueProducerConsumerSteps() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        await(gather(createTask(() -> producer(q, 4)), createTask(() -> consumer(q, 4))));
        log("end empty", q.isEmpty());
        return Task.done();
    }

    @Async
    static Task<Void> sizedPutter(AsyncQueue<Integer> q, int item) {
        await(q.put(item));
        log("put", item, "qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> nowaitGetter(AsyncQueue<Integer> q) {
        await(sleep(0));
        int num = q.size();
        for (int i = 0; i < num; i++) {
            log("get_nowait", q.getNowait());
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueWhyArePuttersWaiting() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(2);
        List<Task<Void>> ts = new ArrayList<>();
        ts.add(createTask(() -> nowaitGetter(q)));
        for (int i = 0; i < 4; i++) {
            int item = i;
            ts.add(createTask(() -> sizedPutter(q, item)));
        }
        await(gather(ts));
        log("end qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queueGetCancelDropOnePendingReader() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        Task<Integer> reader = createTask(q::get);
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        try {
            await(reader);
            log("reader got it despite cancel");
        } catch (CancelledException e) {
            log("reader cancelled, qsize", q.size());
            reader = createTask(q::get);
            await(reader);
        }
        log("result", reader.result(), "qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queueGetCancelDropManyPendingReaders() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        Task<Integer> r1 = createTask(q::get);
        Task<Integer> r2 = createTask(q::get);
        Task<Integer> r3 = createTask(q::get);
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        r1.cancel();
        try {
            await(r1);
        } catch (CancelledException e) {
            log("r1 cancelled");
        }
        await(waitFor(r3, Duration.ofMillis(100))); // a bound instead of a hang if the items went elsewhere
        await(r2);
        List<Integer> results = new ArrayList<>(List.of(r2.result(), r3.result()));
        results.sort(null);
        log("results", results, "qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queuePutCancelDrop() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        q.putNowait(1);
        Task<Void> writer = createTask(() -> q.put(2));
        await(sleep(0));
        log("got", q.getNowait());
        writer.cancel();
        try {
            await(writer);
            log("writer put despite cancel");
        } catch (CancelledException e) {
            log("writer cancelled");
            writer = createTask(() -> q.put(2));
            await(writer);
        }
        log("got", q.getNowait(), "qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queuePutCancelledRace() {
        AsyncQueue<String> q = AsyncQueue.fifo(1);
        Task<Void> putA = createTask(() -> q.put("a"));
        Task<Void> putB = createTask(() -> q.put("b"));
        Task<Void> putC = createTask(() -> q.put("X"));
        await(sleep(0));
        log("a done", putA.isDone(), "b done", putB.isDone());
        putC.cancel();
        await(sleep(0));
        log("c done", putC.isDone());
        log("got", q.getNowait());
        await(sleep(0));
        log("got", q.getNowait());
        await(putB);
        log("qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queuePutWithWaitingGetters() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        Task<String> t = createTask(q::get);
        await(sleep(0));
        await(q.put("a"));
        log("after put qsize", q.size(), "empty", q.isEmpty());
        log("getter got", await(t), "qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queueQsizeFullWhilePuttersWait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int item = i;
            ts.add(createTask(() -> q.put(item)));
        }
        await(sleep(0));
        log("qsize", q.size(), "full", q.isFull(), "done", doneFlags(ts));
        int got = await(q.get());
        log("got", got, "qsize", q.size(), "full", q.isFull());
        await(sleep(0));
        log("qsize", q.size(), "full", q.isFull(), "done", doneFlags(ts));
        int a = await(q.get());
        int b = await(q.get());
        log("got", a, b);
        return Task.done();
    }

    private static List<Boolean> doneFlags(List<? extends Task<?>> ts) {
        List<Boolean> flags = new ArrayList<>();
        for (Task<?> t : ts) {
            flags.add(t.isDone());
        }
        return flags;
    }

    @Async
    static Task<Void> queueCancelledPutAfterGetNowait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        q.putNowait(1);
        Task<Void> putTask = createTask(() -> q.put(1));
        await(sleep(0));
        q.getNowait();
        putTask.cancel();
        try {
            await(putTask);
            log("put done");
        } catch (CancelledException e) {
            log("caught", e);
        }
        log("qsize", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queueGetTimeoutLeavesNoGetter() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(5);
        try {
            await(waitFor(q.get(), Duration.ofMillis(10)));
        } catch (AsyncTimeoutException e) {
            log("caught", e);
        }
        q.putNowait(7);
        log("qsize", q.size(), "got", q.getNowait());
        return Task.done();
    }

    @Async
    static Task<Void> priorityQueueWaitingGetterGetsLowest() {
        AsyncQueue<Integer> q = AsyncQueue.priority();
        Task<Integer> t = createTask(q::get);
        await(sleep(0));
        q.putNowait(5);
        q.putNowait(1);
        q.putNowait(3);
        log("getter got", await(t), "left", drain(q, 2));
        return Task.done();
    }

    @Async
    static Task<Void> lifoQueueWaitingGetterGetsLast() {
        AsyncQueue<Integer> q = AsyncQueue.lifo();
        Task<Integer> t = createTask(q::get);
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        log("getter got", await(t), "left", q.getNowait());
        return Task.done();
    }

    @Async
    static Task<Void> queueJoinEmptyAndTaskDoneUnderflow() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        await(q.join());
        await(q.join());
        log("joined twice");
        try {
            q.taskDone();
        } catch (IllegalStateException e) {
            // Deliberate: Java's idiom for a call made in the wrong state; asyncio raises ValueError.
            log("task_done", "value");
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownEmpty() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        Task<String> getTask = createTask(q::get);
        await(sleep(0));
        q.shutdown(false);
        log("qsize", q.size());
        await(q.join());
        log("joined");
        await(sleep(0));
        log("get done", getTask.isDone());
        try {
            await(getTask);
        } catch (QueueShutDownException e) {
            log("get", e);
        }
        try {
            await(q.put("data"));
        } catch (QueueShutDownException e) {
            log("put", e);
        }
        try {
            q.putNowait("data");
        } catch (QueueShutDownException e) {
            log("put_nowait", e);
        }
        try {
            await(q.get());
        } catch (QueueShutDownException e) {
            log("get", e);
        }
        try {
            q.getNowait();
        } catch (QueueShutDownException e) {
            log("get_nowait", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownImmediateReleasesJoin() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        q.putNowait("data");
        Task<Void> joinTask = createTask(q::join);
        q.shutdown(true);
        log("qsize", q.size());
        await(sleep(0));
        log("join done", joinTask.isDone());
        await(joinTask);
        try {
            q.getNowait();
        } catch (QueueShutDownException e) {
            log("get_nowait", e);
        }
        try {
            q.taskDone();
        } catch (IllegalStateException e) {
            // Deliberate: Java's idiom for a call made in the wrong state; asyncio raises ValueError.
            log("task_done", "value");
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownImmediateWithUnfinished() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        q.putNowait("data");
        q.putNowait("data");
        Task<Void> joinTask = createTask(q::join);
        log("got", await(q.get()));
        q.shutdown(true);
        log("qsize", q.size());
        await(sleep(0));
        log("join done", joinTask.isDone());
        q.taskDone();
        await(sleep(0));
        log("join done", joinTask.isDone());
        await(joinTask);
        return Task.done();
    }

    @Async
    static Task<Void> shutGetter(AsyncQueue<Integer> q, int n) {
        try {
            await(q.get());
        } catch (QueueShutDownException e) {
            log("getter", n, e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> shutPutter(AsyncQueue<Integer> q, int n) {
        try {
            await(q.put(n));
        } catch (QueueShutDownException e) {
            log("putter", n, e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownWakesGettersAndPutters() {
        AsyncQueue<Integer> empty = AsyncQueue.fifo();
        AsyncQueue<Integer> full = AsyncQueue.fifo(1);
        full.putNowait(0);
        Task<Void> g1 = createTask(() -> shutGetter(empty, 1));
        Task<Void> g2 = createTask(() -> shutGetter(empty, 2));
        Task<Void> p1 = createTask(() -> shutPutter(full, 1));
        Task<Void> p2 = createTask(() -> shutPutter(full, 2));
        await(sleep(0));
        empty.shutdown();
        full.shutdown();
        log("shut down");
        await(gather(g1, g2, p1, p2));
        log("full still holds", full.getNowait());
        return Task.done();
    }
}
