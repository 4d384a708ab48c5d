package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Debug mode: the seed's pitfalls reported as they happen (asyncio's debug mode, test_tasks.py's never-retrieved tests). */
class DebugModeTest {
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    private RunOptions debug() {
        // A virtual clock keeps the tasks' order independent of how slow a first step is (class loading);
        // the slow-step check measures wall time whatever the clock.
        return RunOptions.defaults().withClock(LoopClock.virtual()).withDebug(true).withSlowStepThreshold(Duration.ofMillis(50))
                .withReporter((msg, e) -> reports.add(msg + (e == null ? "" : " | " + e.getMessage())));
    }

    @Async
    Task<Void> blocker() {
        await(sleep(1));
        blockTheLoop();
        return Task.done();
    }

    private static void blockTheLoop() {
        try {
            Thread.sleep(300); // the seed's time.sleep pitfall
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStepThatBlocksTheLoopIsReportedWithTheCoroutineAndLine() {
        Weft.run(this::blocker, debug());
        assertEquals(1, reports.size(), reports.toString());
        String r = reports.get(0);
        assertTrue(r.startsWith("Executing coroutine dev.weft.runtime.DebugModeTest.blocker resumed at (DebugModeTest.java:"), r);
        assertTrue(r.contains(" ms: the loop was blocked at dev.weft.runtime.DebugModeTest.blockTheLoop(DebugModeTest.java:"), r);
    }

    @Test
    void withoutDebugNothingIsReported() {
        Weft.run(this::blocker, debug().withDebug(false));
        assertEquals(List.of(), reports);
    }

    @Async
    Task<Void> failsLater() {
        await(sleep(1));
        throw new IllegalStateException("nobody looks at me");
    }

    @Test
    void aFailureNobodyRetrievedIsReportedWhenTheTaskIsCollected() throws InterruptedException {
        Weft.run(() -> {
            createTask(this::failsLater, "forgotten");
            await(sleep(10));
            return Task.done();
        }, debug());
        awaitReport(() -> reports.stream().anyMatch(r -> r.startsWith("Task exception was never retrieved: task 'forgotten'")));
        assertTrue(reports.contains("Task exception was never retrieved: task 'forgotten' | nobody looks at me"), reports.toString());
    }

    @Async
    Task<Void> failsSoon() {
        await(sleep(0));
        throw new IllegalStateException("boom");
    }

    @Async
    Task<Void> retrieves() {
        Task<Void> t = createTask(this::failsSoon, "retrieved");
        await(sleep(10));
        reports.add("retrieved " + t.exception().getMessage());
        return Task.done();
    }

    // test_tasks' test_exception_... / asyncio's "Task exception was never retrieved": reported
    // outside debug mode too, when the task is collected; a failure looked at is not
    @Test
    void aFailureNobodyRetrievedIsReportedOutsideDebugModeToo() throws InterruptedException {
        Weft.run(() -> {
            createTask(this::failsSoon, "forgotten");
            await(retrieves());
            await(sleep(10));
            return Task.done();
        }, debug().withDebug(false));
        awaitReport(() -> reports.stream().anyMatch(r -> r.startsWith("Task exception was never retrieved")));
        for (int i = 0; i < 5; i++) { // a report for the retrieved one would come with the same collections
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(List.of("retrieved boom", "Task exception was never retrieved: task 'forgotten' | boom"), reports);
    }

    @Async
    Task<String> quietWork() {
        await(sleep(1));
        return Task.of("unused");
    }

    @Test
    void aCoroutineNeverAwaitedIsReportedWhenCollected() throws InterruptedException {
        Weft.run(() -> {
            quietWork(); // the forgotten await: its task is dropped
            await(sleep(10));
            return Task.done();
        }, debug());
        awaitReport(() -> reports.stream().anyMatch(r -> r.startsWith("Task was created and never awaited: coroutine dev.weft.runtime.DebugModeTest.quietWork")));
    }

    @Test
    void awaitedFailuresAreNotReported() throws InterruptedException {
        Weft.run(() -> {
            Task<Void> t = createTask(this::failsLater);
            try {
                await(t);
            } catch (IllegalStateException e) {
                // retrieved
            }
            return Task.done();
        }, debug());
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(List.of(), reports);
    }

    private void awaitReport(Supplier<Boolean> seen) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!seen.get() && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(seen.get(), reports.toString());
    }
}
