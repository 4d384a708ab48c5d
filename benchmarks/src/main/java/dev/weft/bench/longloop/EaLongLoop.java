package dev.weft.bench.longloop;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * One EA Async method that awaits, on every iteration, a future the run queue completes on its
 * next trip: EA resumes on the completing thread, so the whole loop runs on the caller's thread.
 */
final class EaLongLoop {
    private final RunQueue queue = new RunQueue();

    static long run(int n, int mark, IntConsumer at) {
        EaLongLoop l = new EaLongLoop();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] result = new CompletableFuture[1];
        l.queue.post(() -> result[0] = l.loop(n, mark, at));
        l.queue.drain();
        return result[0].join();
    }

    private CompletableFuture<Long> loop(int n, int mark, IntConsumer at) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (i == mark) {
                at.accept(i);
            }
            await(nextTurn());
            sum += i;
        }
        at.accept(n);
        return CompletableFuture.completedFuture(sum);
    }

    private CompletableFuture<Void> nextTurn() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.post(() -> f.complete(null));
        return f;
    }
}
