package dev.weft.internal;

/**
 * An entry of the runtime's timer heap that knows its own index, so that removing it is O(log n)
 * with no search and no garbage. Not for users: public only because a sleeping {@link Coroutine}
 * frame is its own entry, and frames live in this package.
 */
public interface Timed {
    /**
     * The entry's index in its heap, or a negative number when it is not in one.
     *
     * @return the index, or a negative number
     */
    int heapIndex();

    /**
     * Records the entry's index in its heap; -1 when it leaves it.
     *
     * @param index the index, or -1
     */
    void heapIndex(int index);
}
