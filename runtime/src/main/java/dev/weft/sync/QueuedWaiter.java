package dev.weft.sync;

import dev.weft.Loop;
import dev.weft.Waiter;

/**
 * A {@link Waiter} that can stand in a {@link WaitQueue}: it carries the queue's links, so that
 * queueing allocates nothing, and a cancelled waiter leaves its queue at once.
 *
 * @param <T> the type of what is granted
 */
abstract class QueuedWaiter<T> extends Waiter<T> {
    /** Links of the {@link WaitQueue} this waiter is in; all null when it is in none. */
    QueuedWaiter<?> prev;
    QueuedWaiter<?> next;
    WaitQueue<?> queue;

    QueuedWaiter() {
    }

    QueuedWaiter(Loop loop) {
        super(loop);
    }

    /** What it waits for: its queue's primitive says (while it is in one). */
    @Override
    protected String waitsOn() {
        WaitQueue<?> q = queue;
        return q != null ? q.what() : super.waitsOn();
    }

    /** Cancels at once and leaves the queue (a waiter that takes nothing itself, as an event's). */
    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        WaitQueue<?> q = queue;
        if (q != null) {
            q.unlink(this);
        }
        return true;
    }
}
