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

    @Async
    private static Task<Long> fanOut(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(Weft.createTask(() -> step(index)));
        }
        List<Integer> values = await(Weft.gather(tasks));
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        return Task.of(sum);
    }

    @Async
    private static Task<Integer> step(int i) {
        await(Weft.sleep(0));
        return Task.of(i);
    }
}
