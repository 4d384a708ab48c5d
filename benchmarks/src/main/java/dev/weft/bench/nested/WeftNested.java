package dev.weft.bench.nested;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/** Weft: each level is an {@code @Async} method that yields ({@code sleep(0)}) and awaits the next. */
final class WeftNested {
    private WeftNested() {}

    static long run(int chains, int depth) {
        return Weft.run(() -> loop(chains, depth));
    }

    @Async
    private static Task<Long> loop(int chains, int depth) {
        long sum = 0;
        for (int i = 0; i < chains; i++) {
            sum += await(level(i, depth));
        }
        return Task.of(sum);
    }

    /** {@code seed + depth + (depth + (depth - 1) + ... + 1)}: one suspension per level. */
    @Async
    private static Task<Long> level(long seed, int depth) {
        await(Weft.sleep(0));
        long below = depth == 1 ? seed : await(level(seed, depth - 1));
        return Task.of(below + depth + 1);
    }
}
