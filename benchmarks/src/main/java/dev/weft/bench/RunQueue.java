package dev.weft.bench;

import java.util.ArrayDeque;

/** A plain same-thread run queue: the event loop the hand-written and EA Async contenders use. */
public final class RunQueue {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    public void post(Runnable r) {
        ready.add(r);
    }

    /** Runs posted work, including work posted meanwhile, until none is left. */
    public void drain() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }
}
