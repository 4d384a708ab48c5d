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
import dev.weft.Condition;
import dev.weft.Lock;
import dev.weft.Permit;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.ConditionTests, for {@link Condition}. */
class ConditionTest {
    private final List<Integer> result = new ArrayList<>();
    private final Condition cond = Condition.create();
    private boolean presult;
    private int state;
    private CancelledException raised;

    /** asyncio's c1/c2/c3 of test_wait: acquires, waits, appends, and keeps the lock. */
    @Async
    Task<Boolean> waitAndKeep(int n) {
        await(cond.acquire());
        if (await(cond.waitSignal())) {
            result.add(n);
        }
        return Task.of(true);
    }

    @Test
    void test_wait() {
        Weft.run(() -> {
            Task<Boolean> t1 = waitAndKeep(1);
            Task<Boolean> t2 = waitAndKeep(2);
            Task<Boolean> t3 = waitAndKeep(3);
            await(turns(1));
            assertEquals(List.of(), result);
            assertFalse(cond.isLocked());

            await(cond.acquire());
            cond.signal();
            await(turns(1));
            assertEquals(List.of(), result);
            assertTrue(cond.isLocked());

            cond.release();
            await(turns(1));
            assertEquals(List.of(1), result);
            assertTrue(cond.isLocked());

            cond.signal(2);
            await(turns(1));
            assertEquals(List.of(1), result);
            assertTrue(cond.isLocked());

            cond.release();
            await(turns(1));
            assertEquals(List.of(1, 2), result);
            assertTrue(cond.isLocked());

            cond.release();
            await(turns(1));
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(cond.isLocked());
            assertTrue(t1.result() && t2.result() && t3.result());
            return Task.done();
        });
    }

    @Test
    void test_wait_cancel() {
        Weft.run(() -> {
            await(cond.acquire());
            Task<Boolean> wait = cond.waitSignal();
            assertFalse(cond.isLocked());
            wait.cancel();
            assertTrue(await(outcome(wait)) != null, "the wait ends with CancelledException");
            assertTrue(cond.isLocked(), "a cancelled wait re-acquires the lock before it ends");
            return Task.done();
        });
    }

    @Test
    void test_wait_cancel_contested() {
        Weft.run(() -> {
            await(cond.acquire());
            Task<Boolean> waitTask = cond.waitSignal();
            assertFalse(cond.isLocked());
            await(cond.acquire());           // contest the lock before the cancel
            cond.signal();
            waitTask.cancel();
            cond.release();
            try {
                await(waitTask);
            } catch (CancelledException e) {
                // asyncio allows either outcome here; what matters is the lock
            }
            assertTrue(cond.isLocked());
            return Task.done();
        });
    }

    @Async
    Task<Void> waitOnCond(boolean[] waited) {
        try (Permit held = await(cond.acquire())) {
            waited[0] = true;
            await(cond.waitSignal());
        }
        return Task.done();
    }

    @Test
    void test_wait_cancel_after_notify() {
        Weft.run(() -> {
            boolean[] waited = new boolean[1];
            Task<Void> waiter = waitOnCond(waited);
            await(turns(1));
            await(cond.acquire());
            cond.signal();
            await(turns(1));               // the waiter now re-acquires
            waiter.cancel();
            await(turns(1));
            cond.release();
            await(turns(2));
            assertTrue(waiter.isCancelled());
            assertTrue(waited[0]);
            assertFalse(cond.isLocked(), "the cancelled waiter's permit released the lock it re-acquired");
            return Task.done();
        });
    }

    @Test
    void test_wait_unacquired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, cond::waitSignal);
        assertEquals("cannot wait on un-acquired lock", e.getMessage());
    }

    @Async
    Task<Boolean> waitForPredicate() {
        await(cond.acquire());
        if (await(cond.waitUntil(() -> presult))) {
            result.add(1);
            cond.release();
        }
        return Task.of(true);
    }

    @Test
    void test_wait_for() {
        Weft.run(() -> {
            Task<Boolean> t = waitForPredicate();
            await(turns(1));
            assertEquals(List.of(), result);

            await(cond.acquire());
            cond.signal();
            cond.release();
            await(turns(1));
            assertEquals(List.of(), result);

            presult = true;
            await(cond.acquire());
            cond.signal();
            cond.release();
            await(turns(1));
            assertEquals(List.of(1), result);
            assertTrue(t.isDone());
            assertTrue(t.result());
            return Task.done();
        });
    }

    @Test
    void test_wait_for_unacquired() {
        // The predicate holds: no wait, so no lock needed.
        assertSame(Boolean.TRUE, cond.waitUntil(() -> true).result());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.waitUntil(() -> false));
        assertEquals("cannot wait on un-acquired lock", e.getMessage());
    }

    @Async
    Task<Void> waitAppendRelease(int n) {
        await(cond.acquire());
        await(cond.waitSignal());
        result.add(n);
        cond.release();
        return Task.done();
    }

    @Test
    void test_notify() {
        Weft.run(() -> {
            Task<Void> t1 = waitAppendRelease(1);
            Task<Void> t2 = waitAppendRelease(2);
            Task<Void> t3 = waitAppendRelease(3);
            await(turns(1));
            assertEquals(List.of(), result);

            await(cond.acquire());
            cond.signal(1);
            cond.release();
            await(turns(1));
            assertEquals(List.of(1), result);

            await(cond.acquire());
            cond.signal(1);
            cond.signal(2048);
            cond.release();
            await(turns(2));
            assertEquals(List.of(1, 2, 3), result);
            await(Weft.gather(t1, t2, t3));
            return Task.done();
        });
    }

    @Test
    void test_notify_all() {
        Weft.run(() -> {
            Task<Void> t1 = waitAppendRelease(1);
            Task<Void> t2 = waitAppendRelease(2);
            await(turns(1));
            assertEquals(List.of(), result);
            await(cond.acquire());
            cond.signalAll();
            cond.release();
            await(turns(2));
            assertEquals(List.of(1, 2), result);
            await(Weft.gather(t1, t2));
            return Task.done();
        });
    }

    @Test
    void test_notify_unacquired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        assertThrows(IllegalStateException.class, cond::signalAll);
    }

    @Test
    void test_explicit_lock() {
        Lock lock = Lock.create();
        Condition a = Condition.create(lock);
        Condition b = Condition.create(lock);
        assertSame(lock, a.lock());
        assertSame(a.lock(), b.lock());
    }

    @Async
    Task<Void> catchAndRethrow(boolean[] wake) {
        try (Permit held = await(cond.acquire())) {
            try {
                await(cond.waitUntil(() -> wake[0]));
            } catch (CancelledException e) {
                raised = e;
                throw e;
            }
        }
        return Task.done();
    }

    @Async
    Task<CancelledException> outcome(Task<?> t) {
        try {
            await(t);
            return Task.of(null);
        } catch (CancelledException e) {
            return Task.of(e);
        }
    }

    @Test
    void test_cancelled_error_wakeup() {
        Weft.run(() -> {
            boolean[] wake = new boolean[1];
            Task<Void> task = catchAndRethrow(wake);
            await(turns(1));
            task.cancel("foo");
            CancelledException e = await(outcome(task));
            assertEquals("foo", e.getMessage());
            assertSame(raised, e, "the very exception the waiter saw");
            assertFalse(cond.isLocked());
            return Task.done();
        });
    }

    @Test
    void test_cancelled_error_re_aquire() {
        Weft.run(() -> {
            boolean[] wake = new boolean[1];
            Task<Void> task = catchAndRethrow(wake);
            await(turns(1));
            await(cond.acquire());
            wake[0] = true;
            cond.signal();
            await(turns(1));
            task.cancel("foo");            // while it re-acquires the lock
            cond.release();
            CancelledException e = await(outcome(task));
            assertEquals("foo", e.getMessage());
            assertSame(raised, e);
            assertFalse(cond.isLocked());
            return Task.done();
        });
    }

    @Async
    Task<Void> consumer() {
        try (Permit held = await(cond.acquire())) {
            for (;;) {
                await(cond.waitUntil(() -> state != 0));
                if (state < 0) {
                    return Task.done();
                }
                state--;
            }
        }
    }

    @Test
    void test_cancelled_wakeup() {
        Weft.run(() -> {
            // test_cancelled_wakeup: a consumer cancelled in the turn it is signalled must not swallow
            // the wake-up: the other consumer gets it and consumes the item.
            Task<Void> c0 = consumer();
            Task<Void> c1 = consumer();
            await(turns(1));
            try (Permit held = await(cond.acquire())) {
                state++;
                cond.signal(1);
                c0.cancel();
            }
            await(turns(4));
            assertEquals(0, state, "the wake-up was passed on to the other consumer");
            assertTrue(c0.isCancelled());
            try (Permit held = await(cond.acquire())) {
                state = -1;
                cond.signalAll();
            }
            await(c1);
            return Task.done();
        });
    }

    @Test
    void promptCancellationPassesTheSignalOn() {
        Weft.run(() -> {
            // Signalled, lock re-acquired, then cancelled before resuming: the signal goes on.
            Task<Void> c0 = consumer();
            Task<Void> c1 = consumer();
            await(turns(1));
            await(cond.acquire());
            state++;
            cond.signal(1);
            cond.release();               // c0 re-acquires at once: its wait is done ...
            c0.cancel();                  // ... but it is cancelled before it resumes
            await(turns(4));
            assertTrue(c0.isCancelled());
            assertEquals(0, state);
            await(cond.acquire());
            state = -1;
            cond.signalAll();
            cond.release();
            await(c1);
            assertFalse(cond.isLocked());
            return Task.done();
        });
    }
}
