package dev.weft;

/** {@link BoundedSemaphore}: a semaphore whose pool refuses to grow past the initial count. */
final class BoundedSemaphoreImpl extends SemaphoreImpl implements BoundedSemaphore {
    BoundedSemaphoreImpl(int permits) {
        super(permits, permits);
    }

    @Override
    public void release() {
        if (!pool.canRelease()) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        pool.release();
    }
}
