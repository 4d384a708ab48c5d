package dev.weft.sync;

import dev.weft.Task;

/**
 * A counter of permits for coroutines (asyncio {@code Semaphore}): {@link #acquire()} takes one,
 * waiting while none is free; {@link #release()} gives one back.
 *
 * <pre>{@code
 * AsyncSemaphore semaphore = AsyncSemaphore.create(3);      // at most 3 at a time
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
 * {@link AsyncBoundedSemaphore} for one that treats that as a bug. Loop-confined, like every primitive.
 */
public interface AsyncSemaphore {
    /**
     * A semaphore with {@code permits} free permits.
     *
     * @param permits the number of free permits
     * @return a new semaphore
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    static AsyncSemaphore create(int permits) {
        return new SemaphoreImpl(SemaphoreImpl.checked(permits));
    }

    /**
     * Takes a permit: an already completed task if one is free and nobody waits, otherwise a task
     * that completes when this caller has taken one.
     *
     * <p><b>Fairness:</b> FIFO, as asyncio's: a release reserves the permit for the longest waiting
     * caller and wakes it; it takes the permit when it runs, a loop pass later, and wakes as many
     * further waiters as permits are free. Newcomers queue while anyone waits, even if a permit is
     * free. <b>Cancellation:</b> delivered when the waiter runs (a pass later, as to an asyncio
     * task); a permit reserved for it goes back and on to the next waiter: permits are never lost.
     *
     * @return the {@link Permit} whose {@code close()} gives the permit back, once
     */
    Task<Permit> acquire();

    /** Gives a permit back, reserving it for the first waiter (woken) if there is one. */
    void release();

    /**
     * Whether {@link #acquire()} would have to wait: no free permit, or anyone waiting.
     *
     * @return true if an acquire would wait
     */
    boolean isLocked();

    /**
     * The number of free permits, not counting those reserved for woken waiters.
     *
     * @return the number of free permits
     */
    int availablePermits();
}
