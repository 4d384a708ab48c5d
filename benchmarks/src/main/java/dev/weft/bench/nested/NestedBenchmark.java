package dev.weft.bench.nested;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 13: a chain of {@value #DEPTH} nested async calls in which every level suspends once (a
 * trip through the loop) before it calls the next, awaited {@value #CHAINS} times in a loop by one
 * coroutine; ns per chain. When the innermost level suspends, all ten frames are suspended above it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(NestedBenchmark.CHAINS)
public class NestedBenchmark {
    static final int DEPTH = 10;
    static final int CHAINS = 1_000;

    @Benchmark
    public long weft() {
        return check(WeftNested.run(CHAINS, DEPTH), CHAINS, DEPTH);
    }

    @Benchmark
    public long kotlin() {
        return check(KotlinNested.run(CHAINS, DEPTH), CHAINS, DEPTH);
    }

    @Benchmark
    public long eaAsync() {
        return check(EaNested.run(CHAINS, DEPTH), CHAINS, DEPTH);
    }

    /**
     * The sum every contender computes: chain {@code i} returns {@code i} plus the depth plus the
     * sum of its levels' depths, so a level skipped or a chain lost changes it.
     */
    static long expected(int chains, int depth) {
        long perChain = depth + (long) depth * (depth + 1) / 2;
        return (long) chains * (chains - 1) / 2 + chains * perChain;
    }

    static long check(long sum, int chains, int depth) {
        long expected = expected(chains, depth);
        if (sum != expected) {
            throw new AssertionError("sum " + sum + " after " + chains + " chains of depth " + depth + ", expected " + expected);
        }
        return sum;
    }
}
