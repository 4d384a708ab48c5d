package dev.weft.sync;

import dev.weft.Task;

/**
 * A mutual-exclusion lock for coroutines (asyncio {@code Lock}): held across awaits without
 * blocking a thread. Not reentrant, and not owned: any coroutine may release it.
 *
 * <pre>{@code
 * AsyncLock lock = AsyncLock.create();
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
public interface AsyncLock {
    /**
     * A new, unlocked lock.
     *
     * @return a new lock, unlocked
     */
    static AsyncLock create() {
        return new LockImpl();
    }

    /**
     * Acquires the lock. If it is free and nobody waits, returns an already completed task (no
     * suspension); otherwise a task that completes when this caller has taken the lock.
     *
     * <p><b>Fairness:</b> first come, first served, as asyncio's: {@link #release()} unlocks and
     * wakes the longest waiting caller, which takes the lock when it runs, a loop pass later.
     * {@link #isLocked()} is false in between, but a newcomer queues behind the woken waiter.
     * <b>Cancellation:</b> delivered when the waiter runs (a pass later, as to an asyncio task):
     * the waiter then leaves the queue having taken nothing, and passes a wake-up it got on to
     * the next waiter: the lock is never lost.
     *
     * @return the {@link Permit} whose {@code close()} releases the lock
     */
    Task<Permit> acquire();

    /**
     * Releases the lock and wakes the first waiter, if there is one. Prefer closing the
     * {@link Permit}: that releases at most once.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    void release();

    /**
     * Whether the lock is held (not yet by a woken waiter that has not run yet).
     *
     * @return true if the lock is held
     */
    boolean isLocked();
}
