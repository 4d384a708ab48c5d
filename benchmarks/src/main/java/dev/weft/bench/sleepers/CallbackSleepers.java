package dev.weft.bench.sleepers;

import dev.weft.bench.Heap;
import java.util.function.IntConsumer;

/**
 * Hand-written callbacks, the lower bound: a sleeper is a callback in a {@link TimerLoop}, and
 * each further frame is one continuation lambda that holds its caller's continuation.
 */
public final class CallbackSleepers extends SleepersProbe {
    private int woken;

    @Override
    public String contender() {
        return "callbacks";
    }

    @Override
    long[] timed(int n, long ms) {
        TimerLoop loop = new TimerLoop();
        woken = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            loop.sleep(ms, () -> woken++);
        }
        long started = System.nanoTime() - t0;
        loop.run();
        long fired = System.nanoTime() - t0;
        check(woken == n, woken + " of " + n + " woke");
        return new long[] {started, fired};
    }

    @Override
    long held(int n, int depth, long ms) {
        TimerLoop loop = new TimerLoop();
        long base = Heap.settledUsed();
        for (int i = 0; i < n; i++) {
            nest(loop, depth, ms, v -> { });
        }
        check(loop.pending() == n, "not all sleeping");
        long used = Heap.settledUsed() - base;
        check(loop.pending() == n, "some fired");
        return used;
    }

    @Override
    long depthSum(int n, int depth, long ms) {
        TimerLoop loop = new TimerLoop();
        long[] sum = {0};
        for (int i = 0; i < n; i++) {
            nest(loop, depth, ms, v -> sum[0] += v);
        }
        loop.run();
        return sum[0];
    }

    /** {@code depth} frames: the innermost sleeps and gives 1 to its caller, each outer one adds 1. */
    private static void nest(TimerLoop loop, int depth, long ms, IntConsumer then) {
        if (depth == 1) {
            loop.sleep(ms, () -> then.accept(1));
        } else {
            nest(loop, depth - 1, ms, v -> then.accept(v + 1));
        }
    }
}
