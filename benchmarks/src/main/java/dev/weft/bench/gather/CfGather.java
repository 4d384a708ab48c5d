package dev.weft.bench.gather;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * CompletableFuture chains: each task is {@code supplyAsync} (started on the run queue's next
 * trip) then {@code thenApplyAsync} (one more trip), joined by {@code allOf}.
 */
final class CfGather {
    private CfGather() {}

    static long run(int n) {
        RunQueue queue = new RunQueue();
        Executor loop = queue::post;
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] tasks = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks[i] = CompletableFuture.supplyAsync(() -> index, loop).thenApplyAsync(v -> v, loop);
        }
        CompletableFuture<Long> all = CompletableFuture.allOf(tasks).thenApply(v -> {
            long sum = 0;
            for (CompletableFuture<Integer> t : tasks) {
                sum += t.join();
            }
            return sum;
        });
        queue.drain();
        return all.join();
    }
}
