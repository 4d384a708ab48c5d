package dev.weft.sync;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * {@link AsyncLock}, as asyncio's: a release unlocks and wakes the first waiter, which locks again when
 * its step runs (a pass later); newcomers queue behind it meanwhile, so there is no barging.
 */
final class LockImpl extends PermitPool implements AsyncLock {
    private boolean locked;
    /** The task holding the lock, if known; for task dumps ("held by"). */
    private Task<?> holder;

    @Override
    public Task<Permit> acquire() {
        Loop loop = binding.check(WHAT);
        if (!locked && allAbandoned()) {
            locked = true;
            holder = loop == null ? null : Weft.currentTask();
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
        holder = null;
        wakeFirst();
    }

    /** Wakes the first waiter unless it is woken or cancelled already (its step then wakes on). */
    private void wakeFirst() {
        Grant first = first();
        if (first != null && first.isPending()) {
            first.wake();
        }
    }

    @Override
    void resumed(Grant g) {
        unlink(g);
        locked = true;
        holder = g.awaiter();
        g.granted();
    }

    @Override
    void cancelled(Grant g, boolean wasWoken) {
        unlink(g);
        if (!locked) {
            wakeFirst();
        }
    }

    @Override
    String waitingFor() {
        if (!locked) {
            return "AsyncLock (unlocked: the first waiter takes it on the next turn)";
        }
        Task<?> h = holder;
        if (h == null) {
            return "AsyncLock (locked)";
        }
        String name = h.name() != null ? "Task '" + h.name() + "'" : h.toString();
        return "AsyncLock held by " + name + (h.isDone() ? " (done: it ended without releasing the lock)" : "");
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
