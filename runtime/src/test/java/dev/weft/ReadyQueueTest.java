package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ReadyQueueTest {
    @Test
    void entriesComeOutInTheOrderTheyWentInAcrossChunks() {
        ReadyQueue q = new ReadyQueue();
        int next = 0;
        int expected = 0;
        // uneven batches, so that the head and the tail cross chunk boundaries at every offset
        for (int round = 0; round < 50; round++) {
            int in = (round * 97) % 700;
            for (int i = 0; i < in; i++) {
                q.addLast(next++);
            }
            int out = (round * 61) % 650;
            for (int i = 0; i < out && !q.isEmpty(); i++) {
                assertEquals(expected++, q.pollFirst());
            }
            assertEquals(next - expected, q.size());
        }
        while (!q.isEmpty()) {
            assertEquals(expected++, q.pollFirst());
        }
        assertEquals(next, expected);
        assertNull(q.pollFirst(), "empty");
        assertEquals(0, q.size());
    }

    @Test
    void aBurstsChunksGoAsTheyEmptyAndTheQueueKeepsAtMostOneSpare() {
        ReadyQueue q = new ReadyQueue();
        for (int i = 0; i < 100 * ReadyQueue.CHUNK; i++) {
            q.addLast(i);
        }
        assertEquals(100, q.chunksHeld());
        for (int i = 0; i < 100 * ReadyQueue.CHUNK; i++) {
            q.pollFirst();
        }
        assertTrue(q.isEmpty());
        assertTrue(q.chunksHeld() <= 2, "the emptied chunks let go: " + q.chunksHeld() + " kept");
    }

    @Test
    void aShortQueueCyclingThroughItsChunksAllocatesNothing() {
        ReadyQueue q = new ReadyQueue();
        Object entry = new Object();
        for (int i = 0; i < 10; i++) {
            q.addLast(entry); // ten waiting entries, as ten coroutines yielding in turn
        }
        cycle(q, 100_000); // warm-up: compiled, and the chunks it cycles through made
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        cycle(q, 1_000_000);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1_000, "a million turns of a short queue allocated " + allocated + " bytes");
        assertTrue(q.chunksHeld() <= 3, q.chunksHeld() + " chunks");
        assertEquals(10, q.size());
    }

    private static void cycle(ReadyQueue q, int turns) {
        for (int i = 0; i < turns; i++) {
            q.addLast(q.pollFirst());
        }
    }
}
