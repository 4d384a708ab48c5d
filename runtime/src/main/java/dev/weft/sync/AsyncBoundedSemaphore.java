package dev.weft.sync;

/**
 * A {@link AsyncSemaphore} that fails a {@link #release()} which would raise the count above its
 * initial value (asyncio {@code BoundedSemaphore}): releasing more often than acquiring is a bug.
 *
 * <pre>{@code
 * AsyncBoundedSemaphore connections = AsyncBoundedSemaphore.create(10);
 * try (Permit p = await(connections.acquire())) {
 *     ...
 * }
 * connections.release();   // IllegalStateException: BoundedSemaphore released too many times
 * }</pre>
 */
public interface AsyncBoundedSemaphore extends AsyncSemaphore {
    /**
     * A bounded semaphore with {@code permits} free permits, which is also its upper bound.
     *
     * @param permits the number of free permits and the bound
     * @return a new bounded semaphore
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    static AsyncBoundedSemaphore create(int permits) {
        return new BoundedSemaphoreImpl(SemaphoreImpl.checked(permits));
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException if that would raise the count above the initial value
     */
    @Override
    void release();
}
