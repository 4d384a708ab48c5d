package dev.weft.bench.sleepers;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-written contender's loop: a binary min-heap of deadlines (a {@code long[]}) beside
 * their callbacks (a {@code Runnable[]}), run on the calling thread until it is empty. An entry
 * costs 12 bytes in the arrays plus its callback.
 */
final class TimerLoop {
    private long[] deadlines = new long[16];
    private Runnable[] callbacks = new Runnable[16];
    private int size;

    int pending() {
        return size;
    }

    void sleep(long ms, Runnable then) {
        if (size == callbacks.length) {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            callbacks = Arrays.copyOf(callbacks, size * 2);
        }
        long deadline = System.nanoTime() + ms * 1_000_000;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (deadlines[parent] - deadline <= 0) {
                break;
            }
            deadlines[i] = deadlines[parent];
            callbacks[i] = callbacks[parent];
            i = parent;
        }
        deadlines[i] = deadline;
        callbacks[i] = then;
    }

    /** Fires the callbacks as their deadlines pass (parking in between) until none is left. */
    void run() {
        while (size > 0) {
            long wait = deadlines[0] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            Runnable first = callbacks[0];
            removeFirst();
            first.run();
        }
    }

    private void removeFirst() {
        int last = --size;
        long d = deadlines[last];
        Runnable r = callbacks[last];
        callbacks[last] = null;
        int i = 0;
        for (;;) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && deadlines[child + 1] - deadlines[child] < 0) {
                child++;
            }
            if (d - deadlines[child] <= 0) {
                break;
            }
            deadlines[i] = deadlines[child];
            callbacks[i] = callbacks[child];
            i = child;
        }
        if (size > 0) {
            deadlines[i] = d;
            callbacks[i] = r;
        }
    }
}
