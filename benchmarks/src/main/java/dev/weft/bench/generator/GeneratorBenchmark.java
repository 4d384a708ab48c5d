package dev.weft.bench.generator;

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
 * Workload 5: {@value #ITEMS} items from a producer to a consumer on one loop, ns per item.
 * "Generator" variants hand each item over on demand (an async generator, or its nearest peer);
 * "queue" variants go through a bounded queue of {@value #CAPACITY}. The consumer sums the items
 * and the sum is checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(GeneratorBenchmark.ITEMS)
public class GeneratorBenchmark {
    static final int ITEMS = 10_000;
    static final int CAPACITY = 16;

    @Benchmark
    public long weftGenerator() {
        return check(WeftGenerator.generator(ITEMS));
    }

    @Benchmark
    public long weftQueue() {
        return check(WeftGenerator.queue(ITEMS));
    }

    @Benchmark
    public long callbacksGenerator() {
        return check(CallbackGenerator.run(ITEMS));
    }

    @Benchmark
    public long callbacksQueue() {
        return check(CallbackQueue.run(ITEMS));
    }

    @Benchmark
    public long eaAsyncGenerator() {
        return check(EaGenerator.generator(ITEMS));
    }

    @Benchmark
    public long eaAsyncQueue() {
        return check(EaGenerator.queue(ITEMS));
    }

    /** {@code flow {}} collected in place: Kotlin's generator, which never suspends here. */
    @Benchmark
    public long kotlinGenerator() {
        return check(KotlinGenerator.flow(ITEMS));
    }

    /** {@code produce {}} over a rendezvous channel: a Kotlin generator that suspends per item. */
    @Benchmark
    public long kotlinGeneratorProduce() {
        return check(KotlinGenerator.produce(ITEMS));
    }

    @Benchmark
    public long kotlinQueue() {
        return check(KotlinGenerator.channel(ITEMS, CAPACITY));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public long virtualThreadsGenerator() {
        return check(ThreadGenerator.generator(ITEMS));
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
    public long virtualThreadsQueue() {
        return check(ThreadGenerator.queue(ITEMS));
    }

    private static long check(long sum) {
        long expected = (long) ITEMS * (ITEMS - 1) / 2;
        if (sum != expected) {
            throw new AssertionError("sum " + sum + " of " + ITEMS + " items, expected " + expected);
        }
        return sum;
    }
}
