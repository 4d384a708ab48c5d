package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.BoundedSemaphore;
import dev.weft.CancelledException;
import dev.weft.Permit;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.SemaphoreTests, for {@link Semaphore} and {@link BoundedSemaphore}. */
class SemaphoreTest {
    private final List<String> log = new ArrayList<>();
    private Semaphore sem = Semaphore.create(1);

    @Test
    void test_semaphore() {
        Weft.run(() -> {
            assertEquals(1, sem.availablePermits());
            Permit p = await(sem.acquire());
            assertTrue(sem.isLocked());
            assertEquals(0, sem.availablePermits());
            p.close();
            assertFalse(sem.isLocked());
            assertEquals(1, sem.availablePermits());
            return Task.done();
        });
    }

    @Test
    void test_semaphore_value_error() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Semaphore.create(-1));
        assertEquals("Semaphore initial value must be >= 0, not -1", e.getMessage());
    }

    @Async
    Task<Void> worker(String name) {
        log.add(name + " waits");
        Permit p = await(sem.acquire());
        log.add(name + " acquired");
        await(turns(2));
        log.add(name + " done");
        p.close();
        return Task.done();
    }

    @Test
    void test_acquire() {
        Weft.run(() -> {
            sem = Semaphore.create(3);
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                ts.add(worker("t" + i));
            }
            assertEquals(0, sem.availablePermits());
            assertTrue(sem.isLocked());
            await(Weft.gather(ts));
            assertEquals(3, sem.availablePermits());
            return Task.done();
        });
        assertEquals(List.of("t1 waits", "t1 acquired", "t2 waits", "t2 acquired", "t3 waits", "t3 acquired",
                "t4 waits", "t1 done", "t2 done", "t3 done", "t4 acquired", "t4 done"), log);
    }

    @Test
    void test_acquire_cancel() {
        Weft.run(() -> {
            // asyncio's test_acquire_cancel: the cancellation is delivered when the waiter's step runs.
            await(sem.acquire());
            Task<Permit> waiting = sem.acquire();
            waiting.cancel();
            assertFalse(waiting.isDone(), "delivered on the next pass, as to an asyncio task");
            try {
                await(waiting);
                log.add("acquired");
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            assertEquals(List.of("cancelled"), log);
            sem.release();
            assertEquals(1, sem.availablePermits(), "the cancelled waiter does not take the released permit");
            return Task.done();
        });
    }

    @Test
    void test_acquire_cancel_before_awoken() {
        Weft.run(() -> {
            // test_acquire_cancel_before_awoken: two permits released, two waiters woken; one of them
            // is cancelled before it runs, and its permit goes to the next waiter (t3 then runs one
            // turn behind t2: it got the permit when t1 turned it down).
            sem = Semaphore.create(0);
            Task<Void> t1 = worker("t1");
            Task<Void> t2 = worker("t2");
            Task<Void> t3 = worker("t3");
            Task<Void> t4 = worker("t4");
            sem.release();
            sem.release();
            t1.cancel();
            await(turns(1));
            assertTrue(t1.isCancelled());
            await(Weft.gather(t2, t3, t4));
            assertEquals(2, sem.availablePermits());
            return Task.done();
        });
        // As in asyncio: t3 was woken one turn after t2 (when t1 gave its permit back), so t3's last
        // step is queued before t4's wake-up, which t2's release schedules for the same turn.
        assertEquals(List.of("t1 waits", "t2 waits", "t3 waits", "t4 waits", "t2 acquired", "t3 acquired",
                "t2 done", "t3 done", "t4 acquired", "t4 done"), log);
    }

    @Test
    void test_acquire_hang() {
        Weft.run(() -> {
            // test_acquire_hang: both waiters cancelled, one right after the release woke it: the
            // semaphore must not stay locked with nobody holding it.
            sem = Semaphore.create(0);
            Task<Void> t1 = worker("t1");
            Task<Void> t2 = worker("t2");
            sem.release();
            t1.cancel();
            t2.cancel();
            await(turns(2));
            assertTrue(t1.isCancelled() && t2.isCancelled());
            assertFalse(sem.isLocked());
            assertEquals(1, sem.availablePermits());
            return Task.done();
        });
    }

    @Test
    void test_acquire_fifo_order() {
        Weft.run(() -> {
            // test_acquire_fifo_order: with one permit and three tasks, they run strictly in order.
            sem = Semaphore.create(1);
            Task<Void> a = worker("a");
            Task<Void> b = worker("b");
            Task<Void> c = worker("c");
            await(Weft.gather(a, b, c));
            return Task.done();
        });
        assertEquals(List.of("a waits", "a acquired", "b waits", "c waits", "a done", "b acquired", "b done",
                "c acquired", "c done"), log);
    }

    @Test
    void test_acquire_fifo_order_2() {
        Weft.run(() -> {
            // test_acquire_fifo_order_2: a new arrival must not overtake a woken waiter.
            sem = Semaphore.create(1);
            Permit first = await(sem.acquire());
            Task<Void> waiter = worker("waiter");
            first.close();                       // handed to the waiter; not free in between
            assertEquals(0, sem.availablePermits());
            Task<Permit> latecomer = sem.acquire();
            assertFalse(latecomer.isDone());
            await(waiter);
            Permit late = await(latecomer);
            late.close();
            return Task.done();
        });
    }

    @Test
    void test_release_not_acquired() {
        BoundedSemaphore bounded = BoundedSemaphore.create(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, bounded::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
    }

    @Test
    void boundedSemaphoreCountsHandOffsAsReleases() {
        Weft.run(() -> {
            BoundedSemaphore bounded = BoundedSemaphore.create(2);
            Permit a = await(bounded.acquire());
            Permit b = await(bounded.acquire());
            Task<Permit> c = bounded.acquire();
            a.close();                  // handed to c: allowed even though the count is at 0
            Permit pc = await(c);
            b.close();
            pc.close();
            pc.close();                 // harmless
            assertEquals(2, bounded.availablePermits());
            assertThrows(IllegalStateException.class, bounded::release);
            return Task.done();
        });
    }

    @Test
    void test_release_no_waiters() {
        Weft.run(() -> {
            sem = Semaphore.create(1);
            await(sem.acquire());
            assertTrue(sem.isLocked());
            sem.release();
            assertFalse(sem.isLocked());
            sem.release();   // a plain semaphore may grow
            assertEquals(2, sem.availablePermits());
            return Task.done();
        });
    }

    @Async
    Task<Void> limited(int[] running, int[] peak) {
        try (Permit p = await(sem.acquire())) {
            running[0]++;
            peak[0] = Math.max(peak[0], running[0]);
            try {
                await(turns(1));
            } finally {
                running[0]--; // a holder cancelled inside leaves too
            }
        }
        return Task.done();
    }

    @Test
    void permitsSurviveRandomCancellations() {
        Weft.run(() -> {
            sem = BoundedSemaphore.create(3);
            Random random = new Random(7);
            int[] running = new int[1];
            int[] peak = new int[1];
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ts.add(limited(running, peak));
            }
            for (int i = 0; i < 100; i++) {
                ts.get(random.nextInt(ts.size())).cancel();
                await(turns(random.nextInt(2)));
            }
            for (Task<Void> t : ts) {
                try {
                    await(t);
                } catch (CancelledException expected) {
                    // fine
                }
            }
            assertEquals(3, peak[0]);
            assertEquals(0, running[0]);
            assertEquals(3, sem.availablePermits(), "no permit lost or duplicated");
            return Task.done();
        });
    }
}
