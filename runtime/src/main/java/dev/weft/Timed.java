package dev.weft;

/**
 * An entry of a {@link TimerHeap} that knows its own index, so that removing it is O(log n) with no
 * search and no garbage. It runs (on the loop) when its deadline passes.
 */
interface Timed extends Runnable {
    /** The entry's index in its heap, or -1 when it is not in one. */
    int heapIndex();

    void heapIndex(int index);
}
