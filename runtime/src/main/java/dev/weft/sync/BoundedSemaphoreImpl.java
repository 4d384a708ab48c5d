package dev.weft.sync;

/** {@link AsyncBoundedSemaphore}: a semaphore that refuses to grow past the initial count. */
final class BoundedSemaphoreImpl extends SemaphoreImpl implements AsyncBoundedSemaphore {
    private final int bound;

    BoundedSemaphoreImpl(int permits) {
        super(permits);
        bound = permits;
    }

    @Override
    public void release() {
        if (value >= bound) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
