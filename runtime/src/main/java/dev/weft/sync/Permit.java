package dev.weft.sync;

/**
 * What {@link AsyncLock#acquire()} and {@link AsyncSemaphore#acquire()} give: holding it means holding the
 * lock or one permit, and closing it releases that, once.
 *
 * <pre>{@code
 * try (Permit held = await(lock.acquire())) {
 *     ...                                  // the lock is held here, across awaits too
 * }                                        // released on every path, exceptions and cancellation included
 * }</pre>
 *
 * <p>{@link #close()} is idempotent: the first call releases, later calls do nothing, so a stale
 * second close can never release a hold that someone else acquired since.
 */
public interface Permit extends AutoCloseable {
    /** Releases what this permit holds; does nothing if it was already released. */
    @Override
    void close();
}
