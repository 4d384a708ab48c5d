package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.ref.WeakReference;
import java.time.Duration;
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

    // ---- awaits that would wait for themselves -----------------------------------------------

    static Task<Void> ownFrame;

    @Async
    static Task<Void> awaitsOwnFrame() {
        await(sleep(1));
        await(ownFrame);
        return Task.done();
    }

    @Test
    void aCoroutineAwaitingItsOwnTaskFailsAtTheAwaitAsInAsyncio() {
        String message = Weft.run(() -> {
            ownFrame = awaitsOwnFrame();
            try {
                await(ownFrame);
                return Task.of("no failure");
            } catch (IllegalStateException e) {
                return Task.of(e.getMessage());
            }
        });
        assertEquals("coroutine dev.weft.runtime.ReviewDebugTest.awaitsOwnFrame cannot await its own task:"
                + " it would wait for itself forever", message);
    }

    @Test
    void aTaskAwaitingItselfFailsAtTheAwait() {
        String message = Weft.run(() -> createTask(() -> selfAwaitingTask(), "selfish"));
        assertEquals("task 'selfish' cannot await itself: it would wait for itself forever", message);
    }

    @Async
    static Task<String> selfAwaitingTask() {
        await(sleep(1));
        try {
            await(Weft.currentTask());
            return Task.of("no failure");
        } catch (IllegalStateException e) {
            return Task.of(e.getMessage());
        }
    }

    static final Task<?>[] FRAMES = new Task<?>[2];

    /** Waits for {@code start}, then awaits the frame in {@code FRAMES[other]}. */
    @Async
    static Task<Void> awaitsTheOther(Promise<Void> start, int other) {
        await(start);
        await(FRAMES[other]);
        return Task.done();
    }

    @Test
    void cancellingOneOfTwoFramesAwaitingEachOtherReturns() {
        Promise<Void> start = Task.promise();
        FRAMES[0] = awaitsTheOther(start, 1);
        FRAMES[1] = awaitsTheOther(start, 0);
        start.complete(null); // off any loop, both go on here: each now awaits the other
        // the chain of frames the request goes down comes back to itself: it spun forever before
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> FRAMES[0].cancel()));
        assertFalse(FRAMES[0].isDone());
        Arrays.fill(FRAMES, null);
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
