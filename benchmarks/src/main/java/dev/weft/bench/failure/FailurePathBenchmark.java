package dev.weft.bench.failure;

import dev.weft.Weft;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of async stack traces on the failure path: a failure thrown after a suspension and
 * rethrown by a chain of 1 or 10 awaiting coroutines, with traces on (the default) and off
 * ({@code -Dweft.asyncStackTraces=false}); ns per failure, each a fresh exception. The same chains
 * succeeding show the scale of one trip.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FailurePathBenchmark.TIMES)
public class FailurePathBenchmark {
    static final int TIMES = 100;
    static final String SWITCH = "weft.asyncStackTraces";

    /** Traces on, as by default. */
    @State(Scope.Benchmark)
    public static class On {
        @Setup
        public void on() {
            System.clearProperty(SWITCH);
        }
    }

    /** Traces off. */
    @State(Scope.Benchmark)
    public static class Off {
        @Setup
        public void off() {
            System.setProperty(SWITCH, "false");
        }

        @TearDown
        public void back() {
            System.clearProperty(SWITCH);
        }
    }

    @Benchmark
    public int weftDepth1(On on) {
        return check(Weft.run(() -> WeftFailurePath.failures(1, TIMES)));
    }

    @Benchmark
    public int weftDepth1NoTraces(Off off) {
        return check(Weft.run(() -> WeftFailurePath.failures(1, TIMES)));
    }

    @Benchmark
    public int weftDepth10(On on) {
        return check(Weft.run(() -> WeftFailurePath.failures(10, TIMES)));
    }

    @Benchmark
    public int weftDepth10NoTraces(Off off) {
        return check(Weft.run(() -> WeftFailurePath.failures(10, TIMES)));
    }

    @Benchmark
    public int weftDepth10Succeeding(On on) {
        return check(Weft.run(() -> WeftFailurePath.successes(10, TIMES)));
    }

    private static int check(int n) {
        if (n != TIMES) {
            throw new AssertionError(n);
        }
        return n;
    }
}
