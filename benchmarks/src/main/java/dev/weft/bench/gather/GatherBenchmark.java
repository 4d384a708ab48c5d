package dev.weft.bench.gather;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 4: fan-out/fan-in. Starts 100k tasks, each suspending once (a trip through its loop)
 * and returning its index, and waits for all of them; ns per task. Checks the sum of the values.
 * {@link #weftFramesOnly()} gathers Weft's coroutines without a task each, to show what
 * {@code createTask}'s task costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(GatherBenchmark.TASKS)
public class GatherBenchmark {
    static final int TASKS = 100_000;

    @Benchmark
    public long weft() {
        return check(WeftGather.run(TASKS));
    }

    /**
     * Not a contender: {@link #weft()}'s gather over the coroutines' frames themselves, with no
     * {@code createTask} task per coroutine; what that task costs is the difference to {@code weft()}.
     */
    @Benchmark
    public long weftFramesOnly() {
        return check(WeftGather.framesOnly(TASKS));
    }

    @Benchmark
    public long callbacks() {
        return check(CallbackGather.run(TASKS));
    }

    @Benchmark
    public long eaAsync() {
        return check(EaGather.run(TASKS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public long virtualThreads() {
        return check(ThreadGather.run(TASKS));
    }

    @Benchmark
    public long kotlin() {
        return check(KotlinGather.run(TASKS));
    }

    @Benchmark
    public long cfAllOf() {
        return check(CfGather.run(TASKS));
    }

    private static long check(long sum) {
        long expected = (long) TASKS * (TASKS - 1) / 2;
        if (sum != expected) {
            throw new AssertionError("sum " + sum + " over " + TASKS + " tasks, expected " + expected);
        }
        return sum;
    }
}
