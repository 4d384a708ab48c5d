package dev.weft.bench.gather;

import dev.weft.bench.VirtualThreads;

/** n virtual threads, each calling {@code Thread.yield()} once and storing its index, all joined. */
final class ThreadGather {
    private ThreadGather() {}

    static long run(int n) {
        int[] values = new int[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = VirtualThreads.start(() -> {
                Thread.yield();
                values[index] = index;
            });
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            VirtualThreads.join(threads[i]);
            sum += values[i];
        }
        return sum;
    }
}
