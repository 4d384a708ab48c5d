package dev.weft;

/**
 * A loop's ready queue: a FIFO of fixed-size chunks linked through their last slot. It never copies
 * what it holds to grow (a burst of 100,000 new tasks costs about 4 bytes each, where an
 * {@code ArrayDeque} regrows and copies its array about 1.5 times over), and lets a burst's chunks
 * go as they empty, keeping one spare: a queue that stays short cycles through two chunks and
 * allocates nothing. Loop thread only.
 */
final class ReadyQueue {
    /** Entries per chunk; the slot after them links to the next chunk. */
    static final int CHUNK = 256;

    /** The chunk of the first entry; the same as {@link #tail} when one chunk holds them all (and when empty). */
    private Object[] head = new Object[CHUNK + 1];
    private int headIndex;
    private Object[] tail = head;
    private int tailIndex;
    /** An emptied chunk kept for the next that fills, or null. */
    private Object[] spare;
    private int size;

    void addLast(Object r) {
        if (tailIndex == CHUNK) {
            Object[] c = spare;
            if (c == null) {
                c = new Object[CHUNK + 1];
            } else {
                spare = null;
            }
            tail[CHUNK] = c;
            tail = c;
            tailIndex = 0;
        }
        tail[tailIndex++] = r;
        size++;
    }

    /** The first entry, taken out; null if empty. */
    Object pollFirst() {
        if (size == 0) {
            return null;
        }
        Object[] h = head;
        int i = headIndex;
        if (i == CHUNK) {
            Object[] next = (Object[]) h[CHUNK];
            h[CHUNK] = null;
            spare = h; // its entries are nulled already
            head = next;
            h = next;
            i = 0;
        }
        Object r = h[i];
        h[i] = null;
        headIndex = i + 1;
        size--;
        return r;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The chunks held, the spare included: what the queue keeps in memory, in units of {@link #CHUNK} entries. */
    int chunksHeld() {
        int n = spare == null ? 0 : 1;
        for (Object[] c = head; c != null; c = (Object[]) c[CHUNK]) {
            n++;
        }
        return n;
    }
}
