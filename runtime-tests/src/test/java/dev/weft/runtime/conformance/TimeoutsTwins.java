package dev.weft.runtime.conformance;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.currentTask;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.timeoutAt;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.conformance.Trace.log;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.Weft;
import java.time.Duration;

/** Twins of timeouts.py. */
final class TimeoutsTwins {
    private TimeoutsTwins() {
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    static long nowNanos() {
        return Weft.loop().time();
    }

    static long whenMs(Timeout cm) {
        return cm.when() / 1_000_000;
    }

    @Async
    static Task<Object> nap(String name, long delay, Object value) {
        try {
            await(sleep(delay));
            log(name, "woke");
            return Task.of(value);
        } catch (CancelledException e) {
            log(name, "cancelled");
            throw e;
        } finally {
            log(name, "finally");
        }
    }

    @Async
    static Task<Void> timeoutExpires() {
        Timeout[] scope = new Timeout[1];
        try {
            await(timeout(ms(10), cm -> {
                scope[0] = cm;
                log("when", whenMs(cm));
                return nap("body", 100, null);
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "expired", scope[0].isExpired());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutNotReached() {
        Timeout[] scope = new Timeout[1];
        await(timeout(ms(10), cm -> {
            scope[0] = cm;
            return nap("body", 5, null);
        }));
        log("expired", scope[0].isExpired());
        await(sleep(20));
        log("later");
        return Task.done();
    }

    @Async
    static Task<Void> timeoutAtExpires() {
        await(sleep(5));
        try {
            await(timeoutAt(nowNanos() + 10_000_000, cm -> {
                log("when", whenMs(cm));
                return nap("body", 100, null);
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutRescheduleLater() {
        Timeout[] scope = new Timeout[1];
        await(timeout(ms(10), cm -> {
            scope[0] = cm;
            cm.reschedule(nowNanos() + 50_000_000);
            log("when", whenMs(cm));
            return nap("body", 30, null);
        }));
        log("expired", scope[0].isExpired());
        return Task.done();
    }

    @Async
    static Task<Void> timeoutRescheduleEarlier() {
        Timeout[] scope = new Timeout[1];
        try {
            await(timeout(ms(100), cm -> {
                scope[0] = cm;
                await(sleep(2));
                cm.reschedule(nowNanos() + 5_000_000);
                return nap("body", 30, null);
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "when", whenMs(scope[0]));
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutRescheduleToPast() {
        await(sleep(10));
        try {
            await(timeout(ms(100), cm -> {
                cm.reschedule(nowNanos() - 5_000_000);
                log("rescheduled");
                return nap("body", 30, null);
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> nestedTimeoutsInnerExpires() {
        Timeout[] scope = new Timeout[1];
        await(timeout(ms(100), outer -> {
            scope[0] = outer;
            try {
                await(timeout(ms(10), () -> nap("inner body", 50, null)));
            } catch (AsyncTimeoutException e) {
                log("inner timed out");
            }
            await(sleep(5));
            log("outer body goes on");
            return Task.done();
        }));
        log("outer expired", scope[0].isExpired());
        return Task.done();
    }

    @Async
    static Task<Void> nestedTimeoutsOuterExpires() {
        try {
            await(timeout(ms(10), () -> {
                try {
                    await(timeout(ms(100), () -> nap("inner body", 50, null)));
                } catch (AsyncTimeoutException e) {
                    log("inner timed out (wrong)");
                } catch (CancelledException e) {
                    log("inner saw cancelled");
                    throw e;
                }
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log("outer raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> nestedTimeoutsSameDeadlineOuterFirst() {
        try {
            await(timeout(ms(10), () -> {
                try {
                    await(timeout(ms(10), () -> nap("body", 50, null)));
                } catch (AsyncTimeoutException e) {
                    log("inner raised timeout");
                    throw e;
                } catch (CancelledException e) {
                    log("inner raised cancelled");
                    throw e;
                }
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log("outer raised timeout");
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutZero() {
        Timeout[] scope = new Timeout[1];
        try {
            await(timeout(ms(0), cm -> {
                scope[0] = cm;
                return nap("body", 10, null);
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "expired", scope[0].isExpired());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutZeroSleepZero() {
        Timeout[] scope = new Timeout[1];
        try {
            await(timeout(ms(0), cm -> {
                scope[0] = cm;
                await(sleep(0));
                log("after sleep 0");
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "expired", scope[0].isExpired());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutForeignExceptionPasses() {
        try {
            await(timeout(ms(10), () -> {
                await(sleep(2));
                throw new Boom("inside");
            }));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    private static Task<Void> crash() {
        try {
            await(sleep(100));
        } finally {
            throw new Boom("in finally");
        }
    }

    @Async
    static Task<Void> timeoutForeignExceptionOnTimeout() {
        try {
            await(timeout(ms(10), TimeoutsTwins::crash));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutOuterCancelIsNotATimeout() {
        Task<Void> t = createTask(() -> timeout(ms(100), cm -> {
            try {
                await(nap("body", 50, null));
            } finally {
                log("expired", cm.isExpired());
            }
            return Task.done();
        }));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("task cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutSelfCancelIsNotATimeout() {
        Timeout[] scope = new Timeout[1];
        try {
            await(timeout(ms(10), cm -> {
                scope[0] = cm;
                await(sleep(1));
                currentTask().cancel();
                await(sleep(10));
                return Task.done();
            }));
        } catch (CancelledException e) {
            log("cancelled, expired", scope[0].isExpired());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutCancellingCountInExpiredBody() {
        try {
            await(timeout(ms(10), () -> {
                try {
                    await(sleep(100));
                } catch (CancelledException e) {
                    log("cancelling inside", currentTask().cancelling());
                    throw e;
                }
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log("cancelling after", currentTask().cancelling());
        }
        return Task.done();
    }

    @Async
    static Task<Void> timeoutBodySwallowsCancel() {
        Timeout[] scope = new Timeout[1];
        await(timeout(ms(10), cm -> {
            scope[0] = cm;
            try {
                await(sleep(100));
            } catch (CancelledException e) {
                log("swallowed");
            }
            return Task.done();
        }));
        log("after, expired", scope[0].isExpired());
        return Task.done();
    }

    @Async
    static Task<Void> timeoutAfterCancellationInFinally() {
        try {
            currentTask().cancel();
            await(sleep(1));
        } catch (CancelledException e) {
            log("cancelled");
            currentTask().uncancel();
        } finally {
            try {
                await(timeout(ms(0), () -> sleep(1)));
            } catch (AsyncTimeoutException e) {
                log("cleanup timed out");
            }
        }
        return Task.done();
    }

    @Async
    static Task<Void> nestedTimeoutInFinally() {
        try {
            await(timeout(ms(10), () -> {
                try {
                    await(sleep(100));
                } finally {
                    try {
                        await(timeout(ms(10), () -> sleep(100)));
                    } catch (AsyncTimeoutException e) {
                        log("inner timed out");
                    }
                }
                return Task.done();
            }));
        } catch (AsyncTimeoutException e) {
            log("outer timed out");
        }
        return Task.done();
    }

    @Async
    static Task<Void> waitForSuccess() {
        Object r = await(waitFor(createTask(() -> nap("A", 5, "ok")), ms(10)));
        log("result", r);
        return Task.done();
    }

    @Async
    static Task<Void> waitForTimeout() {
        Task<Object> t = createTask(() -> nap("A", 100, "late"));
        try {
            await(waitFor(t, ms(10)));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "task cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> waitForZeroOnDoneTask() {
        Task<Object> t = createTask(() -> nap("A", 0, "v"));
        await(sleep(1));
        log("result", await(waitFor(t, ms(0))));
        return Task.done();
    }

    @Async
    static Task<Void> waitForZeroTaskNeverStarts() {
        Task<Object> t = createTask(() -> nap("A", 10, "v"));
        try {
            await(waitFor(t, ms(0)));
        } catch (AsyncTimeoutException e) {
            log("raised", e, "task cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    private static Task<String> stubborn() {
        try {
            await(sleep(100));
        } catch (CancelledException e) {
            log("swallowed");
            await(sleep(5));
            return Task.of("kept");
        }
        return Task.of(null);
    }

    @Async
    static Task<Void> waitForCancelSwallowed() {
        log("result", await(waitFor(createTask(TimeoutsTwins::stubborn), ms(10))));
        return Task.done();
    }

    @Async
    private static Task<Void> slowCleanup() {
        try {
            await(sleep(100));
        } finally {
            log("cleanup");
            await(sleep(20));
            log("cleanup done");
        }
        return Task.done();
    }

    @Async
    static Task<Void> waitForWaitsForCancellation() {
        try {
            await(waitFor(createTask(TimeoutsTwins::slowCleanup), ms(10)));
        } catch (AsyncTimeoutException e) {
            log("timed out");
        }
        return Task.done();
    }

    @Async
    private static Task<Void> boomOnCancel() {
        try {
            await(sleep(100));
        } finally {
            throw new Boom("cleanup failed");
        }
    }

    @Async
    static Task<Void> waitForReraisesExceptionDuringCancellation() {
        try {
            await(waitFor(createTask(TimeoutsTwins::boomOnCancel), ms(10)));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> cancelWaitFor() {
        Task<Object> inner = createTask(() -> nap("inner", 100, null));
        Task<Object> t = createTask(() -> waitFor(inner, ms(50)));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled", "inner cancelled", inner.isCancelled());
        }
        return Task.done();
    }

    @Async
    private static Task<Void> failAt5(String message) {
        await(sleep(5));
        throw new Boom(message);
    }

    @Async
    static Task<Void> waitForFailurePasses() {
        try {
            await(waitFor(createTask(() -> failAt5("early")), ms(10)));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> shieldResult() {
        log("result", await(shield(createTask(() -> nap("A", 5, 1)))));
        return Task.done();
    }

    @Async
    static Task<Void> shieldException() {
        try {
            await(shield(createTask(() -> failAt5("shielded"))));
        } catch (Boom e) {
            log("raised", e);
        }
        return Task.done();
    }

    @Async
    static Task<Void> shieldCancelOuter() {
        Task<Object> inner = createTask(() -> nap("inner", 50, "v"));
        Task<Object> t = createTask(() -> shield(inner));
        await(sleep(10));
        t.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled, inner done", inner.isDone());
        }
        log("inner result", await(inner));
        return Task.done();
    }

    @Async
    static Task<Void> shieldCancelInner() {
        Task<Object> inner = createTask(() -> nap("inner", 50, "v"));
        Task<Object> t = createTask(() -> shield(inner));
        await(sleep(10));
        inner.cancel();
        try {
            await(t);
        } catch (CancelledException e) {
            log("outer cancelled", t.isCancelled());
        }
        return Task.done();
    }

    @Async
    static Task<Void> shieldInWaitFor() {
        Task<Object> inner = createTask(() -> nap("inner", 50, "v"));
        try {
            await(waitFor(shield(inner), ms(10)));
        } catch (AsyncTimeoutException e) {
            log("timed out, inner done", inner.isDone());
        }
        log("inner result", await(inner));
        return Task.done();
    }
}
