package dev.weft.runtime.dump;

import dev.weft.Waiter;
import static dev.weft.Weft.toThread;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.dump.SourceLines.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.LoopClock;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RunOptions.withStallReport: a dump to the reporter once per stall, by the loop's clock. */
@Timeout(30)
class StallReportTest {
    private static final Class<?> ME = StallReportTest.class;

    @Async
    static Task<Void> transfer(AsyncLock first, AsyncLock second) {
        try (Permit one = await(first.acquire())) {
            await(sleep(10));
            try (Permit two = await(second.acquire())) { // @second
                return Task.done();
            }
        }
    }

    @Async
    static Task<String> deadlockThenSleep(long timeoutMs, long thenMs) {
        AsyncLock x = AsyncLock.create();
        AsyncLock y = AsyncLock.create();
        Task<Void> a = createTask(() -> transfer(x, y), "a");
        Task<Void> b = createTask(() -> transfer(y, x), "b");
        try {
            await(waitFor(gather(a, b), Duration.ofMillis(timeoutMs))); // @waitFor
            return Task.of("no deadlock?");
        } catch (AsyncTimeoutException e) {
            await(sleep(thenMs)); // @then
            return Task.of("timed out");
        }
    }

    private static RunOptions options(List<String> reports, Duration stall) {
        return RunOptions.defaults().withClock(LoopClock.virtual()).withStallReport(stall)
                .withReporter((message, error) -> reports.add(message));
    }

    @Test
    void aDeadlockIsReportedOnceWithTheDumpThenAgainAfterProgressStopsAgain() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        String loop = Thread.currentThread().getName();
        assertEquals("timed out", Weft.run(() -> deadlockThenSleep(5000, 3000), options(reports, Duration.ofSeconds(1))));
        String second = "            " + at(ME, "transfer", "// @second") + "\n";
        assertEquals(List.of(
                "Stall: no task made progress for 1.000 s (RunOptions.withStallReport).\n"
                + "Task dump of loop '" + loop + "' (3 tasks):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    " + at(ME, "deadlockThenSleep", "// @waitFor") + "\n"
                + "    waits on timeout scope, 3.990 s left (until 5.000 s on the loop clock)\n"
                + "    gather of 2\n"
                + "        Task 'a' (waiting)\n" + second
                + "            waits on AsyncLock held by Task 'b'\n"
                + "        Task 'b' (waiting)\n" + second
                + "            waits on AsyncLock held by Task 'a'",
                "Stall: no task made progress for 1.000 s (RunOptions.withStallReport).\n"
                + "Task dump of loop '" + loop + "' (1 task):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    " + at(ME, "deadlockThenSleep", "// @then") + "\n"
                + "    waits on sleep, 2.000 s left (until 8.000 s on the loop clock)"), reports);
    }

    @Async
    static Task<Integer> tick(int times, long everyMs) {
        for (int i = 0; i < times; i++) {
            await(sleep(everyMs));
        }
        return Task.of(times);
    }

    @Test
    void tasksThatMakeProgressAreNoStall() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        assertEquals(20, Weft.run(() -> tick(20, 400), options(reports, Duration.ofMillis(500))));
        assertEquals(List.of(), reports);
    }

    @Test
    void aStallReportNeverKeepsARunFromEnding() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        Weft.run(() -> sleep(20), RunOptions.defaults().withStallReport(Duration.ofHours(1))
                .withReporter((message, error) -> reports.add(message)));
        Weft.run(() -> sleep(Duration.ofMinutes(10)), options(reports, Duration.ofHours(1)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "took " + millis + " ms");
        assertEquals(List.of(), reports);
    }

    @Test
    void underTheSystemClockTheStallIsReportedAfterItsRealTime() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        String r = Weft.run(() -> deadlockThenSleep(1000, 0), RunOptions.defaults().withStallReport(Duration.ofMillis(200))
                .withReporter((message, error) -> reports.add(message)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("timed out", r);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("Stall: no task made progress for 0.200 s (RunOptions.withStallReport).\n"),
                reports.get(0));
        assertTrue(reports.get(0).contains("waits on AsyncLock held by Task 'b'"), reports.get(0));
        assertTrue(millis >= 990 && millis < 10_000, "took " + millis + " ms");
    }

    /**
     * Bug: a stall time or slow-step threshold beyond 292 years (how a user says "never") made
     * {@code Weft.run} throw {@code ArithmeticException: long overflow} ({@code Duration.toNanos()}):
     * it is now the longest the loop's clock counts, about 73 years. And the debug run's watchdog
     * thread, which pauses a quarter of the threshold between looks, outlived its run by 18 years:
     * it now ends when the run does.
     */
    @Test
    void aStallTimeTooLongForNanosecondsIsTheLongestTheLoopCounts() throws InterruptedException {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertEquals("timed out", Weft.run(() -> deadlockThenSleep(5000, 3000), options(reports, forever)));
        assertEquals("timed out", Weft.run(() -> deadlockThenSleep(50, 0), options(reports, forever).withDebug(true)
                .withSlowStepThreshold(forever)));
        assertEquals(List.of(), reports);
        List<Thread> watchdogs = watchdogThreads();
        for (int i = 0; i < 100 && !watchdogs.isEmpty(); i++) {
            Thread.sleep(20);
            watchdogs = watchdogThreads();
        }
        assertEquals(List.of(), watchdogs, "a debug run's watchdog left running");
    }

    private static List<Thread> watchdogThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("weft-debug-watchdog") && t.isAlive()) {
                found.add(t);
            }
        }
        return found;
    }

    @Test
    void theStallTimeMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunOptions.defaults().withStallReport(Duration.ZERO));
        assertEquals("the stall report time must be positive, not PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunOptions.defaults().withStallReport(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> RunOptions.defaults().withStallReport(null));
        assertEquals(null, RunOptions.defaults().stallReport());
        assertEquals(Duration.ofSeconds(3), RunOptions.defaults().withStallReport(Duration.ofSeconds(3)).stallReport());
    }

    @Async
    static Task<Object> awaitOne(Task<?> t) {
        return Task.of(await(t)); // @awaitOne
    }

    @Async
    static Task<Object> parallelStall() {
        Promise<Object> later = Task.promise();
        Task<Object> a = createTask(() -> awaitOne(later), "a");   // on loop 1
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            later.complete("done");
        });
        t.start();
        return Task.of(await(a)); // @parallelStall
    }

    @Test
    void underRunParallelEachLoopReportsItsOwnTasks() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        Object r = Weft.runParallel(StallReportTest::parallelStall, ParallelOptions.defaults().withLoops(2)
                .withRunOptions(RunOptions.defaults().withStallReport(Duration.ofMillis(200))
                        .withReporter((message, error) -> reports.add(message))));
        assertEquals("done", r);
        List<String> sorted = new ArrayList<>(reports);
        sorted.sort(null);
        String stall = "Stall: no task made progress for 0.200 s (RunOptions.withStallReport).\n";
        assertEquals(List.of(
                stall + "Task dump of loop 'weft-loop-0' (1 task):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    " + at(ME, "parallelStall", "// @parallelStall") + "\n"
                + "    waits on Task 'a'\n"
                + "    Task 'a' (not in this dump)",
                stall + "Task dump of loop 'weft-loop-1' (1 task):\n"
                + "Task 'a' (waiting)\n"
                + "    " + at(ME, "awaitOne", "// @awaitOne") + "\n"
                + "    waits on a promise (Task.promise())"), sorted);
    }

    // ---- review ---------------------------------------------------------------------------------

    @Async
    static Task<Integer> ticker(int times, long everyMs) {
        for (int i = 0; i < times; i++) {
            await(sleep(everyMs));
        }
        return Task.of(times);
    }

    @Test
    void underRunParallelProgressOnAnotherLoopIsNoStall() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        int ticks = Weft.runParallel(() -> {
            Task<Integer> t = createTask(() -> ticker(10, 100)); // the first task made goes to the other loop
            return t;
        }, ParallelOptions.defaults().withLoops(2).withRunOptions(RunOptions.defaults()
                .withStallReport(Duration.ofMillis(400)).withReporter((message, error) -> reports.add(message))));
        assertEquals(10, ticks);
        assertEquals(List.of(), reports);
    }

    /** A library's waiter whose description fails (a bug of the library, not of the program). */
    static final class FaultyWaiter extends Waiter<Void> {
        @Override
        protected String waitsOn() {
            throw new IllegalStateException("waitsOn failed");
        }
    }

    @Test
    void aFailingWaiterDescriptionDoesNotBreakTheRun() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        String r = Weft.run(() -> {
            Task<Void> stuck = createTask(() -> new FaultyWaiter(), "stuck");
            await(sleep(Duration.ofSeconds(5)));
            stuck.cancel();
            return Task.of("ended");
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withStallReport(Duration.ofSeconds(1))
                .withReporter((message, error) -> reports.add(message)));
        assertEquals("ended", r);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("Task 'stuck' (waiting)\n    waits on " + FaultyWaiter.class.getName()
                + " (its waitsOn() threw java.lang.IllegalStateException: waitsOn failed)"), reports.get(0));
    }

    /** A waiter whose description fails with an error, not an exception. */
    static final class BrokenWaiter extends Waiter<Void> {
        @Override
        protected String waitsOn() {
            throw new AssertionError("waitsOn broke");
        }
    }

    @Test
    void anErrorFromAWaiterDescriptionDoesNotBreakTheRunEither() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        String r = Weft.run(() -> {
            Task<Void> stuck = createTask(() -> new BrokenWaiter(), "stuck");
            await(sleep(Duration.ofSeconds(5)));
            stuck.cancel();
            return Task.of("ended");
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withStallReport(Duration.ofSeconds(1))
                .withReporter((message, error) -> reports.add(message)));
        assertEquals("ended", r);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("Task 'stuck' (waiting)\n    waits on " + BrokenWaiter.class.getName()
                + " (its waitsOn() threw java.lang.AssertionError: waitsOn broke)"), reports.get(0));
    }

    @Test
    void aVirtualClockStandsStillWhileAThreadWorksUnderAStallReport() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        long elapsed = Weft.run(() -> {
            long start = Weft.loop().time();
            await(toThread(() -> {
                Thread.sleep(500);
                return 1;
            }));
            return Task.of(Weft.loop().time() - start);
        }, RunOptions.defaults().withClock(LoopClock.virtual()).withStallReport(Duration.ofMillis(100))
                .withReporter((message, error) -> reports.add(message)));
        assertEquals(List.of(), reports);
        assertEquals(0L, elapsed, "the virtual clock moved while the loop waited for a thread");
    }

    @Test
    void anIdleVirtualClockLoopIsNotSlowedByItsStallReport() {
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        int n = Weft.run(() -> ticker(50, 1000), RunOptions.defaults().withClock(LoopClock.virtual())
                .withStallReport(Duration.ofMillis(500)).withReporter((message, error) -> reports.add(message)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(50, n);
        assertEquals(50, reports.size()); // each tick is a 1 s sleep: a stall of 0.5 s before each
        assertTrue(millis < 2000, "50 virtual seconds took " + millis + " ms of real time");
    }
}
