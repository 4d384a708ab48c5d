package dev.weft.sync;

import dev.weft.Task;

/**
 * A meeting point for a fixed number of coroutines (asyncio {@code Barrier}): each one calls
 * {@link #arriveAndWait()}, and all are released together when the last one arrives.
 *
 * <pre>{@code
 * AsyncBarrier barrier = AsyncBarrier.create(3);
 *
 * @Async Task<Void> worker() {
 *     int index = await(barrier.arriveAndWait());   // 0, 1 or 2: the order of arrival
 *     if (index == 0) System.out.println("all three arrived");
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>The barrier is cyclic, as asyncio's: the last arrival of a round releases it and the barrier
 * is "draining" until every released waiter has left (each re-takes the barrier's internal lock,
 * one per loop pass); arrivals meanwhile wait for the next round. Loop-confined, like every
 * primitive.
 */
public interface AsyncBarrier {
    /**
     * A barrier for {@code parties} coroutines.
     *
     * @param parties how many coroutines must arrive for the barrier to open
     * @return a new, unbroken barrier
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    static AsyncBarrier create(int parties) {
        return new BarrierImpl(parties);
    }

    /**
     * Arrives and waits for the others; completes with this arrival's index, from 0 for the first
     * arrival of the round to {@code parties() - 1} for the last, which does not wait.
     *
     * <p><b>Cancellation:</b> a cancelled waiter leaves and no longer counts as arrived (the
     * barrier stays intact, as in asyncio). <b>Failure:</b> {@link BarrierBrokenException} if the
     * barrier is broken, or is aborted or reset while waiting.
     *
     * @return a task with this arrival's index in its round
     */
    Task<Integer> arriveAndWait();

    /**
     * Fails every waiter with {@link BarrierBrokenException} and makes the barrier usable again once
     * they have left. Acts at once: asyncio's {@code reset()} is a coroutine that first takes the
     * barrier's internal lock, which is free between steps anyway.
     */
    void reset();

    /**
     * Breaks the barrier: every waiter, and every later arrival, fails with
     * {@link BarrierBrokenException}. Acts at once, like {@link #reset()}.
     */
    void abort();

    /**
     * The number of coroutines needed to pass the barrier.
     *
     * @return the number of parties given at creation
     */
    int parties();

    /**
     * The number of coroutines waiting in the round being filled (0 while it drains, as asyncio's {@code n_waiting}).
     *
     * @return the number of waiting coroutines
     */
    int waiting();

    /**
     * Whether the barrier was aborted.
     *
     * @return true if the barrier is broken
     */
    boolean isBroken();
}
