package dev.weft.sync;

import dev.weft.Loop;

/**
 * A waiter that takes what it waits for itself, when its turn comes: asyncio's wake-then-acquire.
 * A release (of a lock, a permit, a queue item or place, a condition signal) only {@link #wake}s
 * it; its {@link #onTurn turn} runs on the next loop pass, as the awaiting task's step would in
 * asyncio, and does there what asyncio's code after {@code await fut} does: takes the lock or the
 * item (or waits again if someone came first), then grants, so that the awaiting coroutine goes on
 * in that same step.
 *
 * <pre>
 *   state            entered by                     its turn (next pass)
 *   waiting          the primitive queues it        -
 *   woken            wake()                         resumed(): take, or wait again
 *   cancel asked     cancel(), woken or not         cancelled(): leave, pass a wake-up on, refuse
 * </pre>
 *
 * <p>A cancellation does not complete the task at once either: like an asyncio task's, it is
 * delivered in the turn, after the clean-up. So nothing is taken for a cancelled waiter, and a
 * wake-up it got is passed on: no lock, permit or item is ever lost. {@link #isAbandoned()} is
 * asyncio's {@code fut.cancelled()}, {@link #isPending()} its {@code not fut.done()}.
 *
 * @param <T> the type of what is granted
 */
abstract class Contender<T> extends QueuedWaiter<T> {
    // The same TurnFlags as a lock's or semaphore's acquisition (Grant, on BareWaiter); a byte, which
    // fits where the fields of a queue's Putter leave room (an int would make it 64 bytes, not 56).
    private byte state;
    private String cancelMessage;

    /** A contender whose turns run on {@code loop}: the primitive's; null outside any loop, where turns run at once. */
    Contender(Loop loop) {
        super(loop);
    }

    /** Whether a wake-up may go to this waiter: neither woken nor cancelled yet. */
    final boolean isPending() {
        return TurnFlags.isPending(state) && !isDone();
    }

    /** Whether it was cancelled before any wake-up (asyncio's cancelled waiter future). */
    final boolean isAbandoned() {
        return TurnFlags.isAbandoned(state);
    }

    /** Wakes this pending waiter: it takes its turn on the next pass. */
    final void wake() {
        state |= TurnFlags.WOKEN;
        scheduleTurn();
    }

    /**
     * Asks for the cancellation, delivered in the waiter's next turn; true unless already done. Once
     * the loop has closed, no turn comes: the waiter ends cancelled at once instead.
     */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        Loop loop = loop();
        if (loop != null && Loop.current() != loop) {
            // The waiter's state is its loop's: the request goes there; a closed loop runs no turn, so it ends here.
            return TurnFlags.cancelOnLoop(loop, () -> cancel(message)) || refuseCancelled(message);
        }
        if ((state & TurnFlags.CANCEL_ASKED) == 0) {
            state |= TurnFlags.CANCEL_ASKED;
            cancelMessage = message;
        }
        scheduleTurn();
        return true;
    }

    /** The waiter's turn. */
    @Override
    protected final void onTurn() {
        if (isDone()) {
            return;
        }
        int s = state;
        state = 0;
        if ((s & TurnFlags.CANCEL_ASKED) != 0) {
            String message = cancelMessage;
            cancelMessage = null;
            cancelled((s & TurnFlags.WOKEN) != 0, message);
        } else if ((s & TurnFlags.WOKEN) != 0) {
            resumed();
        }
    }

    /** The woken waiter's turn: take what it waits for and {@link #grant}, or queue again. */
    abstract void resumed();

    /**
     * The cancelled waiter's turn: leave the queue, pass on the wake-up if {@code wasWoken} left one
     * unused, and end cancelled with {@code message} (by {@link #refuseCancelled}).
     */
    abstract void cancelled(boolean wasWoken, String message);

    /** Ends the wait cancelled now, in this turn: the awaiting coroutine goes on in it. */
    final boolean refuseCancelled(String message) {
        return super.cancel(message);
    }
}
