/**
 * Synchronization primitives and queues for coroutines, as asyncio's: {@link dev.weft.sync.AsyncLock},
 * {@link dev.weft.sync.AsyncSemaphore}, {@link dev.weft.sync.AsyncBoundedSemaphore},
 * {@link dev.weft.sync.AsyncEvent}, {@link dev.weft.sync.AsyncCondition},
 * {@link dev.weft.sync.AsyncBarrier} and {@link dev.weft.sync.AsyncQueue} (FIFO, LIFO, priority), with
 * the {@link dev.weft.sync.Permit} a lock or semaphore acquisition gives and the exceptions they
 * throw. Each is named {@code Async} + asyncio's name, so that it does not clash with the JDK's
 * {@code Lock}, {@code Condition}, {@code Semaphore} or {@code Queue} under wildcard imports.
 *
 * <pre>{@code
 * import static dev.weft.Weft.*;
 * import dev.weft.*;
 * import dev.weft.sync.*;
 *
 * AsyncQueue<String> jobs = AsyncQueue.fifo(10);
 * AsyncLock lock = AsyncLock.create();
 *
 * @Async Task<Void> worker() {
 *     String job = await(jobs.get());                    // waits while the queue is empty
 *     try (Permit held = await(lock.acquire())) {        // async with lock:
 *         await(handle(job));
 *     }                                                  // released on every path
 *     jobs.taskDone();
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p><b>Loop-confined.</b> Like asyncio's, the primitives are not thread-safe: each binds to the
 * first event loop that uses it, and another loop using it gets an {@link IllegalStateException}.
 * Under {@link dev.weft.Weft#runParallel}, create the tasks that share one with
 * {@link dev.weft.Weft#createLocalTask}.
 *
 * <p><b>Fairness.</b> First come, first served, as asyncio's: a release (of a lock, a permit, a
 * queue item or place, a condition signal) wakes the longest waiting caller, which takes what it was
 * woken for when it runs, a loop pass later; newcomers queue behind it meanwhile.
 *
 * <p><b>Cancellation.</b> A cancelled waiter takes nothing: the cancellation is delivered when the
 * waiter runs, and a wake-up it got is passed on to the next waiter. What was granted to a waiter
 * whose coroutine was cancelled before it resumed is given back. So no lock, permit, item or
 * signal is ever lost. A condition wait re-acquires the lock before it ends, cancelled or not.
 *
 * <p>The primitives are built on the public API of {@code dev.weft} alone, chiefly
 * {@link dev.weft.Waiter} (and {@link dev.weft.BareWaiter} for the acquisitions of a lock or
 * semaphore, one per acquisition): a library can write its own the same way.
 */
package dev.weft.sync;
