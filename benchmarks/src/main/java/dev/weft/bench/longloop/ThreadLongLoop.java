package dev.weft.bench.longloop;

import dev.weft.bench.VirtualThreads;
import java.util.function.IntConsumer;

/**
 * Blocking code on one virtual thread that calls {@code Thread.yield()} on every iteration, which
 * unmounts it and schedules it again (the benchmark's fork runs the scheduler on one carrier).
 */
final class ThreadLongLoop {
    private ThreadLongLoop() {}

    static long run(int n, int mark, IntConsumer at) {
        long[] result = {-1};
        VirtualThreads.join(VirtualThreads.start(() -> result[0] = loop(n, mark, at)));
        return result[0];
    }

    private static long loop(int n, int mark, IntConsumer at) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (i == mark) {
                at.accept(i);
            }
            Thread.yield();
            sum += i;
        }
        at.accept(n);
        return sum;
    }
}
