package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.timeoutAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** timeout / timeoutAt, ported from CPython's test_timeouts.py. */
class TimeoutTest {
    private final List<String> log = new ArrayList<>();
    private Timeout scope;

    @Async
    Task<String> sleepFor(long ms) {
        await(sleep(ms));
        return Task.of("slept " + ms);
    }

    // test_timeout_basic
    @Test
    void anExpiredTimeoutThrowsAsyncTimeoutExceptionAndIsExpired() {
        String r = Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(10), cm -> {
                    scope = cm;
                    return sleepFor(10_000);
                }));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                assertTrue(e.getCause() instanceof CancelledException);
                return Task.of("expired " + scope.isExpired() + " at " + Virtual.nowMs());
            }
        });
        assertEquals("expired true at 10", r);
    }

    // test_timeout_not_called / not expired
    @Test
    void aBodyThatFinishesInTimeGivesItsValueAndTheScopeIsNotExpired() {
        String r = Virtual.run(() -> Task.of(await(timeout(Duration.ofMillis(100), cm -> {
            scope = cm;
            return sleepFor(10);
        }))));
        assertEquals("slept 10", r);
        assertFalse(scope.isExpired());
    }

    // test_timeout_disabled
    @Test
    void aNullDelayMeansNoDeadline() {
        String r = Virtual.run(() -> Task.of(await(timeout(null, cm -> {
            scope = cm;
            return sleepFor(50_000);
        }))));
        assertEquals("slept 50000", r);
        assertEquals(Timeout.NEVER, scope.when());
    }

    // test_timeout_zero
    @Test
    void aZeroTimeoutExpiresAtTheFirstAwait() {
        String r = Virtual.run(() -> {
            try {
                await(timeout(Duration.ZERO, () -> sleepFor(10)));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout at " + Virtual.nowMs());
            }
        });
        assertEquals("timeout at 0", r);
    }

    // test_timeout_in_the_past_sleep_zero
    @Test
    void aDeadlineInThePastExpiresOnTheNextTurn() {
        String r = Virtual.run(() -> {
            await(sleep(100));
            try {
                await(timeoutAt(Weft.loop().time() - 1_000_000, () -> sleepFor(10)));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout at " + Virtual.nowMs());
            }
        });
        assertEquals("timeout at 100", r);
    }

    // test_timeout_when / test_timeout_at
    @Test
    void whenIsTheDeadlineInLoopTime() {
        long when = Virtual.run(() -> {
            await(sleep(5));
            return timeout(Duration.ofMillis(20), cm -> Task.of(cm.when()));
        });
        assertEquals(25_000_000L, when);
    }

    // test_nested_timeouts: the inner one expires; the outer one is not expired
    @Test
    void anInnerTimeoutExpiringIsTheInnerOnesException() {
        String r = Virtual.run(() -> timeout(Duration.ofMillis(100), outer -> {
            scope = outer;
            try {
                await(timeout(Duration.ofMillis(10), () -> sleepFor(1000)));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("inner timeout at " + Virtual.nowMs());
            }
        }));
        assertEquals("inner timeout at 10", r);
        assertFalse(scope.isExpired());
    }

    // test_nested_timeouts_concurrent: the outer one expires first
    @Test
    void anOuterTimeoutExpiringPassesThroughTheInnerOne() {
        String r = Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(10), () -> innerScope()));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("outer timeout at " + Virtual.nowMs());
            }
        });
        assertEquals("outer timeout at 10", r);
        assertEquals(List.of("inner saw CancelledException"), log);
    }

    @Async
    Task<String> innerScope() {
        try {
            return Task.of(await(timeout(Duration.ofMillis(100), () -> sleepFor(1000))));
        } catch (CancelledException e) {
            log.add("inner saw CancelledException");
            throw e;
        }
    }

    // test_foreign_cancel_doesnt_timeout_if_not_expired
    @Test
    void aForeignCancellationPassesThroughUnchanged() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> timeout(Duration.ofMillis(100), () -> sleepFor(1000)));
            await(sleep(10));
            t.cancel("from outside");
            try {
                await(t);
                return Task.of("no");
            } catch (CancelledException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("from outside", r);
    }

    @Async
    Task<String> bodyCatchingAnOutsideCancel(Task<?> me, boolean takeBack) {
        try {
            await(sleep(200));
        } catch (CancelledException e) {
            log.add("body caught the outside cancel, cancelling " + me.cancelling());
            if (takeBack) {
                me.uncancel();
            }
        }
        await(sleep(1000));
        return Task.of("body done");
    }

    @Async
    Task<String> workUnderATimeout(boolean takeBack) {
        Task<?> me = currentTask();
        try {
            return Task.of(await(timeout(Duration.ofMillis(500), () -> bodyCatchingAnOutsideCancel(me, takeBack))));
        } catch (AsyncTimeoutException e) {
            return Task.of("timeout at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
        } catch (CancelledException e) {
            return Task.of("cancelled at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
        }
    }

    private List<String> cancelTheWorkAt50(boolean takeBack) {
        Virtual.run(() -> {
            Task<String> t = createTask(() -> workUnderATimeout(takeBack));
            await(sleep(50));
            t.cancel();
            log.add(await(t));
            log.add("task cancelled " + t.isCancelled());
            return Task.done();
        });
        return log;
    }

    /**
     * The body takes back an outside cancellation ({@code uncancel()}) and goes on; the deadline then
     * passes. asyncio's {@code Timeout.__aexit__} decides by counting: {@code cancelling()} is back to
     * what it was on entry, so the expiry is the scope's own and it raises {@code TimeoutError}.
     * <pre>
     * async def body(me, take_back):
     *     try: await asyncio.sleep(0.2)
     *     except asyncio.CancelledError:
     *         log.append(f"body caught the outside cancel, cancelling {me.cancelling()}")
     *         if take_back: me.uncancel()
     *     await asyncio.sleep(1)
     *     return "body done"
     * async def work(take_back):
     *     me = asyncio.current_task()
     *     try:
     *         async with asyncio.timeout(0.5): return await body(me, take_back)
     *     except TimeoutError: return f"timeout at {elapsed}, cancelling {me.cancelling()}"
     *     except asyncio.CancelledError: return f"cancelled at {elapsed}, cancelling {me.cancelling()}"
     * t = asyncio.create_task(work(True))
     * await asyncio.sleep(0.05); t.cancel()
     * log.append(await t); log.append(f"task cancelled {t.cancelled()}")
     * </pre>
     * CPython 3.13: {@code ['body caught the outside cancel, cancelling 1', 'timeout at 0.5, cancelling 0',
     * 'task cancelled False']}. Bug: the scope remembered the outside cancellation for good and let
     * its own expiry through as a {@code CancelledException}.
     */
    @Test
    void aTimeoutExpiringAfterTheBodyTookBackAnOutsideCancellationIsATimeout() {
        assertEquals(List.of("body caught the outside cancel, cancelling 1", "timeout at 500, cancelling 0",
                "task cancelled false"), cancelTheWorkAt50(true));
    }

    /**
     * The same with {@code work(False)}: the outside request is still counted when the deadline
     * passes, so the cancellation passes through. CPython 3.13: {@code ['body caught the outside
     * cancel, cancelling 1', 'cancelled at 0.5, cancelling 1', 'task cancelled False']}.
     */
    @Test
    void aTimeoutExpiringAfterTheBodyCaughtButKeptAnOutsideCancellationPassesItThrough() {
        assertEquals(List.of("body caught the outside cancel, cancelling 1", "cancelled at 500, cancelling 1",
                "task cancelled false"), cancelTheWorkAt50(false));
    }

    @Async
    Task<Void> innerScopeTakingBackTheOuterExpiry(Task<?> me) {
        try {
            await(timeout(Duration.ofMillis(1000), () -> {
                try {
                    await(sleep(10_000));
                } catch (CancelledException e) {
                    log.add("body caught the outer expiry at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
                    me.uncancel();
                }
                await(sleep(10_000));
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log.add("inner timeout at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
            throw e;
        }
        return Task.done();
    }

    /**
     * The outer scope's expiry is a request its task counts, as any: the body takes it back, and
     * the inner scope's later expiry is the inner one's timeout, which passes through the outer one.
     * <pre>
     * me = asyncio.current_task()
     * try:
     *     async with asyncio.timeout(0.1):
     *         try:
     *             async with asyncio.timeout(1):
     *                 try: await asyncio.sleep(10)
     *                 except asyncio.CancelledError:
     *                     log.append(f"body caught the outer expiry at {elapsed}, cancelling {me.cancelling()}")
     *                     me.uncancel()
     *                 await asyncio.sleep(10)
     *         except TimeoutError:
     *             log.append(f"inner timeout at {elapsed}, cancelling {me.cancelling()}"); raise
     * except TimeoutError: log.append(f"outer: timeout at {elapsed}, cancelling {me.cancelling()}")
     * </pre>
     * CPython 3.13: {@code ['body caught the outer expiry at 0.1, cancelling 1', 'inner timeout at
     * 1.0, cancelling 0', 'outer: timeout at 1.0, cancelling 0']}. Bug: the inner scope took the
     * outer one's expiry for an outside cancellation and let its own expiry through as a
     * cancellation, which the outer scope then turned into its own timeout.
     */
    @Test
    void anOuterScopesExpiryTakenBackLeavesTheInnerScopesExpiryATimeout() {
        Virtual.run(() -> {
            Task<?> me = currentTask();
            try {
                await(timeout(Duration.ofMillis(100), () -> innerScopeTakingBackTheOuterExpiry(me)));
            } catch (AsyncTimeoutException e) {
                log.add("outer: timeout at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
            }
            return Task.done();
        });
        assertEquals(List.of("body caught the outer expiry at 100, cancelling 1", "inner timeout at 1000, cancelling 0",
                "outer: timeout at 1000, cancelling 0"), log);
    }

    /**
     * No asyncio twin (its timeout is no task): the scope's task itself is cancelled, not the task
     * running it, so no request counts the cancellation and nothing can take it back; the body
     * catches it and goes on, and at the deadline its cancellation still passes through.
     */
    @Test
    void aCancellationOfTheScopesOwnTaskPassesThroughEvenAfterTheDeadline() {
        String r = Virtual.run(() -> {
            Task<?> me = currentTask();
            Task<String> t = timeout(Duration.ofMillis(500), () -> bodyCatchingAnOutsideCancel(me, false));
            await(sleep(50));
            t.cancel();
            try {
                return Task.of(await(t));
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout at " + Virtual.nowMs());
            } catch (CancelledException e) {
                return Task.of("cancelled at " + Virtual.nowMs() + ", cancelling " + me.cancelling());
            }
        });
        assertEquals("cancelled at 500, cancelling 0", r);
        assertEquals(List.of("body caught the outside cancel, cancelling 0"), log);
    }

    // test_cancel_in_timeout_after_cancellation / both at once: the foreign cancellation wins
    @Test
    void aForeignCancellationAtTheDeadlineStillPropagatesAsCancellation() {
        String r = Virtual.run(() -> {
            Task<String> t = createTask(() -> timeout(Duration.ofMillis(10), () -> sleepFor(1000)));
            await(sleep(10)); // the timeout fires on this same turn
            t.cancel();
            try {
                await(t);
                return Task.of("no");
            } catch (CancelledException e) {
                return Task.of("cancelled");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout");
            }
        });
        assertEquals("cancelled", r);
    }

    // test_reschedule
    @Test
    void rescheduleMovesTheDeadline() {
        String r = Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(10), cm -> {
                    cm.reschedule(Weft.loop().time() + 50_000_000L);
                    return sleepFor(1000);
                }));
                return Task.of("no");
            } catch (AsyncTimeoutException e) {
                return Task.of("timeout at " + Virtual.nowMs());
            }
        });
        assertEquals("timeout at 50", r);
    }

    // test_timeout_reschedule to none
    @Test
    void rescheduleToNeverRemovesTheDeadline() {
        String r = Virtual.run(() -> timeout(Duration.ofMillis(10), cm -> {
            cm.reschedule(Timeout.NEVER);
            return sleepFor(1000);
        }));
        assertEquals("slept 1000", r);
    }

    // test_reschedule_after_expire: the scope refuses to change once it expired
    @Test
    void rescheduleOfAnExpiredScopeIsAnError() {
        Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(10), cm -> {
                    scope = cm;
                    return sleepFor(1000);
                }));
            } catch (AsyncTimeoutException e) {
                log.add("timeout");
            }
            return Task.done();
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.reschedule(0));
        assertEquals("Cannot change state of expired Timeout", e.getMessage());
    }

    // test_timeout_exception_in_body: a failure of the body passes through
    @Test
    void aFailureOfTheBodyPassesThrough() {
        String r = Virtual.run(() -> {
            try {
                await(timeout(Duration.ofMillis(100), () -> {
                    await(sleep(5));
                    throw new IllegalStateException("body failed");
                }));
                return Task.of("no");
            } catch (IllegalStateException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("body failed", r);
    }

    // a body that catches the cancellation and returns: the scope still reports expiry, the value is returned
    @Test
    void aBodyThatSwallowsTheCancellationReturnsItsValue() {
        String r = Virtual.run(() -> timeout(Duration.ofMillis(10), cm -> {
            scope = cm;
            try {
                await(sleep(1000));
            } catch (CancelledException e) {
                return Task.of("swallowed");
            }
            return Task.of("no");
        }));
        assertEquals("swallowed", r);
        assertTrue(scope.isExpired());
    }
}
