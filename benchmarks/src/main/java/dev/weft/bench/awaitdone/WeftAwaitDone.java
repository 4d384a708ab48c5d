package dev.weft.bench.awaitdone;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;

/** A woven loop awaiting a task that is already done: every await takes the inline fast path. */
final class WeftAwaitDone {
    private WeftAwaitDone() {}

    @Async
    static Task<Long> sum(Task<Integer> done, int times) {
        long sum = 0;
        for (int i = 0; i < times; i++) {
            sum += await(done);
        }
        return Task.of(sum);
    }
}
