package dev.weft;

/**
 * A waiter that takes what it waits for itself, when its turn comes: asyncio's wake-then-acquire.
 * A release (of a lock, a permit, a queue item or place, a condition signal) only {@link #wake}s
 * it; its {@link #run step} runs on the next loop pass, as the awaiting task's step would in
 * asyncio, and does there what asyncio's code after {@code await fut} does: takes the lock or the
 * item (or waits again if someone came first), then completes so that the awaiting coroutine goes
 * on in that same step ({@link #completeHere}).
 *
 * <pre>
 *   state            entered by                     its step (next pass)
 *   waiting          the primitive queues it        -
 *   woken            wake()                         resumed(): take, or wait again
 *   cancel asked     cancel(), woken or not         cancelled(): leave, pass a wake-up on, fail
 * </pre>
 *
 * <p>A cancellation does not complete the task at once either: like an asyncio task's, it is
 * delivered in the step, after the clean-up. So nothing is taken for a cancelled waiter, and a
 * wake-up it got is passed on: no lock, permit or item is ever lost. {@link #isAbandoned()} is
 * asyncio's {@code fut.cancelled()}, {@link #isPending()} its {@code not fut.done()}.
 *
 * @param <T> the type of what is granted
 */
abstract class Contender<T> extends Waiter<T> implements Runnable {
    // Fields are few on purpose: a Grant is allocated per lock acquisition, the fast path included.
    private boolean woken;
    private boolean scheduled;
    private CancelledException cancelRequest;

    /** The loop that runs the steps (the primitive's); null outside any loop, where steps run at once. */
    abstract EventLoop loop();

    /** Whether a wake-up may go to this waiter: neither woken nor cancelled yet. */
    final boolean isPending() {
        return !woken && cancelRequest == null && !isDone();
    }

    /** Whether it was cancelled before any wake-up (asyncio's cancelled waiter future). */
    final boolean isAbandoned() {
        return cancelRequest != null && !woken;
    }

    /** Wakes this pending waiter: it takes its turn on the next pass. */
    final void wake() {
        woken = true;
        schedule();
    }

    /** Asks for the cancellation, delivered in the waiter's next step; true unless already done. */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        EventLoop loop = loop();
        if (loop != null && !loop.inLoopThread()) {
            loop.enqueueThreadSafe(() -> cancel(message)); // the waiter's state is its loop's
            return true;
        }
        if (cancelRequest == null) {
            cancelRequest = CancelledException.requested(message);
        }
        schedule();
        return true;
    }

    private void schedule() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        EventLoop loop = loop();
        if (loop == null) {
            run();
        } else {
            loop.enqueueThreadSafe(this); // a primitive may be used from outside any loop (setting up)
        }
    }

    /** The waiter's step; for the loop only. */
    @Override
    public final void run() {
        scheduled = false;
        if (isDone()) {
            return;
        }
        boolean wasWoken = woken;
        woken = false;
        CancelledException c = cancelRequest;
        if (c != null) {
            cancelRequest = null;
            cancelled(wasWoken, c);
        } else if (wasWoken) {
            resumed();
        }
    }

    /** The woken waiter's step: take what it waits for and {@link #completeHere}, or queue again. */
    abstract void resumed();

    /**
     * The cancelled waiter's step: leave the queue, pass on the wake-up if {@code wasWoken} left one
     * unused, and fail with {@code cancellation} (by {@link #failHere}).
     */
    abstract void cancelled(boolean wasWoken, CancelledException cancellation);

    final void completeHere(T value) {
        completeHere(loop(), value);
    }

    final void failHere(Throwable failure) {
        failHere(loop(), failure);
    }
}
