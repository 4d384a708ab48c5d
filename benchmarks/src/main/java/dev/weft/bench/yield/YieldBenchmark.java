package dev.weft.bench.yield;

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
 * Workload 7: a yield (one trip through the loop) in one coroutine, and shared by two; ns per
 * yield, {@value #YIELDS} yields per invocation in all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(YieldBenchmark.YIELDS)
public class YieldBenchmark {
    static final int YIELDS = 10_000;

    @Benchmark
    public int weftOne() {
        return check(WeftYield.one(YIELDS));
    }

    @Benchmark
    public int weftTwo() {
        return check(WeftYield.two(YIELDS));
    }

    @Benchmark
    public int kotlinOne() {
        return check(KotlinYield.one(YIELDS));
    }

    @Benchmark
    public int kotlinTwo() {
        return check(KotlinYield.two(YIELDS));
    }

    @Benchmark
    public int callbacksOne() {
        return check(CallbackYield.run(1, YIELDS));
    }

    @Benchmark
    public int callbacksTwo() {
        return check(CallbackYield.run(2, YIELDS));
    }

    @Benchmark
    public int eaAsyncOne() {
        return check(EaYield.run(1, YIELDS));
    }

    @Benchmark
    public int eaAsyncTwo() {
        return check(EaYield.run(2, YIELDS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public int virtualThreadsOne() {
        return check(ThreadYield.run(1, YIELDS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public int virtualThreadsTwo() {
        return check(ThreadYield.run(2, YIELDS));
    }

    private static int check(int yields) {
        if (yields != YIELDS) {
            throw new AssertionError(yields + " yields, not " + YIELDS);
        }
        return yields;
    }
}
