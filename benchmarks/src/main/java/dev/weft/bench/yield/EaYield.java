package dev.weft.bench.yield;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/** EA Async has no loop: a yield is awaiting a future that the run queue completes on its next pass. */
final class EaYield {
    private final RunQueue queue = new RunQueue();

    static int run(int coroutines, int yields) {
        EaYield y = new EaYield();
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] results = new CompletableFuture[coroutines];
        for (int i = 0; i < coroutines; i++) {
            int k = i;
            y.queue.post(() -> results[k] = y.yielder(yields / coroutines));
        }
        y.queue.drain();
        int n = 0;
        for (CompletableFuture<Integer> r : results) {
            n += r.join();
        }
        return n;
    }

    private CompletableFuture<Integer> yielder(int yields) {
        int n = 0;
        for (int i = 0; i < yields; i++) {
            await(pass());
            n++;
        }
        return CompletableFuture.completedFuture(n);
    }

    private CompletableFuture<Void> pass() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.post(() -> f.complete(null));
        return f;
    }
}
