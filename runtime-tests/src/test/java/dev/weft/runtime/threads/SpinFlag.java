package dev.weft.runtime.threads;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A flag one thread sets and another waits for by spinning: the nudge that makes one side of a
 * race go first, without a sleep, and without parking (a park would change the timing it nudges).
 */
final class SpinFlag {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    private volatile boolean set;

    void set() {
        set = true;
    }

    boolean isSet() {
        return set;
    }

    /** Spins until the flag is set; fails after 10 seconds, so that a lost signal fails instead of hanging. */
    void awaitSet(String what) {
        spinUntil(() -> set, what);
    }

    /** Spins until {@code condition} holds, within the same bound. */
    static void spinUntil(BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > BOUND_NANOS) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
