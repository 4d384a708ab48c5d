package dev.weft.sync;

/**
 * A waiter that only waits to be granted, by whoever holds it: an event's, a queue's join.
 *
 * @param <T> the type of what is granted
 */
final class PlainWaiter<T> extends QueuedWaiter<T> {
    PlainWaiter() {
        super(null); // takes no turns and follows nothing: no loop to look up per wait
    }

    /** Ends the wait with {@code value}; false if the waiter was cancelled. */
    boolean give(T value) {
        return grant(value);
    }
}
