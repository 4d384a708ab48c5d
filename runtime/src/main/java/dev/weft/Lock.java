package dev.weft;

/**
 * A mutual-exclusion lock for coroutines (asyncio {@code Lock}): held across awaits without
 * blocking a thread. Not reentrant, and not owned: any coroutine may release it.
 *
 * <pre>{@code
 * Lock lock = Lock.create();
 *
 * @Async Task<Void> safeOperation(String name) {
 *     try (Permit held = await(lock.acquire())) {
 *         System.out.println(name + " has the lock");
 *         await(sleep(1000));
 *     }
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>Like every Weft primitive, a lock belongs to the event loop that uses it: call it from
 * coroutines on one loop only.
 */
public interface Lock {
    /** A new, unlocked lock. */
    static Lock create() {
        return new LockImpl();
    }

    /**
     * Acquires the lock. If it is free, returns an already completed task (no suspension); otherwise
     * a task that completes when the lock is handed to this caller.
     *
     * <p><b>Fairness:</b> strictly first come, first served: {@link #release()} hands the lock
     * directly to the longest waiting caller, so it stays locked in between and nobody can barge in.
     * <b>Cancellation:</b> a waiter cancelled while waiting leaves the queue; a waiter cancelled after
     * the lock was handed to it but before it resumed (prompt cancellation) gets
     * {@link CancelledException} and the lock passes on to the next waiter: it is never lost.
     *
     * @return the {@link Permit} whose {@code close()} releases the lock
     */
    Task<Permit> acquire();

    /**
     * Releases the lock, handing it to the first waiter if there is one. Prefer closing the
     * {@link Permit}: that releases at most once.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    void release();

    /** Whether the lock is held (or handed to a waiter that has not resumed yet). */
    boolean isLocked();
}
