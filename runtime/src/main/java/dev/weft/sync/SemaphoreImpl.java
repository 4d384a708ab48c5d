package dev.weft.sync;

import dev.weft.Task;

/**
 * {@link AsyncSemaphore}, as asyncio's (3.13): a release wakes the first pending waiter and reserves
 * its permit at once (the count drops then); the woken waiter leaves the queue when its step runs
 * and wakes further waiters while permits are free. While anyone waits, a newcomer queues even if
 * a permit is free: FIFO.
 */
class SemaphoreImpl extends PermitPool implements AsyncSemaphore {
    /** Free permits; those reserved for woken waiters are not counted. */
    int value;

    SemaphoreImpl(int permits) {
        value = permits;
    }

    static int checked(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, not " + permits);
        }
        return permits;
    }

    @Override
    public Task<Permit> acquire() {
        binding.check(WHAT);
        if (!isLocked()) {
            value--;
            return Grant.held(this);
        }
        return enqueue();
    }

    @Override
    public void release() {
        binding.check(WHAT);
        value++;
        wakeNext();
    }

    /** Wakes the first pending waiter, reserving a permit for it; false if there is none. */
    private boolean wakeNext() {
        for (Grant g = first(); g != null; g = g.next) {
            if (g.isPending()) {
                value--;
                g.wake();
                return true;
            }
        }
        return false;
    }

    /**
     * Newcomers may have queued behind a woken waiter: wake as many as permits are free, in one pass
     * (woken waiters stay queued until their step, so restarting from the head would walk past them
     * again for every permit).
     */
    private void wakeWhileFree() {
        Grant g = first();
        while (g != null && value > 0) {
            Grant next = g.next; // read first: outside a loop, wake() runs the step, which unlinks g
            if (g.isPending()) {
                value--;
                g.wake();
            }
            g = next;
        }
    }

    @Override
    void resumed(Grant g) {
        unlink(g);
        wakeWhileFree();
        g.granted();
    }

    @Override
    void cancelled(Grant g, boolean wasWoken) {
        unlink(g);
        if (wasWoken) {
            value++; // the permit reserved for it
        }
        wakeWhileFree();
    }

    @Override
    public boolean isLocked() {
        return value == 0 || !allAbandoned();
    }

    @Override
    public int availablePermits() {
        return value;
    }

    @Override
    String waitingFor() {
        return getClass().getSimpleName().replace("Impl", "").replace("Semaphore", "AsyncSemaphore")
                .replace("BoundedAsyncSemaphore", "AsyncBoundedSemaphore") + " (" + value + " free, " + waiting() + " waiting)";
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().replace("Impl", "") + "[free:" + value + ", waiters:" + waiting() + "]";
    }
}
