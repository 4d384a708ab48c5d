package dev.weft.runtime.sync;

import static dev.weft.runtime.Turns.turns;
import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Event;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's test_locks.EventTests, for {@link Event}. */
class EventTest {
    private final List<String> log = new ArrayList<>();
    private final Event ev = Event.create();

    @Async
    Task<Boolean> waiter(String name) {
        boolean r = await(ev.waitSet());
        log.add(name);
        return Task.of(r);
    }

    @Test
    void test_wait() {
        Weft.run(() -> {
            assertFalse(ev.isSet());
            Task<Boolean> t1 = waiter("1");
            Task<Boolean> t2 = waiter("2");
            await(turns(1));
            assertEquals(List.of(), log);
            Task<Boolean> t3 = waiter("3");
            ev.set();
            await(turns(1));
            assertEquals(List.of("1", "2", "3"), log);
            assertTrue(t1.result() && t2.result() && t3.result());
            return Task.done();
        });
    }

    @Test
    void test_wait_on_set() {
        Weft.run(() -> {
            ev.set();
            Task<Boolean> w = ev.waitSet();
            assertTrue(w.isDone(), "a set event does not suspend");
            assertTrue(await(w));
            return Task.done();
        });
    }

    @Test
    void test_wait_cancel() {
        Weft.run(() -> {
            Task<Boolean> w = waiter("w");
            w.cancel();
            await(turns(1));
            assertTrue(w.isCancelled());
            ev.set();
            await(turns(1));
            assertEquals(List.of(), log);
            return Task.done();
        });
    }

    @Test
    void test_clear() {
        assertFalse(ev.isSet());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    @Test
    void test_clear_with_waiters() {
        Weft.run(() -> {
            // test_clear_with_waiters: set then clear before the waiter runs: it still returns true.
            Task<Boolean> t = waiter("t");
            await(turns(1));
            ev.set();
            ev.clear();
            assertFalse(ev.isSet());
            ev.set();
            ev.set();
            assertTrue(ev.isSet());
            ev.clear();
            assertTrue(await(t));
            assertFalse(ev.isSet());
            assertSame(Boolean.TRUE, t.result());
            return Task.done();
        });
        assertEquals(List.of("t"), log);
    }
}
