package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for coroutines (asyncio {@code Condition}): a {@link AsyncLock} plus a queue of
 * coroutines waiting to be signalled while they hold it.
 *
 * <pre>{@code
 * AsyncCondition cond = AsyncCondition.create();
 *
 * @Async Task<Item> take() {
 *     try (Permit held = await(cond.acquire())) {
 *         await(cond.waitUntil(() -> !items.isEmpty()));
 *         return Task.of(items.remove());
 *     }
 * }
 *
 * @Async Task<Void> add(Item item) {
 *     try (Permit held = await(cond.acquire())) {
 *         items.add(item);
 *         cond.signal();
 *     }
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>asyncio's {@code wait}, {@code wait_for}, {@code notify} and {@code notify_all} are
 * {@link #waitSignal()}, {@link #waitUntil}, {@link #signal(int)} and {@link #signalAll()} here:
 * {@link Object} already owns the final methods {@code wait()} and {@code notifyAll()}.
 * Loop-confined, like every primitive.
 */
public interface AsyncCondition {
    /**
     * A condition with a new lock of its own.
     *
     * @return a new condition, its lock unlocked
     */
    static AsyncCondition create() {
        return new ConditionImpl(AsyncLock.create());
    }

    /**
     * A condition that uses {@code lock}, which can be shared by several conditions.
     *
     * @param lock the lock that waiters release and re-acquire
     * @return a new condition on {@code lock}
     */
    static AsyncCondition create(AsyncLock lock) {
        return new ConditionImpl(java.util.Objects.requireNonNull(lock, "lock"));
    }

    /**
     * The underlying lock.
     *
     * @return the lock given at creation, or the condition's own
     */
    AsyncLock lock();

    /**
     * Acquires the underlying lock: see {@link AsyncLock#acquire()}.
     *
     * @return a task with the permit that releases the lock
     */
    Task<Permit> acquire();

    /** Releases the underlying lock: see {@link AsyncLock#release()}. */
    void release();

    /**
     * Whether the underlying lock is held.
     *
     * @return true if the lock is held
     */
    boolean isLocked();

    /**
     * Releases the lock, waits until signalled, re-acquires the lock, and completes with true. The
     * caller must hold the lock, and holds it again when the task completes, whatever the outcome:
     * the caller's {@link Permit} stays valid throughout.
     *
     * <p><b>Ordering:</b> waiters are signalled in the order they started waiting.
     * <b>Cancellation:</b> the task completes with {@link CancelledException} only after the lock
     * has been re-acquired, and then signals one other waiter in its place (a spurious wake-up
     * is better than a lost one), also when the cancellation arrives after the signal.
     *
     * @return a task with true, once signalled and the lock is held again
     * @throws IllegalStateException if the lock is not held
     */
    Task<Boolean> waitSignal();

    /**
     * Waits, as by {@link #waitSignal()}, until {@code predicate} is true; the predicate is checked
     * first, and again after each wake-up, always with the lock held.
     *
     * @param predicate the state to wait for, checked with the lock held
     * @return a task with true, once the predicate is true and the lock is held
     * @throws IllegalStateException if the predicate is false and the lock is not held
     */
    Task<Boolean> waitUntil(BooleanSupplier predicate);

    /** Wakes the first waiter; see {@link #signal(int)}. */
    void signal();

    /**
     * Wakes up to {@code n} waiters, first come first served. A woken waiter then re-acquires the
     * lock, so it runs only after the caller releases it.
     *
     * @param n the most waiters to wake
     * @throws IllegalStateException if the lock is not held
     */
    void signal(int n);

    /**
     * Wakes every waiter.
     *
     * @throws IllegalStateException if the lock is not held
     */
    void signalAll();
}
