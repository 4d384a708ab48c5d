package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** shield, ported from CPython's test_tasks.py (test_shield_*). */
class ShieldTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Task<String> work(long ms) {
        await(sleep(ms));
        log.add("work done at " + Virtual.nowMs());
        return Task.of("result");
    }

    // test_shield_result
    @Test
    void theShieldEndsWithTheInnerValue() {
        assertEquals("result", Virtual.run(() -> shield(work(10))));
    }

    // test_shield_exception
    @Test
    void theShieldEndsWithTheInnerFailure() {
        String r = Virtual.run(() -> {
            Promise<String> p = Task.promise();
            Task<String> s = shield(p);
            p.completeExceptionally(new IllegalStateException("inner"));
            try {
                await(s);
                return Task.of("no");
            } catch (IllegalStateException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("inner", r);
    }

    // test_shield_cancel_inner
    @Test
    void cancellingTheInnerTaskCancelsTheShield() {
        boolean cancelled = Virtual.run(() -> {
            Promise<String> p = Task.promise();
            Task<String> s = shield(p);
            p.cancel();
            return Task.of(s.isCancelled());
        });
        assertEquals(true, cancelled);
    }

    // test_shield_cancel_outer
    @Test
    void cancellingTheShieldLeavesTheInnerTaskRunning() {
        String r = Virtual.run(() -> {
            Task<String> inner = createTask(() -> work(50));
            Task<String> s = shield(inner);
            s.cancel();
            await(sleep(100));
            return Task.of(s.isCancelled() + " " + inner.isCancelled() + " " + inner.result());
        });
        assertEquals("true false result", r);
        assertEquals(List.of("work done at 50"), log);
    }

    // test_shield_effect: the awaiting task is cancelled, the shielded work completes
    @Test
    void aCancelledAwaiterDoesNotStopTheShieldedWork() {
        String r = Virtual.run(() -> {
            Task<String> inner = createTask(() -> work(50));
            Task<String> waiter = createTask(() -> {
                try {
                    return Task.of(await(shield(inner)));
                } catch (CancelledException e) {
                    log.add("waiter cancelled at " + Virtual.nowMs());
                    throw e;
                }
            });
            await(sleep(10));
            waiter.cancel();
            return Task.of(await(inner));
        });
        assertEquals("result", r);
        assertEquals(List.of("waiter cancelled at 10", "work done at 50"), log);
    }

    // test_shield_shortcut
    @Test
    void shieldOfADoneTaskIsTheTaskItself() {
        Task<String> t = Task.of("x");
        assertSame(t, Virtual.run(() -> Task.of(shield(t))));
    }
}
