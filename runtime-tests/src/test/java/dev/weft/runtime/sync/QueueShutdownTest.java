package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python 3.13's test_queues shutdown cases (_QueueShutdownTestMixin), for {@link Queue#shutdown}. */
class QueueShutdownTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> outcome(Task<?> t) {
        try {
            return Task.of("value " + await(t));
        } catch (QueueShutDownException e) {
            return Task.of("shut down: " + e.getMessage());
        }
    }

    @Test
    void test_shutdown_empty() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo();
            q.shutdown();
            assertEquals("shut down: the queue was shut down", await(outcome(q.put("data"))));
            assertEquals("shut down: the queue was shut down", await(outcome(q.get())));
            assertThrows(QueueShutDownException.class, () -> q.putNowait("data"));
            assertThrows(QueueShutDownException.class, q::getNowait);
            return Task.done();
        });
    }

    @Test
    void test_shutdown_nonempty() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo();
            q.putNowait("data");
            q.shutdown();
            assertEquals("data", await(q.get()), "gets go on until the queue is empty");
            assertEquals("shut down: the queue was shut down", await(outcome(q.get())));
            assertThrows(QueueShutDownException.class, q::getNowait, "not QueueEmptyException once shut down");
            return Task.done();
        });
    }

    @Test
    void test_shutdown_immediate() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo();
            q.putNowait("data");
            q.shutdown(true);
            assertEquals(0, q.size());
            assertEquals("shut down: the queue was shut down", await(outcome(q.get())));
            assertThrows(QueueShutDownException.class, q::getNowait);
            assertTrue(q.join().isDone(), "dropped items count as done");
            return Task.done();
        });
    }

    @Test
    void test_shutdown_immediate_with_unfinished() {
        Weft.run(() -> {
            Queue<String> q = Queue.fifo();
            await(q.put("data"));
            await(q.put("data"));
            await(q.get());
            Task<Void> join = q.join();
            q.shutdown(true);
            assertEquals(0, q.size());
            await(turns(1));
            assertFalse(join.isDone(), "the item already taken is not done yet");
            q.taskDone();
            await(turns(1));
            assertTrue(join.isDone());
            assertThrows(IllegalStateException.class, q::taskDone);
            return Task.done();
        });
    }

    @Test
    void test_shutdown_putters_and_getters() {
        Weft.run(() -> {
            Queue<String> full = Queue.fifo(1);
            full.putNowait("x");
            Task<String> putter = outcome(full.put("y"));
            Queue<String> empty = Queue.fifo();
            Task<String> getter1 = outcome(empty.get());
            Task<String> getter2 = outcome(empty.get());
            full.shutdown();
            empty.shutdown();
            assertEquals("shut down: the queue was shut down", await(putter));
            assertEquals("shut down: the queue was shut down", await(getter1));
            assertEquals("shut down: the queue was shut down", await(getter2));
            assertEquals("x", full.getNowait(), "the item put before the shutdown stays");
            return Task.done();
        });
    }

    @Async
    Task<Void> consumer(Queue<Integer> q, String name) {
        try {
            for (;;) {
                int item = await(q.get());
                log.add(name + " " + item);
                q.taskDone();
            }
        } catch (QueueShutDownException e) {
            log.add(name + " stops");
        }
        return Task.done();
    }

    @Test
    void consumersDrainAShutDownQueueThenStop() {
        Weft.run(() -> {
            Queue<Integer> q = Queue.fifo(2);
            Task<Void> c = consumer(q, "c");
            for (int i = 0; i < 4; i++) {
                await(q.put(i));
            }
            q.shutdown();
            await(c);
            await(q.join());
            return Task.done();
        });
        assertEquals(List.of("c 0", "c 1", "c 2", "c 3", "c stops"), log);
    }
}
