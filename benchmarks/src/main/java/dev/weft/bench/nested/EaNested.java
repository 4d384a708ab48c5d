package dev.weft.bench.nested;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * EA Async: each level is a method returning a {@link CompletableFuture} that awaits a future the run
 * queue completes on its next pass, then awaits the next level.
 */
final class EaNested {
    private final RunQueue queue = new RunQueue();

    static long run(int chains, int depth) {
        EaNested n = new EaNested();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] result = new CompletableFuture[1];
        n.queue.post(() -> result[0] = n.loop(chains, depth));
        n.queue.drain();
        return result[0].join();
    }

    private CompletableFuture<Long> loop(int chains, int depth) {
        long sum = 0;
        for (int i = 0; i < chains; i++) {
            sum += await(level(i, depth));
        }
        return CompletableFuture.completedFuture(sum);
    }

    private CompletableFuture<Long> level(long seed, int depth) {
        await(nextTurn());
        long below = depth == 1 ? seed : await(level(seed, depth - 1));
        return CompletableFuture.completedFuture(below + depth + 1);
    }

    private CompletableFuture<Void> nextTurn() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.post(() -> f.complete(null));
        return f;
    }
}
