package dev.weft.bench.lock;

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
 * Workload 6: {@value #WORKERS} coroutines on one loop each take a lock {@value #ROUNDS} times,
 * holding it across one suspension (so the others queue and every release is a hand-off); ns per
 * acquisition. Each holder reads a counter, suspends, and writes it back plus one: the final count
 * shows that nobody got in while the lock was held. A thousand rounds, so that what one run sets up
 * (the loop, the hundred tasks and frames: about 18 KB for Weft) adds under 0.2 B to the bytes per
 * acquisition; with a hundred rounds it added about 2 B. {@link #weftTripsOnly()} is the floor of
 * Weft's figure: each acquisition makes two trips through the loop (the hand-off, then the holder's
 * suspension), as the hand-written contender posts two callbacks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LockBenchmark.WORKERS * LockBenchmark.ROUNDS)
public class LockBenchmark {
    static final int WORKERS = 100;
    static final int ROUNDS = 1_000;

    @Benchmark
    public int weft() {
        return check(WeftLock.run(WORKERS, ROUNDS));
    }

    /**
     * Not a contender: Weft's coroutines of {@link #weft()} making its two trips through the loop per
     * round with no lock, the floor under {@code weft()}: what the lock's own work adds is the difference.
     */
    @Benchmark
    public int weftTripsOnly() {
        return check(WeftLock.tripsOnly(WORKERS, ROUNDS));
    }

    @Benchmark
    public int callbacks() {
        return check(CallbackLock.run(WORKERS, ROUNDS));
    }

    @Benchmark
    public int eaAsync() {
        return check(EaLock.run(WORKERS, ROUNDS));
    }

    @Benchmark
    public int kotlin() {
        return check(KotlinLock.mutex(WORKERS, ROUNDS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public int virtualThreads() {
        return check(ThreadLock.run(WORKERS, ROUNDS));
    }

    private static int check(int count) {
        if (count != WORKERS * ROUNDS) {
            throw new AssertionError("count " + count + " after " + WORKERS * ROUNDS + " locked increments");
        }
        return count;
    }
}
