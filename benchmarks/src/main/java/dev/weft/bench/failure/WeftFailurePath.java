package dev.weft.bench.failure;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import java.time.Duration;

/** Failures that cross a chain of awaits: each coroutine of the chain suspends, then rethrows. */
final class WeftFailurePath {
    private WeftFailurePath() {}

    /** Awaits {@code times} chains that fail {@code depth} awaits below; returns how many it caught. */
    @Async
    static Task<Integer> failures(int depth, int times) {
        int caught = 0;
        for (int i = 0; i < times; i++) {
            try {
                await(chain(depth - 1));
            } catch (IllegalStateException e) {
                caught++;
            }
        }
        return Task.of(caught);
    }

    /** Awaits {@code times} chains that succeed {@code depth} awaits below (the success path, for scale). */
    @Async
    static Task<Integer> successes(int depth, int times) {
        int sum = 0;
        for (int i = 0; i < times; i++) {
            sum += await(succeeding(depth - 1));
        }
        return Task.of(sum);
    }

    /** Fails after a trip through the loop, {@code below} awaits below its caller's. */
    @Async
    static Task<Integer> chain(int below) {
        if (below == 0) {
            await(sleep(Duration.ZERO));
            throw new IllegalStateException("failed");
        }
        return Task.of(await(chain(below - 1)));
    }

    @Async
    static Task<Integer> succeeding(int below) {
        if (below == 0) {
            await(sleep(Duration.ZERO));
            return Task.of(1);
        }
        return Task.of(await(succeeding(below - 1)));
    }
}
