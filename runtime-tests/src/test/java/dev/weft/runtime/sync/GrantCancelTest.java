package dev.weft.runtime.sync;

import static dev.weft.Weft.await;
import static dev.weft.runtime.Turns.turns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling a lock or semaphore acquisition with a message: the message is kept aside (an
 * acquisition has no field for it) until the waiter's turn delivers it, and nothing stays behind.
 */
@Timeout(30)
class GrantCancelTest {
    @Test
    void aWaitingAcquisitionEndsWithTheFirstCancelMessage() {
        AsyncLock lock = AsyncLock.create();
        Weft.run(() -> {
            Permit mine = await(lock.acquire());
            Task<Permit> t = lock.acquire();
            assertTrue(t.cancel("first"));
            assertTrue(t.cancel("second"), "asked again before its turn: still pending");
            assertFalse(t.isDone(), "delivered in its turn, a pass later");
            await(turns(1));
            assertTrue(t.isCancelled());
            assertEquals("first", messageOf(t));
            assertEquals("Lock[locked, waiters:0]", lock.toString());
            assertTrue(keptMessages(lock).isEmpty());
            mine.close();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void aCancelWithoutAMessageEndsAsAPromiseCancelledSoWould() {
        AsyncLock lock = AsyncLock.create();
        Promise<Void> p = Task.promise();
        p.cancel();
        String expected = messageOf(p);
        Weft.run(() -> {
            Permit mine = await(lock.acquire());
            Task<Permit> t = lock.acquire();
            t.cancel();
            await(turns(1));
            assertEquals(expected, messageOf(t));
            assertNull(keptMessages(lock));
            mine.close();
            return Task.done();
        });
    }

    @Test
    void aWokenAcquisitionCancelledWithAMessagePassesTheLockOn() {
        AsyncLock lock = AsyncLock.create();
        Weft.run(() -> {
            Permit mine = await(lock.acquire());
            Task<Permit> first = lock.acquire();
            Task<Permit> second = lock.acquire();
            mine.close(); // wakes first
            first.cancel("changed my mind");
            await(turns(2));
            assertEquals("changed my mind", messageOf(first));
            assertTrue(second.isDone() && !second.isCancelled(), "the wake-up went on to " + second);
            assertTrue(lock.isLocked());
            assertTrue(keptMessages(lock).isEmpty());
            second.result().close();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void aCancelFromAnotherThreadKeepsItsMessage() {
        AsyncLock lock = AsyncLock.create();
        Weft.run(() -> {
            Permit mine = await(lock.acquire());
            Task<Permit> t = lock.acquire();
            assertTrue(await(Weft.toThread(() -> t.cancel("from afar"))));
            await(turns(2));
            assertEquals("from afar", messageOf(t));
            mine.close();
            assertFalse(lock.isLocked());
            return Task.done();
        });
    }

    @Test
    void aSemaphoreAcquisitionCancelledWithAMessageGivesItsReservedPermitBack() {
        AsyncSemaphore semaphore = AsyncSemaphore.create(1);
        Weft.run(() -> {
            Permit mine = await(semaphore.acquire());
            Task<Permit> t = semaphore.acquire();
            mine.close(); // reserves the permit for t and wakes it
            assertEquals(0, semaphore.availablePermits());
            t.cancel("no thanks");
            await(turns(1));
            assertEquals("no thanks", messageOf(t));
            assertEquals(1, semaphore.availablePermits());
            assertTrue(keptMessages(semaphore).isEmpty());
            return Task.done();
        });
    }

    @Test
    void aCancelOnceItsLoopClosedEndsTheAcquisitionCancelledAtOnce() {
        AsyncLock lock = AsyncLock.create();
        AsyncSemaphore semaphore = AsyncSemaphore.create(1);
        List<Task<Permit>> left = new ArrayList<>();
        Weft.run(() -> {
            await(lock.acquire()); // held to the end
            await(semaphore.acquire());
            left.add(lock.acquire());
            left.add(semaphore.acquire());
            return Task.done();
        });
        for (Task<Permit> t : left) {
            assertFalse(t.isDone(), "nothing awaited it: still waiting after the run");
            assertTrue(t.cancel("too late"));
            assertTrue(t.isCancelled(), "no turn comes on a closed loop: cancelled at once, " + t);
            assertEquals("too late", messageOf(t));
            assertFalse(t.cancel("again"));
        }
    }

    private static String messageOf(Task<?> cancelled) {
        return assertThrows(CancelledException.class, cancelled::exception).getMessage();
    }

    /** The pool's side table of cancel messages (null until the first cancel with a message). */
    private static Map<?, ?> keptMessages(Object pool) {
        try {
            Class<?> c = pool.getClass();
            while (!c.getSimpleName().equals("PermitPool")) {
                c = c.getSuperclass();
            }
            java.lang.reflect.Field f = c.getDeclaredField("cancelMessages");
            f.setAccessible(true);
            return (Map<?, ?>) f.get(pool);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
