package dev.weft.bench.generator;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * EA Async: the generator as two coroutines, the consumer asking (a future the producer awaits)
 * and the producer answering (a future the consumer awaits, null at the end); and the bounded
 * queue as a producer and a consumer coroutine over a {@link LoopQueue}. Completions go through a
 * run queue, as EA Async would otherwise resume a coroutine inside the other's call.
 */
final class EaGenerator {
    private final RunQueue loop = new RunQueue();
    private CompletableFuture<Void> asked = new CompletableFuture<>();
    private CompletableFuture<Integer> answer;

    static long generator(int n) {
        EaGenerator g = new EaGenerator();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] sum = new CompletableFuture[1];
        g.loop.post(() -> g.produce(n));
        g.loop.post(() -> sum[0] = g.sum());
        g.loop.drain();
        return sum[0].join();
    }

    private CompletableFuture<Void> produce(int n) {
        for (int i = 0; i < n; i++) {
            await(asked);
            asked = new CompletableFuture<>();
            send(answer, i);
        }
        await(asked);
        send(answer, null);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Long> sum() {
        long sum = 0;
        for (;;) {
            answer = new CompletableFuture<>();
            CompletableFuture<Void> ask = asked;
            loop.post(() -> ask.complete(null));
            Integer item = await(answer);
            if (item == null) {
                return CompletableFuture.completedFuture(sum);
            }
            sum += item;
        }
    }

    private void send(CompletableFuture<Integer> to, Integer item) {
        loop.post(() -> to.complete(item));
    }

    static long queue(int n) {
        RunQueue loop = new RunQueue();
        LoopQueue items = new LoopQueue(loop, GeneratorBenchmark.CAPACITY);
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] sum = new CompletableFuture[1];
        loop.post(() -> fill(n, items));
        loop.post(() -> sum[0] = drain(n, items));
        loop.drain();
        return sum[0].join();
    }

    private static CompletableFuture<Void> fill(int n, LoopQueue items) {
        for (int i = 0; i < n; i++) {
            await(items.put(i));
        }
        return CompletableFuture.completedFuture(null);
    }

    private static CompletableFuture<Long> drain(int n, LoopQueue items) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(items.get());
        }
        return CompletableFuture.completedFuture(sum);
    }
}
