package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The intrusive timer heap against a reference PriorityQueue, with random adds, removes and polls. */
class TimerHeapTest {
    static final class Entry implements Timed, Comparable<Entry> {
        final long deadline;
        final long order;
        int index = -1;

        Entry(long deadline, long order) {
            this.deadline = deadline;
            this.order = order;
        }

        @Override
        public int heapIndex() {
            return index;
        }

        @Override
        public void heapIndex(int i) {
            index = i;
        }

        @Override
        public void run() {
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    @Test
    void behavesLikeAPriorityQueueOrderedByDeadlineThenInsertion() {
        behavesLikeAPriorityQueue(new TimerHeap());
    }

    /** Int sequence numbers compared with wrap-around: the order holds while the counter passes Integer.MAX_VALUE. */
    @Test
    void behavesLikeAPriorityQueueWhileTheSequenceWrapsAround() {
        behavesLikeAPriorityQueue(new TimerHeap(Integer.MAX_VALUE - 50_000));
    }

    private static void behavesLikeAPriorityQueue(TimerHeap heap) {
        Random random = new Random(3);
        PriorityQueue<Entry> reference = new PriorityQueue<>();
        List<Entry> live = new ArrayList<>();
        long order = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(3);
            if (op == 0 || live.isEmpty()) {
                Entry e = new Entry(random.nextInt(1000), order++);
                heap.add(e, e.deadline);
                reference.add(e);
                live.add(e);
            } else if (op == 1) {
                Entry e = live.remove(random.nextInt(live.size()));
                assertTrue(heap.remove(e));
                assertFalse(heap.remove(e));
                assertEquals(-1, e.index);
                reference.remove(e);
            } else {
                Entry expected = reference.poll();
                assertEquals(expected.deadline, heap.peekDeadline());
                assertSame(expected, heap.poll());
                live.remove(expected);
            }
            assertEquals(reference.size(), heap.size());
        }
    }

    @Test
    void equalDeadlinesComeOutInInsertionOrder() {
        TimerHeap heap = new TimerHeap();
        List<Entry> in = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Entry e = new Entry(5, i);
            in.add(e);
            heap.add(e, 5);
        }
        for (Entry e : in) {
            assertSame(e, heap.poll());
        }
        assertTrue(heap.isEmpty());
    }

    /** Equal deadlines across the wrap: sequence MAX_VALUE - 2 .. MIN_VALUE + 2 still come out in insertion order. */
    @Test
    void equalDeadlinesComeOutInInsertionOrderAcrossTheWrapAround() {
        TimerHeap heap = new TimerHeap(Integer.MAX_VALUE - 2);
        List<Entry> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Entry e = new Entry(7, i);
            in.add(e);
        }
        // added out of heap order: later deadlines first, so each equal-deadline entry must sift by sequence
        Entry late = new Entry(9, 100);
        heap.add(late, 9);
        for (Entry e : in) {
            heap.add(e, 7);
        }
        for (Entry e : in) {
            assertSame(e, heap.poll());
        }
        assertSame(late, heap.poll());
        assertTrue(heap.isEmpty());
    }

    /**
     * A full heap refuses one more timer with a clear error and stays as it was: a frame keeps its
     * index in 28 bits beside its phase, so a loop holds at most 2^28 - 1 timers.
     */
    @Test
    void aFullHeapRefusesAnotherTimerAndStaysWhole() {
        assertEquals((1 << 28) - 1, TimerHeap.MAX_SIZE);
        TimerHeap heap = new TimerHeap(0, 3);
        Entry a = new Entry(3, 0);
        Entry b = new Entry(1, 1);
        Entry c = new Entry(2, 2);
        heap.add(a, 3);
        heap.add(b, 1);
        heap.add(c, 2);
        Entry d = new Entry(0, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> heap.add(d, 0));
        assertEquals("the loop has 3 timers pending, the most it can hold", e.getMessage());
        assertEquals(-1, d.index);
        assertEquals(3, heap.size());
        assertSame(b, heap.poll());
        heap.add(d, 0);
        assertSame(d, heap.poll());
        assertSame(c, heap.poll());
        assertSame(a, heap.poll());
        assertTrue(heap.isEmpty());
    }
}
