package dev.weft;

/**
 * A counter of permits for coroutines (asyncio {@code Semaphore}): {@link #acquire()} takes one,
 * waiting while none is free; {@link #release()} gives one back.
 *
 * <pre>{@code
 * Semaphore semaphore = Semaphore.create(3);      // at most 3 at a time
 *
 * @Async Task<Void> limitedOperation(String name) {
 *     try (Permit p = await(semaphore.acquire())) {
 *         System.out.println(name + " running (max 3 at a time)");
 *         await(sleep(1000));
 *     }
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>A plain semaphore may be released more often than acquired (the count then grows); see
 * {@link BoundedSemaphore} for one that treats that as a bug. Loop-confined, like every primitive.
 */
public interface Semaphore {
    /**
     * A semaphore with {@code permits} free permits.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    static Semaphore create(int permits) {
        return new SemaphoreImpl(SemaphoreImpl.checked(permits));
    }

    /**
     * Takes a permit: an already completed task if one is free, otherwise a task that completes
     * when a released permit is handed to this caller.
     *
     * <p><b>Fairness:</b> strictly FIFO; a released permit goes to the longest waiting caller.
     * <b>Cancellation:</b> a waiter cancelled while waiting leaves the queue; one cancelled after a
     * permit was handed to it, before it resumed, gets {@link CancelledException} and the permit
     * passes on: permits are never lost.
     *
     * @return the {@link Permit} whose {@code close()} gives the permit back, once
     */
    Task<Permit> acquire();

    /** Gives a permit back, handing it to the first waiter if there is one. */
    void release();

    /** Whether {@link #acquire()} would have to wait. */
    boolean isLocked();

    /** The number of free permits (0 while anyone waits). */
    int availablePermits();
}
