package dev.weft.bench.sleepers;

import dev.weft.bench.Heap;

/**
 * Kotlin coroutines: each sleeper is a {@code launch}ed coroutine in {@code delay}, all on one
 * {@code runBlocking} loop ({@link KotlinSleepers}); the heap is measured inside it while they sleep.
 */
public final class KotlinSleepersProbe extends SleepersProbe {
    @Override
    public String contender() {
        return "kotlin";
    }

    @Override
    long[] timed(int n, long ms) {
        return KotlinSleepers.timed(n, ms);
    }

    @Override
    long held(int n, int depth, long ms) {
        return KotlinSleepers.held(n, depth, ms, Heap::settledUsed);
    }

    @Override
    long depthSum(int n, int depth, long ms) {
        return KotlinSleepers.depthSum(n, depth, ms);
    }
}
