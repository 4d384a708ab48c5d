package dev.weft.bench.yield;

import dev.weft.bench.RunQueue;

/** Hand-written: a step that posts itself back to the run queue, once per yield. */
final class CallbackYield {
    private final RunQueue queue;
    private final int yields;
    private int done;

    private CallbackYield(RunQueue queue, int yields) {
        this.queue = queue;
        this.yields = yields;
    }

    static int run(int coroutines, int yields) {
        RunQueue queue = new RunQueue();
        CallbackYield[] all = new CallbackYield[coroutines];
        for (int i = 0; i < coroutines; i++) {
            all[i] = new CallbackYield(queue, yields / coroutines);
            queue.post(all[i]::step);
        }
        queue.drain();
        int n = 0;
        for (CallbackYield c : all) {
            n += c.done;
        }
        return n;
    }

    private void step() {
        if (done < yields) {
            done++;
            queue.post(this::step);
        }
    }
}
