package dev.weft.bench.sleepers;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.bench.Heap;
import java.util.ArrayList;
import java.util.List;

/**
 * Weft: each sleeper is a {@code createTask} task whose coroutine awaits {@code sleep}; all run on
 * one {@code Weft.run} loop, and the heap is measured by the main coroutine while they sleep.
 */
public final class WeftSleepers extends SleepersProbe {
    private int count;
    private int woken;
    private Promise<Void> allWoken;

    @Override
    public String contender() {
        return "weft";
    }

    @Override
    long[] timed(int n, long ms) {
        return Weft.run(() -> timedMain(n, ms));
    }

    @Async
    private Task<long[]> timedMain(int n, long ms) {
        count = n;
        woken = 0;
        allWoken = Task.promise();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Weft.createTask(() -> sleeper(ms));
        }
        await(Weft.sleep(0)); // one turn: every sleeper has run up to its sleep
        long started = System.nanoTime() - t0;
        await(allWoken);
        return Task.of(new long[] {started, System.nanoTime() - t0});
    }

    @Async
    private Task<Void> sleeper(long ms) {
        await(Weft.sleep(ms));
        if (++woken == count) {
            allWoken.complete(null);
        }
        return Task.done();
    }

    @Override
    long held(int n, int depth, long ms) {
        return Weft.run(() -> heldMain(n, depth, ms)); // run() cancels the sleepers as it ends
    }

    @Async
    private static Task<Long> heldMain(int n, int depth, long ms) {
        long base = Heap.settledUsed();
        for (int i = 0; i < n; i++) {
            Weft.createTask(() -> nest(depth, ms));
        }
        await(Weft.sleep(0));
        check(Weft.loop().pendingTimers() == n, "not all sleeping");
        return Task.of(Heap.settledUsed() - base);
    }

    @Override
    long depthSum(int n, int depth, long ms) {
        return Weft.run(() -> depthSumMain(n, depth, ms));
    }

    @Async
    private static Task<Long> depthSumMain(int n, int depth, long ms) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(Weft.createTask(() -> nest(depth, ms)));
        }
        List<Integer> values = await(Weft.gather(tasks));
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        return Task.of(sum);
    }

    /** {@code depth} nested async frames; the innermost sleeps. Returns depth. */
    @Async
    private static Task<Integer> nest(int depth, long ms) {
        if (depth == 1) {
            await(Weft.sleep(ms));
            return Task.of(1);
        }
        int below = await(nest(depth - 1, ms));
        return Task.of(below + 1);
    }
}
