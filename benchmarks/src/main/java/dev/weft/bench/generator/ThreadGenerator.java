package dev.weft.bench.generator;

import dev.weft.bench.VirtualThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Blocking code on two virtual threads (one carrier, set by the benchmark's fork): the generator
 * is a {@link SynchronousQueue} hand-off ended by a sentinel, the bounded queue an
 * {@link ArrayBlockingQueue} of the same capacity as the others.
 */
final class ThreadGenerator {
    private static final Integer END = -1;

    private ThreadGenerator() {}

    static long generator(int n) {
        return run(n, new SynchronousQueue<>(), true);
    }

    static long queue(int n) {
        return run(n, new ArrayBlockingQueue<>(GeneratorBenchmark.CAPACITY), false);
    }

    private static long run(int n, BlockingQueue<Integer> items, boolean endWithSentinel) {
        long[] sum = new long[1];
        Thread consumer = VirtualThreads.start(() -> sum[0] = endWithSentinel ? sumUntilEnd(items) : sum(n, items));
        Thread producer = VirtualThreads.start(() -> {
            for (int i = 0; i < n; i++) {
                put(items, i);
            }
            if (endWithSentinel) {
                put(items, END);
            }
        });
        VirtualThreads.join(producer);
        VirtualThreads.join(consumer);
        return sum[0];
    }

    private static long sumUntilEnd(BlockingQueue<Integer> items) {
        long sum = 0;
        for (Integer item; !(item = take(items)).equals(END); ) {
            sum += item;
        }
        return sum;
    }

    private static long sum(int n, BlockingQueue<Integer> items) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += take(items);
        }
        return sum;
    }

    private static void put(BlockingQueue<Integer> items, Integer item) {
        try {
            items.put(item);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer take(BlockingQueue<Integer> items) {
        try {
            return items.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
