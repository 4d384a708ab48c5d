package dev.weft;

/** {@link Lock}: a {@link PermitPool} of one. */
final class LockImpl implements Lock {
    private final PermitPool pool = new PermitPool(1, 1);

    @Override
    public Task<Permit> acquire() {
        return pool.acquire();
    }

    @Override
    public void release() {
        if (!pool.canRelease()) {
            throw new IllegalStateException("Lock is not acquired");
        }
        pool.release();
    }

    @Override
    public boolean isLocked() {
        return pool.free() == 0;
    }

    @Override
    public String toString() {
        return "Lock[" + (isLocked() ? "locked" : "unlocked") + ", waiters:" + pool.waiting() + "]";
    }
}
