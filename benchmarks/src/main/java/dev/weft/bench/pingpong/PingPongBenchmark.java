package dev.weft.bench.pingpong;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Workload 2: suspend/resume ping-pong between two coroutines on one loop; ns per round trip. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PingPongBenchmark.ROUNDS)
public class PingPongBenchmark {
    static final int ROUNDS = 10_000;

    @Benchmark
    public int weft() {
        return check(WeftPingPong.run(ROUNDS));
    }

    @Benchmark
    public int callbacks() {
        return check(CallbackPingPong.run(ROUNDS));
    }

    @Benchmark
    public int eaAsync() {
        return check(EaPingPong.run(ROUNDS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public int virtualThreads() {
        return check(ThreadPingPong.run(ROUNDS));
    }

    @Benchmark
    public int kotlinDeferred() {
        return check(KotlinPingPong.deferred(ROUNDS));
    }

    @Benchmark
    public int kotlinChannel() {
        return check(KotlinPingPong.channel(ROUNDS));
    }

    private static int check(int ball) {
        if (ball != ROUNDS) {
            throw new AssertionError("ball " + ball + " after " + ROUNDS + " rounds");
        }
        return ball;
    }
}
