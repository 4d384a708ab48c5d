package dev.weft.bench.longloop;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * The loop as a hand-written state machine: each iteration registers a callback on a future the
 * run queue completes on its next trip, and the callback starts the next iteration.
 */
final class CallbackLongLoop {
    private final RunQueue queue = new RunQueue();
    private final int n;
    private final int mark;
    private final IntConsumer at;
    private int i;
    private long sum;

    private CallbackLongLoop(int n, int mark, IntConsumer at) {
        this.n = n;
        this.mark = mark;
        this.at = at;
    }

    static long run(int n, int mark, IntConsumer at) {
        CallbackLongLoop l = new CallbackLongLoop(n, mark, at);
        l.queue.post(l::step);
        l.queue.drain();
        if (l.i != n) {
            throw new AssertionError("stopped at iteration " + l.i + " of " + n);
        }
        return l.sum;
    }

    private void step() {
        if (i == n) {
            at.accept(n);
            return;
        }
        if (i == mark) {
            at.accept(i);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.post(() -> f.complete(null));
        f.thenRun(this::resumed);
    }

    private void resumed() {
        sum += i++;
        step();
    }
}
