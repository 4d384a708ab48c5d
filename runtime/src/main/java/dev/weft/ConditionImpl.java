package dev.weft;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/** {@link Condition}: a lock and a queue of {@link ConditionWait}s. */
final class ConditionImpl implements Condition {
    final Lock lock;
    private final WaitQueue<ConditionWait> waiters = new WaitQueue<>();

    ConditionImpl(Lock lock) {
        this.lock = lock;
    }

    @Override
    public Lock lock() {
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
        waiters.addLast(w);
        lock.release();
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

    /** Wakes up to {@code n} waiters without checking the lock: for waiters passing a signal on. */
    void wake(int n) {
        ConditionWait w;
        for (int i = 0; i < n && (w = waiters.pollFirst()) != null; i++) {
            w.signalled();
        }
    }

    @Override
    public String toString() {
        return "Condition[" + (isLocked() ? "locked" : "unlocked") + ", waiters:" + waiters.size() + "]";
    }
}
