package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Barrier;
import dev.weft.BarrierBrokenException;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.BarrierTests, for {@link Barrier}. */
class BarrierTest {
    private final List<String> log = new ArrayList<>();
    private Barrier barrier = Barrier.create(3);

    @Async
    Task<Integer> party(String name) {
        log.add(name + " arrives");
        int index = await(barrier.arriveAndWait());
        log.add(name + " passes");
        return Task.of(index);
    }

    @Test
    void test_barrier_and_check_return_value() {
        Weft.run(() -> {
            Task<Integer> a = party("a");
            Task<Integer> b = party("b");
            assertEquals(2, barrier.waiting());
            Task<Integer> c = party("c");
            assertEquals(0, barrier.waiting());
            assertEquals(List.of(0, 1, 2), await(Weft.gather(a, b, c)));
            assertFalse(barrier.isBroken());
            return Task.done();
        });
        assertEquals(List.of("a arrives", "b arrives", "c arrives", "c passes", "a passes", "b passes"), log);
    }

    @Test
    void test_barrier_parties() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Barrier.create(0));
        assertEquals("parties must be > 0, not 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Barrier.create(-4));
        assertEquals(5, Barrier.create(5).parties());
    }

    @Test
    void test_filling_one_task_twice() {
        Weft.run(() -> {
            barrier = Barrier.create(1);
            Task<Integer> first = barrier.arriveAndWait();
            assertTrue(first.isDone(), "the last party does not wait");
            assertEquals(0, await(first));
            assertEquals(0, await(barrier.arriveAndWait()));
            assertEquals(0, barrier.waiting());
            return Task.done();
        });
    }

    @Test
    void test_filling_tasks_wait_twice() {
        Weft.run(() -> {
            // test_filling_tasks_wait_twice: the barrier is cyclic.
            List<Task<Integer>> round1 = List.of(party("a"), party("b"), party("c"));
            await(Weft.gather(round1));
            List<Task<Integer>> round2 = List.of(party("a"), party("b"), party("c"));
            assertEquals(List.of(0, 1, 2), await(Weft.gather(round2)));
            return Task.done();
        });
        assertEquals(12, log.size());
    }

    @Test
    void test_filling_tasks_cancel_one() {
        Weft.run(() -> {
            Task<Integer> t1 = party("t1");
            assertEquals(1, barrier.waiting());
            Task<Integer> t2 = party("t2");
            assertEquals(2, barrier.waiting());
            t1.cancel();
            await(turns(1));
            assertEquals(1, barrier.waiting());
            assertTrue(t1.isCancelled());
            Task<Integer> t3 = party("t3");
            assertEquals(2, barrier.waiting());
            Task<Integer> t4 = party("t4");
            await(Weft.gather(t2, t3, t4));
            assertEquals(0, barrier.waiting());
            assertFalse(barrier.isBroken());
            return Task.done();
        });
        assertEquals(List.of("t1 arrives", "t2 arrives", "t3 arrives", "t4 arrives", "t4 passes", "t2 passes",
                "t3 passes"), log);
    }

    @Test
    void test_reset_barrier() {
        barrier.reset();
        assertEquals(0, barrier.waiting());
        assertFalse(barrier.isBroken());
    }

    @Test
    void test_reset_barrier_while_tasks_waiting() {
        Weft.run(() -> {
            Task<Integer> a = barrier.arriveAndWait();
            Task<Integer> b = barrier.arriveAndWait();
            barrier.reset();
            assertEquals("Barrier[resetting, waiters:0/3]", barrier.toString());
            for (Task<Integer> t : List.of(a, b)) {
                // as in asyncio, each fails in its own step, once it holds the barrier's lock again
                try {
                    await(t);
                    log.add("passed");
                } catch (BarrierBrokenException e) {
                    log.add(e.getMessage());
                }
            }
            assertEquals(List.of("Abort or reset of barrier", "Abort or reset of barrier"), log);
            assertEquals("Barrier[filling, waiters:0/3]", barrier.toString());
            assertFalse(barrier.isBroken());
            assertEquals(0, barrier.waiting());
            List<Task<Integer>> again = List.of(party("x"), party("y"), party("z"));
            assertEquals(List.of(0, 1, 2), await(Weft.gather(again)));
            return Task.done();
        });
    }

    @Test
    void test_abort_barrier() {
        Weft.run(() -> {
            Task<Integer> a = party("a");
            barrier.abort();
            assertTrue(barrier.isBroken());
            try {
                await(a);
            } catch (BarrierBrokenException e) {
                log.add("a broken");
            }
            try {
                await(barrier.arriveAndWait());
            } catch (BarrierBrokenException e) {
                log.add("late arrival broken: " + e.getMessage());
            }
            barrier.reset();
            assertFalse(barrier.isBroken());
            return Task.done();
        });
        assertEquals(List.of("a arrives", "a broken", "late arrival broken: Barrier aborted"), log);
    }
}
