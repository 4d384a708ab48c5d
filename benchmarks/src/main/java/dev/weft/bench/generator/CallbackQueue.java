package dev.weft.bench.generator;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Hand-written callbacks over a {@link LoopQueue}: a producer and a consumer state machine that go
 * on synchronously while the queue lets them and register a callback when they must wait.
 */
final class CallbackQueue {
    private final RunQueue loop = new RunQueue();
    private final LoopQueue items = new LoopQueue(loop, GeneratorBenchmark.CAPACITY);
    private final int n;
    private int sent;
    private int received;
    private long sum;

    private CallbackQueue(int n) {
        this.n = n;
    }

    static long run(int n) {
        CallbackQueue q = new CallbackQueue(n);
        q.loop.post(q::produce);
        q.loop.post(q::consume);
        q.loop.drain();
        if (q.received != n) {
            throw new AssertionError("received " + q.received + " of " + n);
        }
        return q.sum;
    }

    private void produce() {
        while (sent < n) {
            CompletableFuture<Void> put = items.put(sent++);
            if (!put.isDone()) {
                put.thenRun(this::produce);
                return;
            }
        }
    }

    private void consume() {
        while (received < n) {
            CompletableFuture<Integer> get = items.get();
            if (!get.isDone()) {
                get.thenAccept(this::consumeFrom);
                return;
            }
            add(get.join());
        }
    }

    private void consumeFrom(Integer item) {
        add(item);
        consume();
    }

    private void add(int item) {
        sum += item;
        received++;
    }
}
