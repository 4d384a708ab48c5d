package dev.weft.sync;

/**
 * A FIFO of {@link QueuedWaiter}s, intrusive so that a cancelled waiter leaves it in O(1) and leaves no
 * garbage behind. Loop-confined.
 *
 * @param <W> the waiter type
 */
final class WaitQueue<W extends QueuedWaiter<?>> {
    private QueuedWaiter<?> head;
    private QueuedWaiter<?> tail;
    private int size;
    /** What the waiters here wait for, for task dumps; made by the primitive, per primitive. */
    private final java.util.function.Supplier<String> what;

    /** A queue whose waiters wait for {@code what} (read by task dumps only). */
    WaitQueue(java.util.function.Supplier<String> what) {
        this.what = what;
    }

    /** What the waiters here wait for, in words. */
    String what() {
        return what.get();
    }

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }

    void addLast(W w) {
        w.queue = this;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** The first waiter, still linked, or null. */
    W first() {
        return cast(head);
    }

    /** The waiter after {@code w} (linked here), or null. */
    W after(W w) {
        return cast(w.next);
    }

    /** The first waiter, unlinked, or null. */
    W pollFirst() {
        QueuedWaiter<?> w = head;
        if (w == null) {
            return null;
        }
        unlink(w);
        return cast(w);
    }

    void unlink(QueuedWaiter<?> w) {
        if (w.queue != this) {
            return;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        size--;
    }

    @SuppressWarnings("unchecked")
    private W cast(QueuedWaiter<?> w) {
        return (W) w;
    }
}
