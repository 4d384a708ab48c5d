package dev.weft.sync;

/**
 * What a {@link Grant} is acquired from and released to: the {@link LockImpl lock} or a
 * {@link SemaphoreImpl semaphore}, which share the FIFO of waiting grants and differ in when a
 * woken waiter counts as holding. Loop-confined.
 */
abstract class PermitPool {
    /** Waiting grants, the woken ones included until their step runs (as asyncio's {@code _waiters}). */
    final WaitQueue<Grant> waiters = new WaitQueue<>(this::waitingFor);
    final LoopBinding binding = new LoopBinding();
    static final String WHAT = "The lock (or semaphore)";

    /** What a waiting grant waits for, in words, for task dumps. */
    abstract String waitingFor();

    /** Gives back what one {@link Permit} holds. */
    abstract void release();

    /** The step of a woken grant: take the permit and {@link Grant#granted()}. */
    abstract void resumed(Grant g);

    /** The step of a cancelled grant: it left nothing held; pass on what it was woken for. */
    abstract void cancelled(Grant g, boolean wasWoken);

    /** Whether every waiter was cancelled before its wake-up: then a newcomer need not queue. */
    final boolean allAbandoned() {
        for (Grant g = waiters.first(); g != null; g = waiters.after(g)) {
            if (!g.isAbandoned()) {
                return false;
            }
        }
        return true;
    }

    /** A newcomer's waiting grant, queued last. */
    final Grant enqueue() {
        Grant g = new Grant(this);
        waiters.addLast(g);
        return g;
    }

    int waiting() {
        return waiters.size();
    }
}
