package dev.weft;

/**
 * The counting core of {@link Lock} and the semaphores: a number of free permits and a FIFO of
 * waiters. A release hands its permit straight to the first waiter (the count does not go up), so
 * no later arrival can overtake a waiter: strict FIFO fairness. Invariant: waiters ⇒ no free permit.
 * Loop-confined.
 */
final class PermitPool {
    private final WaitQueue<Grant> waiters = new WaitQueue<>();
    private final int limit;
    private int free;
    private final LoopBinding binding = new LoopBinding();

    PermitPool(int free, int limit) {
        this.free = free;
        this.limit = limit;
    }

    Task<Permit> acquire() {
        binding.check("The lock (or semaphore)");
        if (free > 0) {
            free--;
            return new Grant(this).grant();
        }
        Grant g = new Grant(this);
        waiters.addLast(g);
        return g;
    }

    /** Whether a release now would stay within the limit. */
    boolean canRelease() {
        return !waiters.isEmpty() || free < limit;
    }

    void release() {
        binding.check("The lock (or semaphore)");
        Grant next = waiters.pollFirst();
        if (next != null) {
            next.grant();
        } else {
            free++;
        }
    }

    int free() {
        return free;
    }

    int waiting() {
        return waiters.size();
    }
}
