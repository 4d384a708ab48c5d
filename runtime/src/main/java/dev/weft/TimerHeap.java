package dev.weft;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by deadline, then by insertion, so equal deadlines fire in
 * the order they were set. Deadlines and sequence numbers sit in primitive arrays beside the
 * entries: comparisons touch no entry object, and an entry costs only its own fields plus 16 bytes
 * (a long deadline, an int sequence, a reference). Sequence numbers wrap around and are compared
 * as {@code a - b < 0}: right while fewer than 2^31 timers set apart are pending at once, which an
 * int index into the heap cannot exceed anyway. Loop thread only.
 */
final class TimerHeap {
    private long[] deadlines = new long[16];
    private int[] sequences = new int[16];
    /** {@link Timed} entries, and frames sleeping as their own entries (their index through Task's hooks). */
    private Object[] entries = new Object[16];
    private int size;
    private int nextSequence;
    /** The most timers one loop holds (see {@link #checkRoom}). */
    static final int MAX_SIZE = (1 << 28) - 1;
    private final int maxSize;

    TimerHeap() {
        this(0);
    }

    /** For tests: the first sequence number, near {@code Integer.MAX_VALUE} to wrap around soon. */
    TimerHeap(int firstSequence) {
        this(firstSequence, MAX_SIZE);
    }

    /** For tests: a heap that holds at most {@code maxSize} timers. */
    TimerHeap(int firstSequence, int maxSize) {
        nextSequence = firstSequence;
        this.maxSize = maxSize;
    }

    /**
     * Throws if the heap is full: a frame keeps its index (plus one) in the bits of an int beside its
     * phase, 28 of them, so a loop holds at most 2^28 - 1 timers (about 27 GB of sleeping frames).
     */
    void checkRoom() {
        if (size >= maxSize) {
            throw new IllegalStateException("the loop has " + size + " timers pending, the most it can hold");
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Object t, long deadline) {
        if (indexOf(t) >= 0) {
            throw new IllegalStateException("timer already scheduled");
        }
        checkRoom();
        if (size == entries.length) {
            int n = size * 2;
            deadlines = Arrays.copyOf(deadlines, n);
            sequences = Arrays.copyOf(sequences, n);
            entries = Arrays.copyOf(entries, n);
        }
        int i = size++;
        place(i, t, deadline, nextSequence++);
        siftUp(i);
    }

    /** The earliest deadline; the heap must not be empty. */
    long peekDeadline() {
        return deadlines[0];
    }

    /** Removes and returns the earliest entry; the heap must not be empty. */
    Object poll() {
        Object first = entries[0];
        removeAt(0);
        return first;
    }

    /** The deadline of {@code t} if it is in the heap, else {@code Long.MIN_VALUE}; for dumps. */
    long deadlineOf(Object t) {
        int i = indexOf(t);
        return i >= 0 && i < size && entries[i] == t ? deadlines[i] : Long.MIN_VALUE;
    }

    /** Removes {@code t} if it is in the heap; false if it was not (fired or never added). */
    boolean remove(Object t) {
        int i = indexOf(t);
        if (i < 0 || i >= size || entries[i] != t) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        setIndex(entries[i], -1);
        int last = --size;
        if (i != last) {
            place(i, entries[last], deadlines[last], sequences[last]);
            entries[last] = null;
            if (!siftUp(i)) {
                siftDown(i);
            }
        } else {
            entries[last] = null;
        }
    }

    /** Moves the entry at {@code i} up while it is earlier than its parent; true if it moved. */
    private boolean siftUp(int i) {
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(i, parent)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
        return i != start;
    }

    private void siftDown(int i) {
        for (;;) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && less(left + 1, left) ? left + 1 : left;
            if (!less(child, i)) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private boolean less(int a, int b) {
        long d = deadlines[a] - deadlines[b];
        return d < 0 || d == 0 && sequences[a] - sequences[b] < 0;
    }

    private void swap(int a, int b) {
        Object ta = entries[a];
        long da = deadlines[a];
        int sa = sequences[a];
        place(a, entries[b], deadlines[b], sequences[b]);
        place(b, ta, da, sa);
    }

    private void place(int i, Object t, long deadline, int sequence) {
        entries[i] = t;
        deadlines[i] = deadline;
        sequences[i] = sequence;
        setIndex(t, i);
    }

    private static int indexOf(Object t) {
        return t instanceof Timed ? ((Timed) t).heapIndex() : ((Task<?>) t).timerIndex();
    }

    private static void setIndex(Object t, int index) {
        if (t instanceof Timed) {
            ((Timed) t).heapIndex(index);
        } else {
            ((Task<?>) t).timerIndex(index);
        }
    }
}
