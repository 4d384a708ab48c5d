package dev.weft.bench.awaitdone;

import static com.ea.async.Async.await;

import java.util.concurrent.CompletableFuture;

/** EA Async awaiting a future that is already complete. */
final class EaAwaitDone {
    private EaAwaitDone() {}

    static CompletableFuture<Long> sum(CompletableFuture<Integer> done, int times) {
        long sum = 0;
        for (int i = 0; i < times; i++) {
            sum += await(done);
        }
        return CompletableFuture.completedFuture(sum);
    }
}
