package dev.weft;

/**
 * A meeting point for a fixed number of coroutines (asyncio {@code Barrier}): each one calls
 * {@link #arriveAndWait()}, and all are released together when the last one arrives.
 *
 * <pre>{@code
 * Barrier barrier = Barrier.create(3);
 *
 * @Async Task<Void> worker() {
 *     int index = await(barrier.arriveAndWait());   // 0, 1 or 2: the order of arrival
 *     if (index == 0) System.out.println("all three arrived");
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>The barrier is cyclic: after it releases a round it is ready for the next one at once.
 * asyncio keeps new arrivals out until the released round has left {@code wait()} (its
 * "draining" state); here a released round has left already, because the release completes each
 * waiter's task directly. Loop-confined, like every primitive.
 */
public interface Barrier {
    /**
     * A barrier for {@code parties} coroutines.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    static Barrier create(int parties) {
        return new BarrierImpl(parties);
    }

    /**
     * Arrives and waits for the others; completes with this arrival's index, from 0 for the first
     * arrival of the round to {@code parties() - 1} for the last, which does not wait.
     *
     * <p><b>Cancellation:</b> a cancelled waiter leaves and no longer counts as arrived (the
     * barrier stays intact, as in asyncio). <b>Failure:</b> {@link BarrierBrokenException} if the
     * barrier is broken, or is aborted or reset while waiting.
     */
    Task<Integer> arriveAndWait();

    /** Fails every waiter with {@link BarrierBrokenException} and makes the barrier usable again. */
    void reset();

    /** Breaks the barrier: every waiter, and every later arrival, fails with {@link BarrierBrokenException}. */
    void abort();

    /** The number of coroutines needed to pass the barrier. */
    int parties();

    /** The number of coroutines waiting now. */
    int waiting();

    /** Whether the barrier was aborted. */
    boolean isBroken();
}
