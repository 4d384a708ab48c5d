package dev.weft.bench.sleepers;

import static com.ea.async.Async.await;

import dev.weft.bench.Heap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EA Async, which has no timers: a sleep is a future that one shared {@link ScheduledThreadPoolExecutor}
 * completes, and EA resumes the awaiting method on that timer thread.
 */
public final class EaSleepers extends SleepersProbe {
    private ScheduledThreadPoolExecutor timer;
    private final AtomicInteger woken = new AtomicInteger();
    private int count;
    private CountDownLatch allWoken;

    @Override
    public String contender() {
        return "eaAsync";
    }

    private CompletableFuture<Void> sleep(long ms) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(null), ms, TimeUnit.MILLISECONDS);
        return f;
    }

    private CompletableFuture<Void> sleeper(long ms) {
        await(sleep(ms));
        if (woken.incrementAndGet() == count) {
            allWoken.countDown();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** {@code depth} nested async frames; the innermost sleeps. Returns depth. */
    private CompletableFuture<Integer> nest(int depth, long ms) {
        if (depth == 1) {
            await(sleep(ms));
            return CompletableFuture.completedFuture(1);
        }
        int below = await(nest(depth - 1, ms));
        return CompletableFuture.completedFuture(below + 1);
    }

    @Override
    long[] timed(int n, long ms) throws InterruptedException {
        timer = new ScheduledThreadPoolExecutor(1);
        try {
            count = n;
            woken.set(0);
            allWoken = new CountDownLatch(1);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sleeper(ms);
            }
            long started = System.nanoTime() - t0;
            allWoken.await();
            return new long[] {started, System.nanoTime() - t0};
        } finally {
            timer.shutdownNow();
        }
    }

    @Override
    long held(int n, int depth, long ms) {
        timer = new ScheduledThreadPoolExecutor(1);
        try {
            long base = Heap.settledUsed();
            for (int i = 0; i < n; i++) {
                nest(depth, ms);
            }
            check(timer.getQueue().size() == n, "not all sleeping");
            return Heap.settledUsed() - base;
        } finally {
            timer.shutdownNow();
        }
    }

    @Override
    long depthSum(int n, int depth, long ms) {
        timer = new ScheduledThreadPoolExecutor(1);
        try {
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer>[] all = new CompletableFuture[n];
            for (int i = 0; i < n; i++) {
                all[i] = nest(depth, ms);
            }
            long sum = 0;
            for (CompletableFuture<Integer> f : all) {
                sum += f.join();
            }
            return sum;
        } finally {
            timer.shutdownNow();
        }
    }
}
