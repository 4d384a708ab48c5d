package com.example.mailbox;

import dev.weft.Task;
import dev.weft.Waiter;

/**
 * The example primitive of {@link Waiter}'s Javadoc, written as a library author would, outside
 * {@code dev.weft} and with its public API only: a one-slot mailbox whose item is never lost,
 * whatever is cancelled when.
 */
final class Mailbox<T> {
    private T item;              // at most one item, and at most one waiting taker
    private Taker taker;

    Task<T> take() {
        if (item == null) {
            taker = new Taker();
            return taker;
        }
        T t = item;
        item = null;
        return Task.of(t);
    }

    void put(T value) {
        Taker t = taker;
        taker = null;
        if (t == null || !t.give(value)) {   // false: the taker was cancelled while it waited
            item = value;
        }
    }

    private final class Taker extends Waiter<T> {
        boolean give(T value) {
            return grant(value);
        }

        @Override
        protected void onUndelivered(T value) {
            put(value);                      // granted, but its coroutine was cancelled first
        }
    }
}
