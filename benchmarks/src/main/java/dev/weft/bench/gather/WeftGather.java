package dev.weft.bench.gather;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;

/** n tasks from {@code createTask}, each yielding once ({@code sleep(0)}) and returning its index, gathered. */
final class WeftGather {
    private WeftGather() {}

    static long run(int n) {
        return Weft.run(() -> fanOut(n));
    }

    /**
     * The same gather over the frames themselves: each {@code step(i)} called directly (it runs to its
     * yield at once, inside this loop), no {@code createTask} task. Not a contender: what the
     * {@code createTask} task adds to a gathered task is the difference to {@link #run}.
     */
    static long framesOnly(int n) {
        return Weft.run(() -> fanOutFrames(n));
    }

    @Async
    private static Task<Long> fanOut(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(Weft.createTask(() -> step(index)));
        }
        return Task.of(sum(await(Weft.gather(tasks))));
    }

    @Async
    private static Task<Long> fanOutFrames(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(step(i));
        }
        return Task.of(sum(await(Weft.gather(tasks))));
    }

    private static long sum(List<Integer> values) {
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        return sum;
    }

    @Async
    private static Task<Integer> step(int i) {
        await(Weft.sleep(0));
        return Task.of(i);
    }
}
