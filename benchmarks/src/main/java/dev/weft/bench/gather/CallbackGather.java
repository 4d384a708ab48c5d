package dev.weft.bench.gather;

import dev.weft.bench.RunQueue;

/**
 * Hand-written: each task is a callback posted to the run queue (its start) that posts its
 * continuation (its one yield), which stores the value and counts down a shared counter.
 */
final class CallbackGather {
    private final RunQueue queue = new RunQueue();
    private final int[] values;
    private int pending;
    private long sum = -1;

    private CallbackGather(int n) {
        values = new int[n];
        pending = n;
    }

    static long run(int n) {
        CallbackGather g = new CallbackGather(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            g.queue.post(() -> g.start(index));
        }
        g.queue.drain();
        return g.sum;
    }

    private void start(int i) {
        queue.post(() -> finish(i));
    }

    private void finish(int i) {
        values[i] = i;
        if (--pending == 0) {
            long s = 0;
            for (int v : values) {
                s += v;
            }
            sum = s;
        }
    }
}
