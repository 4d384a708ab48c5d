package dev.weft.sync;

import dev.weft.Task;

/**
 * {@link AsyncLock}, as asyncio's: a release unlocks and wakes the first waiter, which locks again when
 * its step runs (a pass later); newcomers queue behind it meanwhile, so there is no barging.
 */
final class LockImpl extends PermitPool implements AsyncLock {
    private boolean locked;

    @Override
    public Task<Permit> acquire() {
        binding.check(WHAT);
        if (!locked && allAbandoned()) {
            locked = true;
            return Grant.held(this);
        }
        return enqueue();
    }

    @Override
    public void release() {
        binding.check(WHAT);
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired");
        }
        locked = false;
        wakeFirst();
    }

    /** Wakes the first waiter unless it is woken or cancelled already (its step then wakes on). */
    private void wakeFirst() {
        Grant first = waiters.first();
        if (first != null && first.isPending()) {
            first.wake();
        }
    }

    @Override
    void resumed(Grant g) {
        waiters.unlink(g);
        locked = true;
        g.granted();
    }

    @Override
    void cancelled(Grant g, boolean wasWoken) {
        waiters.unlink(g);
        if (!locked) {
            wakeFirst();
        }
    }

    @Override
    public boolean isLocked() {
        return locked;
    }

    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked") + ", waiters:" + waiting() + "]";
    }
}
