package dev.weft.bench.longloop;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * The loop as CompletableFuture composition, the usual way to write it without an await: each
 * iteration is {@code nextTurn().thenCompose(v -> loop(i + 1))}, on a same-thread run queue.
 */
final class CfLongLoop {
    private CfLongLoop() {}

    static long run(int n, int mark, IntConsumer at) {
        RunQueue queue = new RunQueue();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] result = new CompletableFuture[1];
        queue.post(() -> result[0] = loop(queue, 0, 0, n, mark, at));
        queue.drain();
        return result[0].join();
    }

    private static CompletableFuture<Long> loop(RunQueue queue, int i, long sum, int n, int mark, IntConsumer at) {
        if (i == mark) {
            at.accept(i);
        }
        if (i == n) {
            at.accept(n);
            return CompletableFuture.completedFuture(sum);
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        queue.post(() -> next.complete(null));
        return next.thenCompose(v -> loop(queue, i + 1, sum + i, n, mark, at));
    }
}
