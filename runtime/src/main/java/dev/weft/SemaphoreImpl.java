package dev.weft;

/** {@link Semaphore}: a {@link PermitPool}. */
class SemaphoreImpl implements Semaphore {
    final PermitPool pool;

    SemaphoreImpl(int permits, int limit) {
        pool = new PermitPool(permits, limit);
    }

    static int checked(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0, not " + permits);
        }
        return permits;
    }

    @Override
    public Task<Permit> acquire() {
        return pool.acquire();
    }

    @Override
    public void release() {
        pool.release();
    }

    @Override
    public boolean isLocked() {
        return pool.free() == 0;
    }

    @Override
    public int availablePermits() {
        return pool.free();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().replace("Impl", "") + "[free:" + pool.free() + ", waiters:" + pool.waiting() + "]";
    }
}
