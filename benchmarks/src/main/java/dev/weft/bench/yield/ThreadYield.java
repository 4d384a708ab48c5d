package dev.weft.bench.yield;

import dev.weft.bench.VirtualThreads;

/** Virtual threads calling {@code Thread.yield()} on one carrier (the fork sets parallelism to 1). */
final class ThreadYield {
    private ThreadYield() {}

    static int run(int threads, int yields) {
        int each = yields / threads;
        int[] done = new int[threads];
        Thread[] all = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int k = i;
            all[i] = VirtualThreads.start(() -> {
                for (int j = 0; j < each; j++) {
                    Thread.yield();
                    done[k]++;
                }
            });
        }
        int n = 0;
        for (int i = 0; i < threads; i++) {
            VirtualThreads.join(all[i]);
            n += done[i];
        }
        return n;
    }
}
