package dev.weft.sync;

import dev.weft.Loop;

/**
 * The wake-then-acquire state that a lock's or semaphore's {@link Grant} and the other primitives'
 * {@link Contender}s share, in one int: a release only {@link #WOKEN wakes} a waiter, and its turn
 * takes what it waits for; a cancellation is {@link #CANCEL_ASKED asked} and delivered in the turn,
 * which passes on a wake-up it got. A {@code Grant} keeps flags of its own in the higher bits.
 */
final class TurnFlags {
    /** Woken by a release: its turn takes what it waits for. */
    static final int WOKEN = 1;
    /** Cancelled while waiting: its turn leaves the queue and ends cancelled. */
    static final int CANCEL_ASKED = 2;

    private TurnFlags() {
    }

    /** Whether a wake-up may go to a waiter in state {@code s}: neither woken nor cancelled (asyncio's {@code not fut.done()}). */
    static boolean isPending(int s) {
        return (s & (WOKEN | CANCEL_ASKED)) == 0;
    }

    /** Whether a waiter in state {@code s} was cancelled before any wake-up (asyncio's cancelled waiter future). */
    static boolean isAbandoned(int s) {
        return (s & (WOKEN | CANCEL_ASKED)) == CANCEL_ASKED;
    }

    /**
     * Hands a cancel asked on another thread to the waiter's {@code loop}, whose state it changes;
     * false if that loop has closed: then no turn comes, and the caller cancels the waiter at once.
     */
    static boolean cancelOnLoop(Loop loop, Runnable cancel) {
        try {
            loop.callSoonThreadSafe(cancel);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }
}
