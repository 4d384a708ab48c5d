package dev.weft.bench.longloop;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 8: one coroutine that suspends for real (a trip through its loop) a million times in
 * one invocation; ns per iteration. {@link LongLoopHeapProbe} measures the heap such a loop keeps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LongLoopBenchmark.ITERATIONS)
public class LongLoopBenchmark {
    static final int ITERATIONS = 1_000_000;
    /** No checkpoint: the mark is never reached and the end-of-loop call does nothing. */
    private static final int NO_MARK = -1;
    private static final IntConsumer NOTHING = i -> { };

    @Benchmark
    public long weft() {
        return check(WeftLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    @Benchmark
    public long callbacks() {
        return check(CallbackLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    @Benchmark
    public long eaAsync() {
        return check(EaLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public long virtualThreads() {
        return check(ThreadLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    @Benchmark
    public long kotlin() {
        return check(KotlinLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    @Benchmark
    public long cfCompose() {
        return check(CfLongLoop.run(ITERATIONS, NO_MARK, NOTHING));
    }

    static long check(long sum) {
        return check(sum, ITERATIONS);
    }

    static long check(long sum, int n) {
        long expected = (long) n * (n - 1) / 2;
        if (sum != expected) {
            throw new AssertionError("sum " + sum + " after " + n + " iterations, expected " + expected);
        }
        return sum;
    }
}
