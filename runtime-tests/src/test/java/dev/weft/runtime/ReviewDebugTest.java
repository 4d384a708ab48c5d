package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review of session 7 (debuggability): each test here shows a bug of the merged code (async stack
 * traces) and is disabled until it is fixed. (The task dump and stall report ones were fixed and moved
 * to dev.weft.runtime.dump's TaskDumpTest, LoopDumpTest and StallReportTest.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReviewDebugTest {

    // ---- async stack traces: one awaiter's await line in another's trace ------------------------

    @Async
    static Task<Void> failsLater() {
        await(sleep(1));
        throw new IllegalStateException("boom");
    }

    /** Awaits {@code c} and swallows its failure: a hop of the failure on this thread. */
    @Async
    static Task<Void> firstAwaiter(Task<Void> c) {
        try {
            await(c);
        } catch (IllegalStateException e) {
            // seen, dropped
        }
        return Task.done();
    }

    /** Gathers {@code c}, which failed already, and returns the trace of what the gather rethrows. */
    @Async
    static Task<StackTraceElement[]> gatherer(Task<Void> c) {
        try {
            await(gather(c));
            return Task.of(null);
        } catch (IllegalStateException e) {
            return Task.of(e.getStackTrace());
        }
    }

    @Test
    void aGatherDoesNotShowTheAwaitLineOfAnotherAwaiter() {
        StackTraceElement[] trace = Weft.run(() -> {
            Task<Void> c = createTask(() -> failsLater());
            await(firstAwaiter(c));
            return gatherer(c);
        });
        assertNotNull(trace);
        String all = Arrays.stream(trace).map(String::valueOf).collect(Collectors.joining("\n"));
        assertTrue(Arrays.stream(trace).anyMatch(e -> e.getMethodName().equals("gatherer")), all);
        assertFalse(Arrays.stream(trace).anyMatch(e -> e.getMethodName().equals("firstAwaiter")),
                "firstAwaiter's await line is in the gatherer's trace:\n" + all);
    }

    /** An exception that refuses a new stack trace, as a library's might. */
    static final class FrozenTraceException extends IllegalStateException {
        FrozenTraceException() {
            super("frozen");
        }

        @Override
        public void setStackTrace(StackTraceElement[] trace) {
            throw new UnsupportedOperationException("this exception keeps its own trace");
        }
    }

    @Async
    static Task<Void> failsFrozenLater() {
        await(sleep(1));
        throw new FrozenTraceException();
    }

    @Test
    void anExceptionThatRefusesANewTraceStillReachesItsAwaiter() {
        Throwable caught = Weft.run(() -> {
            try {
                await(failsFrozenLater());
                return Task.of(null);
            } catch (RuntimeException e) {
                return Task.of(e);
            }
        });
        assertTrue(caught instanceof FrozenTraceException, () -> "caught " + caught);
    }

    // ---- async stack traces: the last failure kept by the thread --------------------------------

    @Test
    void theLastFailureIsNotKeptByTheThreadAfterTheRun() throws InterruptedException {
        WeakReference<Throwable> seen = runAndCatch();
        for (int i = 0; i < 50 && seen.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(seen.get(), "the exception caught in the run is still reachable after it");
    }

    private static WeakReference<Throwable> runAndCatch() {
        AtomicReference<WeakReference<Throwable>> ref = new AtomicReference<>();
        Weft.run(() -> {
            try {
                await(failsLater());
            } catch (IllegalStateException e) {
                ref.set(new WeakReference<>(e));
            }
            return Task.done();
        });
        return ref.get();
    }
}
