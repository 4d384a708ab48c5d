package dev.weft.bench.awaitdone;

import dev.weft.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 1: awaiting something already done, in a hot loop of {@value #TIMES} awaits; ns and
 * bytes per await. The baseline is {@code join()} on a completed CompletableFuture.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AwaitDoneBenchmark.TIMES)
public class AwaitDoneBenchmark {
    static final int TIMES = 1000;
    /** Over the Integer cache, so that a boxing contender would show in B/op. */
    private static final int VALUE = 1000;

    private final Task<Integer> task = Task.of(VALUE);
    private final CompletableFuture<Integer> future = CompletableFuture.completedFuture(VALUE);
    private final CompletableDeferred<Integer> deferred = CompletableDeferredKt.CompletableDeferred(VALUE);

    @Benchmark
    public long weft() {
        return check(WeftAwaitDone.sum(task, TIMES).result());
    }

    @Benchmark
    public long cfJoin() {
        long sum = 0;
        for (int i = 0; i < TIMES; i++) {
            sum += future.join();
        }
        return check(sum);
    }

    @Benchmark
    public long eaAsync() {
        return check(EaAwaitDone.sum(future, TIMES).join());
    }

    @Benchmark
    public long kotlin() {
        return check(KotlinAwaitDone.sum(deferred, TIMES));
    }

    private static long check(long sum) {
        if (sum != (long) VALUE * TIMES) {
            throw new AssertionError("sum " + sum);
        }
        return sum;
    }
}
