package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.QueueEmptyException;
import dev.weft.sync.QueueFullException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_queues (QueueBasicTests, QueueGetTests, QueuePutTests, join), for {@link AsyncQueue}. */
class QueueTest {
    private final List<String> log = new ArrayList<>();

    private static <E> List<E> drain(AsyncQueue<E> q) {
        List<E> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Test
    void aGetCancelledOnceItsLoopClosedEndsCancelledAtOnce() {
        AsyncQueue<String> q = AsyncQueue.fifo();
        List<Task<String>> left = new ArrayList<>();
        Weft.run(() -> {
            left.add(q.get()); // empty: waits, and nothing awaits it
            return Task.done();
        });
        Task<String> get = left.get(0);
        assertFalse(get.isDone());
        assertTrue(get.cancel("too late"));
        assertTrue(get.isCancelled(), "no turn comes on a closed loop: cancelled at once");
        assertEquals("too late", assertThrows(CancelledException.class, get::exception).getMessage());
        assertFalse(get.cancel("again"));
    }

    @Test
    void test_empty() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        assertTrue(q.isEmpty());
        q.putNowait(1);
        assertFalse(q.isEmpty());
        assertEquals(1, q.getNowait());
        assertTrue(q.isEmpty());
    }

    @Test
    void test_full() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        assertFalse(q.isFull());
        AsyncQueue<Integer> bounded = AsyncQueue.fifo(1);
        bounded.putNowait(1);
        assertTrue(bounded.isFull());
        assertEquals(1, bounded.maxsize());
    }

    @Test
    void test_order_fifo_lifo_priority() {
        AsyncQueue<Integer> fifo = AsyncQueue.fifo();
        AsyncQueue<Integer> lifo = AsyncQueue.lifo();
        AsyncQueue<Integer> prio = AsyncQueue.priority();
        for (int i : new int[] {1, 3, 2}) {
            fifo.putNowait(i);
            lifo.putNowait(i);
            prio.putNowait(i);
        }
        assertEquals(List.of(1, 3, 2), drain(fifo));
        assertEquals(List.of(2, 3, 1), drain(lifo));
        assertEquals(List.of(1, 2, 3), drain(prio));
        AsyncQueue<String> byLength = AsyncQueue.priority(Comparator.comparing(String::length).reversed(), 0);
        byLength.putNowait("a");
        byLength.putNowait("ccc");
        byLength.putNowait("bb");
        assertEquals(List.of("ccc", "bb", "a"), drain(byLength));
    }

    @Async
    Task<Void> putter(AsyncQueue<Integer> q, int n) {
        for (int i = 0; i < n; i++) {
            await(q.put(i));
            log.add("put " + i);
        }
        return Task.done();
    }

    @Test
    void test_maxsize() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo(2);
            assertEquals(2, q.maxsize());
            Task<Void> t = putter(q, 3);
            await(turns(1));
            assertEquals(List.of("put 0", "put 1"), log, "the third put waits for room");
            assertEquals(2, q.size());
            assertEquals(0, await(q.get()));
            await(t);
            assertEquals(List.of("put 0", "put 1", "put 2"), log);
            assertEquals(List.of(1, 2), drain(q));
            return Task.done();
        });
    }

    @Test
    void test_blocking_get() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            q.putNowait(1);
            Task<Integer> ready = q.get();
            assertTrue(ready.isDone(), "an item is there: no suspension");
            assertEquals(1, await(ready));
            return Task.done();
        });
    }

    @Test
    void test_get_with_putters() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo(1);
            q.putNowait(1);
            Task<Void> waitingPut = q.put(2);
            assertFalse(waitingPut.isDone());
            assertEquals(1, await(q.get()));
            assertFalse(waitingPut.isDone(), "woken: the put puts its item when its step runs");
            assertEquals(0, q.size());
            await(waitingPut);
            assertEquals(2, q.getNowait());
            return Task.done();
        });
    }

    @Async
    Task<Integer> getter(AsyncQueue<Integer> q, String name) {
        log.add(name + " waits");
        Integer v = await(q.get());
        log.add(name + " got " + v);
        return Task.of(v);
    }

    @Test
    void test_blocking_get_wait() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            Task<Integer> g = getter(q, "g");
            await(turns(1));
            assertFalse(g.isDone());
            q.putNowait(1);
            assertEquals(1, q.size(), "the woken getter takes it when its step runs");
            assertEquals(1, await(g));
            return Task.done();
        });
        assertEquals(List.of("g waits", "g got 1"), log);
    }

    @Test
    void test_nonblocking_get_exception() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        QueueEmptyException e = assertThrows(QueueEmptyException.class, q::getNowait);
        assertEquals("the queue is empty", e.getMessage());
    }

    @Test
    void test_get_cancelled() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            Task<Integer> g = getter(q, "g");
            g.cancel();
            await(turns(1));
            assertTrue(g.isCancelled());
            q.putNowait(1);
            assertEquals(1, q.size(), "a cancelled getter takes nothing");
            return Task.done();
        });
    }

    @Async
    Task<String> stringGetter(AsyncQueue<String> q, String name) {
        String v = await(q.get());
        log.add(name + " got " + v);
        return Task.of(v);
    }

    @Test
    void test_get_cancelled_race() {
        Weft.run(() -> {
            // test_get_cancelled_race: t1 is cancelled, then an item is put: it goes to t2.
            AsyncQueue<String> q = AsyncQueue.fifo();
            Task<String> t1 = Weft.createTask(q::get);
            Task<String> t2 = Weft.createTask(q::get);
            await(sleep(0));
            t1.cancel();
            await(sleep(0));
            assertTrue(t1.isDone());
            await(q.put("a"));
            await(sleep(0));
            assertEquals("a", await(t2));
            // woken for an item and cancelled before its step: the item goes on to t4
            Task<String> t3 = stringGetter(q, "t3");
            Task<String> t4 = stringGetter(q, "t4");
            q.putNowait("b");
            t3.cancel();
            await(turns(2));
            assertTrue(t3.isCancelled());
            assertEquals("b", await(t4));
            return Task.done();
        });
        assertEquals(List.of("t4 got b"), log);
    }

    @Test
    void aGetterCancelledAfterItsWakeUpTakesNothing() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            Task<Integer> g = getter(q, "g");
            q.putNowait(1);              // wakes g
            q.putNowait(2);
            g.cancel();                  // before g's step: g takes nothing
            await(turns(1));
            assertTrue(g.isCancelled());
            assertEquals(List.of(1, 2), drain(q), "nothing taken: the items are where they were");
            return Task.done();
        });
    }

    @Test
    void test_cancelled_getters_not_being_held_in_self_getters() {
        Weft.run(() -> {
            // test_cancelled_getters_not_being_held_in_self_getters
            AsyncQueue<Integer> q = AsyncQueue.fifo(1);
            List<Task<Integer>> gs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                gs.add(q.get());
            }
            for (Task<Integer> g : gs) {
                g.cancel();
            }
            q.putNowait(1);
            assertEquals(1, q.size(), "no cancelled getter was left to take it");
            return Task.done();
        });
    }

    @Test
    void test_why_are_getters_waiting() {
        Weft.run(() -> {
            // Getters that are woken must not be left waiting while items remain (bpo-...).
            AsyncQueue<Integer> q = AsyncQueue.fifo(2);
            List<Task<Integer>> gs = List.of(getter(q, "a"), getter(q, "b"), getter(q, "c"));
            await(turns(1));
            Task<Void> p = putter(q, 3);
            List<Integer> got = await(Weft.gather(gs));
            await(p);
            assertEquals(List.of(0, 1, 2), got);
            return Task.done();
        });
    }

    @Test
    void test_why_are_putters_waiting() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo(2);
            q.putNowait(0);
            q.putNowait(1);
            List<Task<Void>> puts = List.of(q.put(2), q.put(3));
            assertEquals(0, q.getNowait());
            assertEquals(1, q.getNowait());
            await(Weft.gather(puts));
            assertEquals(List.of(2, 3), drain(q));
            return Task.done();
        });
    }

    @Test
    void test_nonblocking_put_exception() {
        AsyncQueue<Integer> q = AsyncQueue.fifo(1);
        q.putNowait(1);
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.putNowait(2));
        assertEquals("the queue is full (maxsize 1)", e.getMessage());
    }

    @Test
    void test_put_cancelled() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo(1);
            q.putNowait(1);
            Task<Void> p = putter(q, 0);
            Task<Void> waitingPut = q.put(2);
            waitingPut.cancel();
            assertEquals(1, q.getNowait());
            assertTrue(q.isEmpty(), "a put cancelled while waiting put nothing");
            await(p);
            return Task.done();
        });
    }

    @Test
    void test_put_with_waiting_getters() {
        Weft.run(() -> {
            AsyncQueue<String> q = AsyncQueue.fifo();
            Task<String> t = q.get();
            await(q.put("a"));
            assertEquals("a", await(t));
            return Task.done();
        });
    }

    @Test
    void test_task_done_underflow() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("taskDone() called too many times", e.getMessage());
    }

    @Async
    Task<Void> worker(AsyncQueue<Integer> q, int[] sum) {
        for (;;) {
            int item = await(q.get());
            sum[0] += item;
            q.taskDone();
        }
    }

    @Test
    void test_task_done() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            int[] sum = new int[1];
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            Task<Void> w1 = worker(q, sum);
            Task<Void> w2 = worker(q, sum);
            await(q.join());
            assertEquals(4950, sum[0]);
            w1.cancel();
            w2.cancel();
            await(turns(1));
            assertTrue(w1.isCancelled() && w2.isCancelled());
            return Task.done();
        });
    }

    @Test
    void test_join_empty_queue() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            assertTrue(q.join().isDone());
            q.putNowait(1);
            Task<Void> join = q.join();
            assertFalse(join.isDone());
            q.getNowait();
            assertFalse(join.isDone(), "taken is not done");
            q.taskDone();
            assertNull(await(join));
            return Task.done();
        });
    }

    @Test
    void nullItemsAreRefused() {
        AsyncQueue<Integer> q = AsyncQueue.fifo();
        assertThrows(NullPointerException.class, () -> q.putNowait(null));
    }

    @Test
    void aCancelledLifoGetterTakesNothing() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.lifo();
            Task<Integer> g = getter(q, "g");
            q.putNowait(1);              // wakes g
            q.putNowait(2);
            g.cancel();                  // before g's step: g takes nothing
            await(turns(1));
            assertEquals(List.of(2, 1), drain(q), "nothing taken: last in, first out");
            return Task.done();
        });
    }

    @Test
    void cancellingAGetterCarriesTheMessage() {
        Weft.run(() -> {
            AsyncQueue<Integer> q = AsyncQueue.fifo();
            Task<Integer> g = getter(q, "g");
            g.cancel("stop");
            try {
                await(g);
            } catch (CancelledException e) {
                log.add("cancelled: " + e.getMessage());
            }
            return Task.done();
        });
        assertEquals(List.of("g waits", "cancelled: stop"), log);
    }
}
