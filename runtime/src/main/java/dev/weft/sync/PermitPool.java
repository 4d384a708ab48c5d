package dev.weft.sync;

import java.util.IdentityHashMap;

/**
 * What a {@link Grant} is acquired from and released to: the {@link LockImpl lock} or a
 * {@link SemaphoreImpl semaphore}, which share the FIFO of waiting grants and differ in when a
 * woken waiter counts as holding. Loop-confined.
 *
 * <p>The FIFO is singly linked through the grants themselves, as asyncio's deque of waiters: adding
 * and taking the first are O(1); a grant leaving from the middle (cancelled) is found by a walk.
 */
abstract class PermitPool {
    static final String WHAT = "The lock (or semaphore)";

    final LoopBinding binding = new LoopBinding();
    /** Waiting grants, the woken ones included until their turn runs (as asyncio's {@code _waiters}). */
    private Grant head;
    private Grant tail;
    private int size;
    /** Messages of cancelled grants whose turn has not run yet; made at the first such cancel. */
    private IdentityHashMap<Grant, String> cancelMessages;

    /** What a waiting grant waits for, in words, for task dumps. */
    abstract String waitingFor();

    /** Gives back what one {@link Permit} holds. */
    abstract void release();

    /** The turn of a woken grant: take the permit and {@link Grant#granted()}. */
    abstract void resumed(Grant g);

    /** The turn of a cancelled grant: it left nothing held; pass on what it was woken for. */
    abstract void cancelled(Grant g, boolean wasWoken);

    /** Whether every waiter was cancelled before its wake-up: then a newcomer need not queue. */
    final boolean allAbandoned() {
        for (Grant g = head; g != null; g = g.next) {
            if (!g.isAbandoned()) {
                return false;
            }
        }
        return true;
    }

    /** A newcomer's waiting grant, queued last. */
    final Grant enqueue() {
        Grant g = new Grant(this);
        if (tail == null) {
            head = g;
        } else {
            tail.next = g;
        }
        tail = g;
        size++;
        return g;
    }

    /** The first waiting grant, or null. */
    final Grant first() {
        return head;
    }

    /** Takes {@code g} out of the queue; O(1) for the first, a walk for others; nothing if it is not queued. */
    final void unlink(Grant g) {
        Grant prev = null;
        Grant at = head;
        while (at != g) {
            if (at == null) {
                return;
            }
            prev = at;
            at = at.next;
        }
        Grant after = g.next;
        if (prev == null) {
            head = after;
        } else {
            prev.next = after;
        }
        if (after == null) {
            tail = prev;
        }
        g.next = null;
        size--;
    }

    final void keepCancelMessage(Grant g, String message) {
        if (cancelMessages == null) {
            cancelMessages = new IdentityHashMap<>();
        }
        cancelMessages.put(g, message);
    }

    final String takeCancelMessage(Grant g) {
        return cancelMessages == null ? null : cancelMessages.remove(g);
    }

    int waiting() {
        return size;
    }
}
