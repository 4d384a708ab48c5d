package dev.weft.bench.sleepers;

import dev.weft.bench.Heap;
import dev.weft.bench.VirtualThreads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Virtual threads (default scheduler): each sleeper is a virtual thread in {@code Thread.sleep},
 * its frames plain nested calls. The heap is measured from the main thread while they sleep, and
 * they are interrupted afterwards.
 */
public final class VirtualThreadSleepers extends SleepersProbe {
    @Override
    public String contender() {
        return "virtualThreads";
    }

    @Override
    public boolean available() {
        return VirtualThreads.available();
    }

    @Override
    long[] timed(int n, long ms) throws InterruptedException {
        LongAdder started = new LongAdder();
        AtomicInteger woken = new AtomicInteger();
        CountDownLatch allWoken = new CountDownLatch(1);
        boolean[] failed = {false};
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            VirtualThreads.start(() -> {
                started.increment();
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    failed[0] = true;
                }
                if (woken.incrementAndGet() == n) {
                    allWoken.countDown();
                }
            });
        }
        waitFor(started, n);
        long startedNanos = System.nanoTime() - t0;
        allWoken.await();
        long fired = System.nanoTime() - t0;
        check(!failed[0], "a sleep was interrupted");
        return new long[] {startedNanos, fired};
    }

    @Override
    long held(int n, int depth, long ms) {
        Thread[] threads = new Thread[n]; // made before the baseline: filling it costs nothing more
        LongAdder started = new LongAdder();
        long base = Heap.settledUsed();
        for (int i = 0; i < n; i++) {
            threads[i] = VirtualThreads.start(() -> {
                started.increment();
                try {
                    nest(depth, ms);
                } catch (InterruptedException e) {
                    // the end of the measurement
                }
            });
        }
        waitFor(started, n);
        long used = Heap.settledUsed() - base;
        for (Thread t : threads) {
            check(t.isAlive(), "a sleeper ended early");
            t.interrupt();
        }
        for (Thread t : threads) {
            VirtualThreads.join(t);
        }
        return used;
    }

    @Override
    long depthSum(int n, int depth, long ms) {
        int[] values = new int[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = VirtualThreads.start(() -> {
                try {
                    values[index] = nest(depth, ms);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            VirtualThreads.join(threads[i]);
            sum += values[i];
        }
        return sum;
    }

    /** {@code depth} nested calls; the innermost sleeps. Returns depth. */
    private static int nest(int depth, long ms) throws InterruptedException {
        if (depth == 1) {
            Thread.sleep(ms);
            return 1;
        }
        return nest(depth - 1, ms) + 1;
    }

    private static void waitFor(LongAdder started, int n) {
        while (started.sum() < n) {
            LockSupport.parkNanos(100_000);
        }
    }
}
