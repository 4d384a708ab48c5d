package dev.weft.sync;

import dev.weft.Task;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * {@link AsyncCondition}: a lock and a queue of {@link ConditionWait}s. A signal only wakes waiters;
 * each leaves the queue and queues for the lock when its step runs, as asyncio's do.
 */
final class ConditionImpl implements AsyncCondition {
    final AsyncLock lock;
    private final WaitQueue<ConditionWait> waiters = new WaitQueue<>(() -> "AsyncCondition (a notify)");

    ConditionImpl(AsyncLock lock) {
        this.lock = lock;
    }

    @Override
    public AsyncLock lock() {
        return lock;
    }

    @Override
    public Task<Permit> acquire() {
        return lock.acquire();
    }

    @Override
    public void release() {
        lock.release();
    }

    @Override
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Override
    public Task<Boolean> waitSignal() {
        if (!lock.isLocked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        ConditionWait w = new ConditionWait(this);
        lock.release();
        waiters.addLast(w);
        return w;
    }

    @Override
    public Task<Boolean> waitUntil(BooleanSupplier predicate) {
        return new ConditionWaitUntil(this, Objects.requireNonNull(predicate, "predicate")).start();
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public void signal(int n) {
        if (!lock.isLocked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code n} waiters not woken or cancelled yet, without checking the lock: also for
     * waiters passing a signal on. They stay queued until their step runs.
     */
    void wake(int n) {
        int woken = 0;
        for (ConditionWait w = waiters.first(); w != null && woken < n; w = waiters.after(w)) {
            if (w.isPending()) {
                woken++;
                w.wake();
            }
        }
    }

    void leave(ConditionWait w) {
        waiters.unlink(w);
    }

    @Override
    public String toString() {
        return "Condition[" + (isLocked() ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]";
    }
}
