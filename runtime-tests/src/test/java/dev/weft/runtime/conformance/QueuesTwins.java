package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.QueueEmptyException;
import dev.weft.sync.QueueFullException;
import dev.weft.sync.QueueShutDownException;
import java.util.ArrayList;
import java.util.List;

/** Twins of queues.py. */
final class QueuesTwins {
    private QueuesTwins() {
    }

    static List<Integer> drain3(AsyncQueue<Integer> q) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(q.getNowait());
        }
        return items;
    }

    @Async
    static Task<Void> queueFifoOrder() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        q.putNowait(1);
        q.putNowait(3);
        q.putNowait(2);
        log("items", drain3(q), "empty", q.isEmpty());
        return Task.done();
    }

    @Async
    static Task<Void> queueLifoOrder() {
        AsyncQueue<Integer> q = AsyncQueue.lifo();
        q.putNowait(1);
        q.putNowait(3);
        q.putNowait(2);
        log("items", drain3(q));
        return Task.done();
    }

    @Async
    static Task<Void> queuePriorityOrder() {
        AsyncQueue<Integer> q = AsyncQueue.priority();
        q.putNowait(1);
        q.putNowait(3);
        q.putNowait(2);
        log("items", drain3(q));
        return Task.done();
    }

    @Async
    static Task<Void> queueNonblockingExceptions() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        try {
            q.getNowait();
        } catch (QueueEmptyException e) {
            log("get raised", e);
        }
        q.putNowait(1);
        try {
            q.putNowait(2);
        } catch (QueueFullException e) {
            log("put raised", e, "size", q.size(), "full", q.isFull());
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueBlockingGetWait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        Task<Void> t = createTask(() -> {
            log("got", await(q.get()));
            return Task.done();
        });
        await(sleep(10));
        q.putNowait(7);
        log("put, size", q.size());
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> queueBlockingPutWait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        Task<Void> t = createTask(() -> {
            for (int i = 0; i < 3; i++) {
                await(q.put(i));
                log("put", i);
            }
            return Task.done();
        });
        for (int i = 0; i < 3; i++) {
            await(sleep(10));
            log("got", await(q.get()));
        }
        await(t);
        return Task.done();
    }

    @Async
    static Task<Void> queueSizeWhilePuttersWait() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        q.putNowait(0);
        Task<Void> p1 = createTask(() -> q.put(1));
        Task<Void> p2 = createTask(() -> q.put(2));
        await(sleep(0));
        log("got", q.getNowait(), "size", q.size(), "full", q.isFull());
        await(sleep(0));
        log("size", q.size(), "full", q.isFull());
        log("got", q.getNowait());
        await(gather(p1, p2));
        log("got", q.getNowait());
        return Task.done();
    }

    @Async
    static Task<Void> queuePutNowaitBesideBlockedPutter() {
        AsyncQueue<String> q = AsyncQueue.fifo(1);
        q.putNowait("a");
        Task<Void> t = createTask(() -> q.put("b"));
        await(sleep(0));
        log("got", q.getNowait());
        try {
            q.putNowait("c");
            log("put c");
        } catch (QueueFullException e) {
            log("put c raised QueueFull");
        }
        await(sleep(0));
        log("t done", t.isDone(), "size", q.size());
        while (!q.isEmpty()) {
            log("got", q.getNowait());
        }
        if (!t.isDone()) {
            log("got", await(q.get()));
            await(t);
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueGetWithWaitingPutters() {
        AsyncQueue<String> q = AsyncQueue.fifo(1);
        createTask(() -> q.put("a"));
        createTask(() -> q.put("b"));
        await(sleep(0));
        log("got", await(q.get()));
        log("got", await(q.get()));
        return Task.done();
    }

    @Async
    static Task<Void> queueWaitingGetterOfPriorityQueue() {
        AsyncQueue<Integer> q = AsyncQueue.priority();
        Task<Void> t = createTask(() -> {
            log("got", await(q.get()));
            return Task.done();
        });
        await(sleep(0));
        q.putNowait(3);
        q.putNowait(1);
        await(t);
        log("left", q.getNowait());
        return Task.done();
    }

    @Async
    static Task<Void> queueWaitingGetterOfLifoQueue() {
        AsyncQueue<Integer> q = AsyncQueue.lifo();
        Task<Void> t = createTask(() -> {
            log("got", await(q.get()));
            return Task.done();
        });
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        await(t);
        log("left", q.getNowait());
        return Task.done();
    }

    @Async
    static Task<Void> queueGetCancelDropsNoItem() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        Task<Integer> reader = createTask(q::get);
        await(sleep(0));
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        try {
            log("reader got", await(reader));
        } catch (CancelledException e) {
            log("reader cancelled, again got", await(q.get()));
        }
        return Task.done();
    }

    @Async
    static Task<Void> queuePutCancelDropsNoSlot() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        q.putNowait(1);
        Task<Void> writer = createTask(() -> q.put(2));
        await(sleep(0));
        log("got", q.getNowait());
        writer.cancel();
        try {
            await(writer);
            log("writer finished");
        } catch (CancelledException e) {
            log("writer cancelled");
            await(q.put(2));
        }
        log("got", q.getNowait(), "size", q.size());
        return Task.done();
    }

    @Async
    static Task<Void> queueCancelledGetterNotHeld() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        Task<String> g1 = createTask(q::get);
        Task<String> g2 = createTask(q::get);
        await(sleep(0));
        g1.cancel();
        await(sleep(0));
        q.putNowait("x");
        log("g2 got", await(g2), "g1 cancelled", g1.isCancelled());
        return Task.done();
    }

    @Async
    private static Task<Void> worker(AsyncQueue<Integer> q, String name) {
        while (true) {
            int item = await(q.get());
            await(sleep(10));
            log(name, "processed", item);
            q.taskDone();
        }
    }

    @Async
    static Task<Void> queueTaskDoneAndJoin() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        for (int i = 0; i < 3; i++) {
            q.putNowait(i);
        }
        Task<Void> w1 = createTask(() -> worker(q, "W1"));
        Task<Void> w2 = createTask(() -> worker(q, "W2"));
        await(q.join());
        log("joined");
        w1.cancel();
        w2.cancel();
        await(gatherSettled(w1, w2));
        return Task.done();
    }

    @Async
    static Task<Void> queueJoinEmpty() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        await(q.join());
        log("joined at once");
        return Task.done();
    }

    @Async
    static Task<Void> queueTaskDoneUnderflow() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        try {
            q.taskDone();
        } catch (IllegalStateException e) {
            // Java idiom: too many taskDone() calls are an IllegalStateException; asyncio raises ValueError.
            log("raised", "value");
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownNonempty() {
        AsyncQueue<String> q = AsyncQueue.fifo(1);
        q.putNowait("data");
        Task<Void> joinTask = createTask(q::join);
        Task<Void> putTask = createTask(() -> q.put("data2"));
        await(sleep(0));
        q.shutdown();
        log("size", q.size());
        await(sleep(0));
        try {
            await(putTask);
        } catch (QueueShutDownException e) {
            log("put raised", e);
        }
        log("got", await(q.get()));
        await(sleep(0));
        log("join done", joinTask.isDone());
        try {
            q.putNowait("x");
        } catch (QueueShutDownException e) {
            log("put_nowait raised", e);
        }
        try {
            await(q.get());
        } catch (QueueShutDownException e) {
            log("get raised", e);
        }
        q.taskDone();
        await(joinTask);
        log("joined");
        return Task.done();
    }

    @Async
    private static Task<Void> shutdownGetter(AsyncQueue<Integer> q, String name) {
        try {
            await(q.get());
        } catch (QueueShutDownException e) {
            log(name, "raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownWakesGetters() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        Task<Void> a = createTask(() -> shutdownGetter(q, "A"));
        Task<Void> b = createTask(() -> shutdownGetter(q, "B"));
        await(sleep(5));
        q.shutdown();
        await(gather(a, b));
        return Task.done();
    }

    @Async
    static Task<Void> queueShutdownImmediate() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        q.putNowait("a");
        q.putNowait("b");
        Task<Void> joinTask = createTask(q::join);
        log("got", await(q.get()));
        q.shutdown(true);
        log("size", q.size());
        await(sleep(0));
        log("join done", joinTask.isDone());
        try {
            q.getNowait();
        } catch (QueueShutDownException e) {
            log("get_nowait raised", e);
        }
        q.taskDone();
        try {
            q.taskDone();
        } catch (IllegalStateException e) {
            // Java idiom, as in queueTaskDoneUnderflow.
            log("task_done raised", "value");
        }
        await(sleep(0));
        log("join done", joinTask.isDone());
        return Task.done();
    }

    @Async
    static Task<Void> queueProducerConsumer() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(2);
        Task<Void> producer = createTask(() -> {
            for (int i = 0; i < 4; i++) {
                await(q.put(i));
                log("produced", i, "size", q.size());
            }
            await(q.put(-1));
            return Task.done();
        });
        Task<Void> consumer = createTask(() -> {
            int item;
            while ((item = await(q.get())) != -1) {
                log("consumed", item);
                await(sleep(10));
            }
            return Task.done();
        });
        await(gather(producer, consumer));
        return Task.done();
    }
}
