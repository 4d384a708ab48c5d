package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Lock;
import dev.weft.Permit;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.LockTests, for {@link Lock}. */
class LockTest {
    private final List<String> log = new ArrayList<>();
    private final Lock lock = Lock.create();

    @Test
    void test_lock() {
        Weft.run(() -> {
            assertFalse(lock.isLocked());
            Task<Permit> first = lock.acquire();
            assertTrue(first.isDone(), "a free lock is acquired without suspending");
            Permit held = await(first);
            assertTrue(lock.isLocked());
            held.close();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Async
    Task<Void> holder(String name) {
        try (Permit held = await(lock.acquire())) {
            log.add(name + " acquired");
            await(turns(2));
            log.add(name + " releases");
        }
        return Task.done();
    }

    @Test
    void test_acquire_isFifo() {
        Weft.run(() -> {
            Permit mine = await(lock.acquire());
            Task<Void> a = holder("1");
            Task<Void> b = holder("2");
            Task<Void> c = holder("3");
            await(turns(2));
            assertEquals(List.of(), log);
            mine.close();
            await(Weft.gather(a, b, c));
            return Task.done();
        });
        assertEquals(List.of("1 acquired", "1 releases", "2 acquired", "2 releases", "3 acquired", "3 releases"), log);
    }

    @Test
    void test_acquire_cancel() {
        Weft.run(() -> {
            // asyncio's test_acquire_cancel: the cancellation is delivered when the waiter's step runs.
            Permit mine = await(lock.acquire());
            Task<Permit> waiting = lock.acquire();
            assertFalse(waiting.isDone());
            assertTrue(waiting.cancel());
            assertFalse(waiting.isDone(), "delivered on the next pass, as to an asyncio task");
            try {
                await(waiting);
                log.add("acquired");
            } catch (CancelledException e) {
                log.add("cancelled");
            }
            assertEquals("Lock[locked, waiters:0]", lock.toString());
            mine.close();
            assertFalse(lock.isLocked(), "a cancelled waiter is not handed the lock");
            return Task.done();
        });
        assertEquals(List.of("cancelled"), log);
    }

    @Async
    Task<Void> lockit(String name) {
        log.add(name + " waits");
        await(lock.acquire());
        log.add(name + " got it");
        return Task.done();
    }

    @Test
    void test_cancel_race() {
        Weft.run(() -> {
            // test_cancel_race: A holds, B and C wait; B is cancelled, then A releases: C gets it.
            Permit a = await(lock.acquire());
            Task<Void> b = lockit("B");
            Task<Void> c = lockit("C");
            await(turns(1));
            b.cancel();
            a.close();
            await(turns(2));
            assertTrue(b.isCancelled());
            assertTrue(c.isDone());
            assertTrue(lock.isLocked(), "C holds it");
            return Task.done();
        });
        assertEquals(List.of("B waits", "C waits", "C got it"), log);
    }

    @Test
    void test_cancel_release_race() {
        Weft.run(() -> {
            // test_cancel_release_race: t1 is cancelled in the very turn the lock is released to it
            // (prompt cancellation): only one lock is taken, t2's; nothing is lost.
            Permit mine = await(lock.acquire());
            Task<Void> t1 = lockit("t1");
            Task<Void> t2 = lockit("t2");
            Task<Void> t3 = lockit("t3");
            await(turns(1));
            mine.close();           // hands the lock to t1 ...
            t1.cancel();            // ... which is cancelled before it resumes
            await(turns(2));
            CancelledException e = assertThrows(CancelledException.class, t1::result);
            assertSame(CancelledException.class, e.getClass());
            assertTrue(t2.isDone() && !t2.isFailed());
            assertFalse(t3.isDone());
            t3.cancel();
            await(turns(1));
            assertTrue(t3.isCancelled());
            return Task.done();
        });
        assertEquals(List.of("t1 waits", "t2 waits", "t3 waits", "t2 got it"), log);
    }

    @Test
    void test_finished_waiter_cancelled() {
        Weft.run(() -> {
            // test_finished_waiter_cancelled: the granted waiter is cancelled before it runs; the lock
            // must go on to the next waiter, not stay locked forever.
            Permit mine = await(lock.acquire());
            Task<Void> ta = lockit("a");
            Task<Void> tb = lockit("b");
            mine.close();
            ta.cancel();
            await(turns(2));
            assertTrue(ta.isCancelled());
            assertTrue(tb.isDone() && !tb.isFailed());
            assertTrue(lock.isLocked());
            lock.release();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void test_release_not_acquired() {
        Weft.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("Lock is not acquired", e.getMessage());
            return Task.done();
        });
    }

    @Test
    void test_release_no_waiters() {
        Weft.run(() -> {
            await(lock.acquire());
            assertTrue(lock.isLocked());
            lock.release();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void test_context_manager() {
        Weft.run(() -> {
            try (Permit held = await(lock.acquire())) {
                assertTrue(lock.isLocked());
                throw new IllegalArgumentException("boom");
            } catch (IllegalArgumentException e) {
                assertEquals("boom", e.getMessage());
            }
            assertFalse(lock.isLocked(), "try-with-resources released it on the exception path");
            return Task.done();
        });
    }

    @Test
    void aSecondCloseOfAPermitIsHarmless() {
        Weft.run(() -> {
            Permit first = await(lock.acquire());
            first.close();
            Permit second = await(lock.acquire());
            first.close(); // stale: must not release the second holder's lock
            assertTrue(lock.isLocked());
            second.close();
            second.close();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void cancellingAHolderReleasesTheLock() {
        Weft.run(() -> {
            Task<Void> t = holder("x");
            await(turns(1));
            t.cancel();
            await(turns(2));
            assertTrue(t.isCancelled());
            assertFalse(lock.isLocked(), "cancellation inside the block releases through the permit");
            return Task.done();
        });
        assertEquals(List.of("x acquired"), log);
    }

    @Test
    void noLostHandOffUnderManyCancellations() {
        Weft.run(() -> {
            java.util.Random random = new java.util.Random(42);
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                tasks.add(holder("h" + i));
            }
            for (int round = 0; round < 50; round++) {
                tasks.get(random.nextInt(tasks.size())).cancel();
                await(turns(random.nextInt(3)));
            }
            for (Task<Void> t : tasks) {
                try {
                    await(t);
                } catch (CancelledException expected) {
                    // cancelled waiter or holder
                }
            }
            return Task.done();
        });
        assertFalse(lock.isLocked());
    }
}
