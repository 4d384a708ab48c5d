package dev.weft.bench.lock;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * EA Async: coroutines over a lock of futures (completed at once when free, else queued FIFO and
 * completed from the loop on release), yielding through the run queue while they hold it.
 */
final class EaLock {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final RunQueue loop = new RunQueue();
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private boolean held;
    private int count;

    static int run(int workers, int rounds) {
        EaLock lock = new EaLock();
        for (int w = 0; w < workers; w++) {
            lock.loop.post(() -> lock.work(rounds));
        }
        lock.loop.drain();
        return lock.count;
    }

    private CompletableFuture<Void> work(int rounds) {
        for (int i = 0; i < rounds; i++) {
            await(acquire());
            try {
                int seen = count;
                await(yieldNow());
                count = seen + 1;
            } finally {
                release();
            }
        }
        return DONE;
    }

    private CompletableFuture<Void> acquire() {
        if (!held) {
            held = true;
            return DONE;
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waiters.add(wait);
        return wait;
    }

    private void release() {
        CompletableFuture<Void> next = waiters.poll();
        if (next == null) {
            held = false;
        } else {
            loop.post(() -> next.complete(null));
        }
    }

    private CompletableFuture<Void> yieldNow() {
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.post(() -> later.complete(null));
        return later;
    }
}
