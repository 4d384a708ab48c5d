package dev.weft.bench.longloop;

import dev.weft.bench.Figure;
import dev.weft.bench.Heap;
import dev.weft.bench.Probe;
import dev.weft.bench.VirtualThreads;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Workload 8, memory: runs the {@link LongLoopBenchmark} loop for a million iterations and, from
 * inside the running loop, takes the settled heap at iteration 100k and again after the last
 * iteration (the coroutine still running); "heap growth" is the difference, in MB. A loop that
 * keeps nothing per iteration grows by about 0. One nested subclass per contender.
 */
public abstract class LongLoopHeapProbe implements Probe {
    private static final double MB = 1024 * 1024;

    abstract long loop(int n, int mark, IntConsumer at);

    @Override
    public String workload() {
        return "longLoopHeap";
    }

    @Override
    public List<Figure> run(double scale) {
        int n = scale < 0.1 ? 20_000 : LongLoopBenchmark.ITERATIONS; // smoke mode: just show it runs
        int mark = n / 10;
        long[] heap = new long[2];
        LongLoopBenchmark.check(loop(n, mark, i -> heap[i == mark ? 0 : 1] = Heap.settledUsed()), n);
        if (heap[0] == 0 || heap[1] == 0) {
            throw new AssertionError("the loop did not reach its checkpoints");
        }
        return List.of(new Figure("heap growth", (heap[1] - heap[0]) / MB, "MB"));
    }

    /** Weft: {@code await(sleep(0))} in a loop. */
    public static final class Weft extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "weft";
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return WeftLongLoop.run(n, mark, at);
        }
    }

    /** A hand-written state machine. */
    public static final class Callbacks extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "callbacks";
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return CallbackLongLoop.run(n, mark, at);
        }
    }

    /** EA Async: {@code await(future)} in a loop. */
    public static final class EaAsync extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "eaAsync";
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return EaLongLoop.run(n, mark, at);
        }
    }

    /** {@code Thread.yield()} on a virtual thread. */
    public static final class VirtualThreadsProbe extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "virtualThreads";
        }

        @Override
        public boolean available() {
            return VirtualThreads.available();
        }

        @Override
        public List<String> jvmOptions() {
            return List.of("-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return ThreadLongLoop.run(n, mark, at);
        }
    }

    /** Kotlin: {@code yield()} in a loop. */
    public static final class Kotlin extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "kotlin";
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return KotlinLongLoop.run(n, mark, at);
        }
    }

    /** Recursive {@code thenCompose}. */
    public static final class CfCompose extends LongLoopHeapProbe {
        @Override
        public String contender() {
            return "cfCompose";
        }

        @Override
        long loop(int n, int mark, IntConsumer at) {
            return CfLongLoop.run(n, mark, at);
        }
    }
}
