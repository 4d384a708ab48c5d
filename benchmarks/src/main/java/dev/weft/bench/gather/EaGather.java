package dev.weft.bench.gather;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * EA Async: n async methods, each awaiting a future the run queue completes on its next trip and
 * returning its index, then {@code await(allOf(...))}. EA has no task start: a call runs at once
 * up to its first await.
 */
final class EaGather {
    private final RunQueue queue = new RunQueue();

    static long run(int n) {
        EaGather g = new EaGather();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] result = new CompletableFuture[1];
        g.queue.post(() -> result[0] = g.fanOut(n));
        g.queue.drain();
        return result[0].join();
    }

    private CompletableFuture<Long> fanOut(int n) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] tasks = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = step(i);
        }
        await(CompletableFuture.allOf(tasks));
        long sum = 0;
        for (CompletableFuture<Integer> t : tasks) {
            sum += t.join();
        }
        return CompletableFuture.completedFuture(sum);
    }

    private CompletableFuture<Integer> step(int i) {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        queue.post(() -> turn.complete(null));
        await(turn);
        return CompletableFuture.completedFuture(i);
    }
}
