package dev.weft.runtime;

import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.function.Supplier;

/**
 * Runs a test's main task on a loop with a virtual clock: time-based tests take no real time. The
 * body is a lambda written in the test ({@code Virtual.run(() -> { ... })}): see package-info for
 * the one style of async test bodies.
 */
final class Virtual {
    private Virtual() {
    }

    static <T> T run(Supplier<? extends Task<T>> main) {
        return Weft.run(main, RunOptions.defaults().withClock(LoopClock.virtual()));
    }

    /** Loop time in milliseconds; starts at 0 under a virtual clock. */
    static long nowMs() {
        return Weft.loop().time() / 1_000_000;
    }
}
