package dev.weft.runtime.traces;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancellationRequest;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cancellation shows where it was delivered (its own trace: the await, then the awaiters) and
 * where it was requested (its cause, a {@link CancellationRequest}: the {@code cancel()} call site);
 * a timeout names its scope's line.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CancellationOriginTest {
    static final Class<?> T = CancellationOriginTest.class;

    static String at(String method, String marker) {
        return Traces.at(T, method, marker);
    }

    static RunOptions virtual() {
        return RunOptions.defaults().withClock(LoopClock.virtual());
    }

    @Async
    static Task<Void> sleepsLong() {
        await(sleep(Duration.ofHours(1))); // L:sleepsLong
        return Task.done();
    }

    @Async
    static Task<Void> worker() {
        await(sleepsLong()); // L:worker
        return Task.done();
    }

    @Async
    static Task<Void> cancelsWorker() {
        Task<Void> w = createTask(() -> worker());
        await(sleep(10));
        w.cancel("enough"); // L:cancel
        await(w); // L:awaitCancelled
        return Task.done();
    }

    @Test
    void deliveredAtTheAwaitRequestedAtTheCancelCall() {
        CancelledException e = null;
        try {
            Weft.run(() -> cancelsWorker(), virtual()); // L:runCancel
        } catch (CancelledException x) {
            e = x;
        }
        assertNotNull(e);
        assertEquals("enough", e.getMessage());
        String below = at("deliveredAtTheAwaitRequestedAtTheCancelCall", "runCancel");
        Traces.assertTrace(e.getStackTrace(), "deliveredAtTheAwaitRequestedAtTheCancelCall",
                at("sleepsLong", "sleepsLong"), at("worker", "worker"), at("cancelsWorker", "awaitCancelled"),
                "Weft.run", below);
        CancellationRequest r = assertInstanceOf(CancellationRequest.class, e.getCause());
        assertEquals("cancel() called", r.getMessage());
        Traces.assertTrace(r.getStackTrace(), "deliveredAtTheAwaitRequestedAtTheCancelCall",
                at("cancelsWorker", "cancel"), "Weft.run", below);
    }

    /** A cancellation kept while the task ran, delivered at its next await. */
    @Async
    static Task<Void> cancelsItself() {
        await(sleep(1));
        Weft.currentTask().cancel(); // L:cancelSelf
        await(sleep(1)); // L:deliveredLater
        return Task.done();
    }

    @Test
    void aKeptCancellationIsDeliveredAtTheNextAwait() {
        CancelledException e = null;
        try {
            Weft.run(() -> cancelsItself(), virtual()); // L:runSelf
        } catch (CancelledException x) {
            e = x;
        }
        assertNotNull(e);
        String below = at("aKeptCancellationIsDeliveredAtTheNextAwait", "runSelf");
        Traces.assertTrace(e.getStackTrace(), "aKeptCancellationIsDeliveredAtTheNextAwait",
                at("cancelsItself", "deliveredLater"), "Weft.run", below);
        CancellationRequest r = assertInstanceOf(CancellationRequest.class, e.getCause());
        Traces.assertTrace(r.getStackTrace(), "aKeptCancellationIsDeliveredAtTheNextAwait",
                at("cancelsItself", "cancelSelf"), "Weft.run", below);
    }

    // ---- timeouts ------------------------------------------------------------------------------

    @Async
    static Task<Void> withTimeout() {
        await(timeout(Duration.ofSeconds(1), () -> sleepsLong())); // L:timeoutScope
        return Task.done();
    }

    @Test
    void aTimeoutNamesItsScope() {
        AsyncTimeoutException e = null;
        try {
            Weft.run(() -> withTimeout(), virtual()); // L:runTimeout
        } catch (AsyncTimeoutException x) {
            e = x;
        }
        assertNotNull(e);
        String below = at("aTimeoutNamesItsScope", "runTimeout");
        Traces.assertTrace(e.getStackTrace(), "aTimeoutNamesItsScope",
                at("withTimeout", "timeoutScope"), "Weft.run", below);
        // the body's cancellation, at the await it was suspended at; asked for by no task (the expiry)
        CancelledException c = assertInstanceOf(CancelledException.class, e.getCause());
        Traces.assertTrace(c.getStackTrace(), "aTimeoutNamesItsScope", at("sleepsLong", "sleepsLong"), "Weft.run", below);
        assertNull(c.getCause());
    }

    @Async
    static Task<Void> withWaitFor() {
        await(waitFor(createTask(() -> sleepsLong()), Duration.ofSeconds(1))); // L:waitFor
        return Task.done();
    }

    @Test
    void waitForNamesItsAwait() {
        AsyncTimeoutException e = null;
        try {
            Weft.run(() -> withWaitFor(), virtual()); // L:runWaitFor
        } catch (AsyncTimeoutException x) {
            e = x;
        }
        assertNotNull(e);
        Traces.assertTrace(e.getStackTrace(), "waitForNamesItsAwait",
                at("withWaitFor", "waitFor"), "Weft.run", at("waitForNamesItsAwait", "runWaitFor"));
    }

    // ---- the loop's own cancellations ---------------------------------------------------------

    static volatile List<String> leftOver;

    @Async
    static Task<Void> leftRunning() {
        try {
            await(sleep(Duration.ofHours(1))); // L:leftRunning
        } catch (CancelledException e) {
            leftOver = Traces.elements(e.getStackTrace(), "leftOverTasksAreCancelledAtTheirAwait");
            assertNull(e.getCause()); // the loop's shutdown is no task's request
            throw e;
        }
        return Task.done();
    }

    @Async
    static Task<Void> leavesOne() {
        createTask(() -> leftRunning());
        await(sleep(1));
        return Task.done();
    }

    @Test
    void leftOverTasksAreCancelledAtTheirAwait() {
        Weft.run(() -> leavesOne(), virtual()); // L:runLeft
        assertEquals(List.of(at("leftRunning", "leftRunning"), "Weft.run",
                at("leftOverTasksAreCancelledAtTheirAwait", "runLeft")), leftOver);
    }
}
