package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancellationRequest;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code await(sleep(d))} in woven code takes no task object: the frame is its own entry in its
 * loop's ready queue (a yield) or timer heap (a timed sleep). What user code sees is the same as
 * with a sleep task: ordering, timing, cancellation (exception, message, request, trace), errors.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SleepAwaitedTest {

    @Async
    static Task<Void> yielder(List<String> log, String name, int n) {
        try {
            for (int i = 0; i < n; i++) {
                log.add(name + i);
                await(sleep(0));
            }
            log.add(name + " done");
        } catch (CancelledException e) {
            log.add(name + " cancelled " + e.getMessage());
            throw e;
        }
        return Task.done();
    }

    @Test
    void yieldsOfSeveralTasksTakeTurns() {
        List<String> log = new ArrayList<>();
        Virtual.run(() -> {
            Task<Void> a = createTask(() -> yielder(log, "A", 3));
            Task<Void> b = createTask(() -> yielder(log, "B", 3));
            await(yielder(log, "M", 2));
            await(a);
            await(b);
            return Task.done();
        });
        assertEquals(List.of("M0", "A0", "B0", "M1", "A1", "B1", "M done", "A2", "B2", "A done", "B done"), log);
    }

    /**
     * CPython 3.13 prints ['X', 'A0', 'B0', 'C0', 'cancel B', 'A1', 'B cancelled stop', 'C1', 'A2',
     * 'C2', 'A done', 'C done'] for the same program: a task cancelled while its step is queued after
     * a sleep(0) gets the CancelledError at that step, in its place in the queue.
     */
    @Test
    void aYieldingTaskCancelledIsCancelledInItsPlaceInTheQueue() {
        List<String> log = new ArrayList<>();
        Virtual.run(() -> {
            Task<?>[] b = new Task<?>[1];
            Task<Void> x = createTask(() -> canceller(log, b));
            Task<Void> ta = createTask(() -> yielder(log, "A", 3));
            b[0] = createTask(() -> yielder(log, "B", 3));
            Task<Void> tc = createTask(() -> yielder(log, "C", 3));
            await(Weft.gatherSettled(x, ta, b[0], tc));
            return Task.done();
        });
        assertEquals(List.of("X", "A0", "B0", "C0", "cancel B", "A1", "B cancelled stop", "C1", "A2", "C2",
                "A done", "C done"), log);
    }

    @Async
    static Task<Void> canceller(List<String> log, Task<?>[] victim) {
        log.add("X");
        await(sleep(0));
        log.add("cancel B");
        victim[0].cancel("stop");
        return Task.done();
    }

    @Async
    static Task<String> sleeper(long ms) {
        try {
            await(sleep(ms));
            return Task.of("woke at " + Virtual.nowMs());
        } catch (CancelledException e) {
            return Task.of("cancelled '" + e.getMessage() + "' at " + Virtual.nowMs());
        }
    }

    @Test
    void timedSleepsTakeLoopTimeAndWakeInDeadlineOrder() {
        List<String> log = new ArrayList<>();
        String r = Virtual.run(() -> {
            Task<String> late = createTask(() -> sleeper(1500));
            Task<String> early = createTask(() -> sleeper(250));
            await(sleep(Duration.ofMillis(100)));
            log.add("main " + Virtual.nowMs());
            log.add(await(early));
            log.add(await(late));
            return Task.of("end " + Virtual.nowMs());
        });
        assertEquals(List.of("main 100", "woke at 250", "woke at 1500"), log);
        assertEquals("end 1500", r);
    }

    @Test
    void aSleepingFrameCountsAsAPendingTimerAndACancelTakesItOutAtOnce() {
        List<String> log = new ArrayList<>();
        Virtual.run(() -> {
            Task<String> s1 = createTask(() -> sleeper(1000));
            Task<String> s2 = createTask(() -> sleeper(2000));
            await(sleep(0)); // both sleep now
            log.add("timers " + Weft.loop().pendingTimers());
            s1.cancel("enough");
            log.add("timers after cancel " + Weft.loop().pendingTimers());
            s1.uncancel(); // does not undo the cancelled sleep: as with a sleep task
            log.add(await(s1));
            log.add("timers " + Weft.loop().pendingTimers());
            log.add(await(s2));
            return Task.done();
        });
        assertEquals(List.of("timers 2", "timers after cancel 1", "cancelled 'enough' at 0", "timers 1",
                "woke at 2000"), log);
    }

    /** On the real clock: a virtual one would jump to the sleeper's deadline while the other thread runs. */
    @Test
    void aCancelFromAnotherThreadGoesThroughTheLoop() {
        String r = Weft.run(() -> {
            Task<String> s = createTask(() -> sleeper(60_000));
            await(sleep(5));
            await(toThread(() -> s.cancel("from afar")));
            return s;
        });
        assertTrue(r.startsWith("cancelled 'from afar' at "), r);
    }

    @Test
    void aYieldingFrameCancelledFromAnotherThread() {
        List<String> log = new ArrayList<>();
        Weft.run(() -> {
            Task<Void> y = createTask(() -> spinner(log));
            await(sleep(0));
            await(toThread(() -> y.cancel("from afar")));
            try {
                await(y);
            } catch (CancelledException e) {
                log.add("awaited: " + e.getMessage());
            }
            return Task.done();
        });
        assertEquals(List.of("Y cancelled from afar", "awaited: from afar"), log);
    }

    @Async
    static Task<Void> spinner(List<String> log) {
        try {
            for (;;) {
                await(sleep(0));
            }
        } catch (CancelledException e) {
            log.add("Y cancelled " + e.getMessage());
            throw e;
        }
    }

    /** A task cancelled while it ran: the cancellation waits for its next await, a rewritten sleep too. */
    @Async
    static Task<String> cancelsItselfThenSleeps(long ms) {
        Weft.currentTask().cancel("self");
        try {
            await(sleep(ms));
            return Task.of("slept");
        } catch (CancelledException e) {
            return Task.of("cancelled '" + e.getMessage() + "' at " + Virtual.nowMs() + ", timers "
                    + Weft.loop().pendingTimers());
        }
    }

    @Test
    void aCancellationKeptWhileTheTaskRanCancelsTheSleepItAwaitsNext() {
        assertEquals("cancelled 'self' at 0, timers 0", Virtual.run(() -> createTask(() -> cancelsItselfThenSleeps(500))));
        assertEquals("cancelled 'self' at 0, timers 0", Virtual.run(() -> createTask(() -> cancelsItselfThenSleeps(0))));
    }

    // ---- the same exception as a sleep task's --------------------------------------------------

    @Async
    static Task<Void> awaitsAtOnce(long ms) {
        await(sleep(ms));
        return Task.done();
    }

    @Async
    static Task<Void> awaitsKept(long ms) {
        Task<Void> s = sleep(ms); // kept in a local: a real task, not rewritten
        await(s);
        return Task.done();
    }

    @Async
    static Task<CancelledException> cancelled(boolean atOnce, long ms) {
        Task<Void> t = createTask(() -> atOnce ? awaitsAtOnce(ms) : awaitsKept(ms));
        await(sleep(0));
        t.cancel("why");
        try {
            await(t);
            throw new AssertionError("not cancelled");
        } catch (CancelledException e) {
            return Task.of(e);
        }
    }

    /** Each element as class.method (lines differ: the two sleepers sit on different lines), the sleepers' names made one. */
    static List<String> shape(StackTraceElement[] trace) {
        return Arrays.stream(trace).map(e -> e.getClassName() + "." + e.getMethodName())
                .map(s -> s.replace("awaitsKept", "awaits").replace("awaitsAtOnce", "awaits"))
                .collect(Collectors.toList());
    }

    @Test
    void aCancelledSleepOrYieldThrowsWhatASleepTaskThrows() {
        for (long ms : new long[] {0, 100}) {
            CancelledException atOnce = Virtual.run(() -> cancelled(true, ms));
            CancelledException kept = Virtual.run(() -> cancelled(false, ms));
            assertEquals("why", atOnce.getMessage());
            assertEquals(kept.getMessage(), atOnce.getMessage());
            assertEquals(kept.getClass(), atOnce.getClass());
            assertEquals(shape(kept.getStackTrace()), shape(atOnce.getStackTrace()));
            assertTrue(shape(atOnce.getStackTrace()).contains(SleepAwaitedTest.class.getName() + ".awaits"),
                    () -> shape(atOnce.getStackTrace()).toString());
            CancellationRequest ra = assertInstanceOf(CancellationRequest.class, atOnce.getCause());
            CancellationRequest rk = assertInstanceOf(CancellationRequest.class, kept.getCause());
            assertEquals(rk.getMessage(), ra.getMessage());
            assertEquals(rk.getStackTrace()[0], ra.getStackTrace()[0]); // the cancel() call; below it, the two runs' lines
            assertEquals(shape(rk.getStackTrace()), shape(ra.getStackTrace()));
        }
    }

    // ---- task dumps ------------------------------------------------------------------------------

    /** A frame made in a plain callback has no task: the dump finds its deadline in its loop's heap all the same. */
    @Test
    void aSleepingFrameIsDumpedAsASleepTaskIs() {
        String dump = Virtual.run(() -> {
            Task<?>[] orphan = new Task<?>[1];
            Weft.loop().callSoon(() -> orphan[0] = awaitsAtOnce(1000));
            Task<Void> yielding = createTask(() -> spinner(new ArrayList<>()));
            await(sleep(0)); // the callback ran: its frame sleeps
            @SuppressWarnings("unchecked")
            Task<Void> holder = createTask(() -> (Task<Void>) orphan[0]); // its body's task is the orphan frame
            Task<Void> mine = createTask(() -> awaitsAtOnce(2500));
            await(sleep(0));
            StringBuilder out = new StringBuilder();
            Weft.dumpTasks(out);
            yielding.cancel();
            holder.cancel();
            mine.cancel();
            return Task.of(out.toString());
        });
        assertTrue(dump.contains("waits on sleep(0): it resumes on the loop's next turn\n"), dump);
        assertTrue(dump.contains("waits on sleep, 2.500 s left (until 2.500 s on the loop clock)\n"), dump);
        assertTrue(dump.contains("waits on sleep, 1.000 s left (until 1.000 s on the loop clock)\n"), dump);
    }

    // ---- errors: exactly Weft.sleep's ----------------------------------------------------------

    @Async
    static Task<Void> sleepsFor(Duration d) {
        await(sleep(d));
        return Task.done();
    }

    @Test
    void outsideALoopTheSameIllegalStateException() {
        IllegalStateException plain = assertThrows(IllegalStateException.class, () -> sleep(5));
        Task<Void> t = awaitsAtOnce(5); // not on a loop: the rewritten sleep fails, and the task carries it
        IllegalStateException woven = assertThrows(IllegalStateException.class, t::result);
        assertEquals("sleep() needs a running event loop: call it from code started by Weft.run(...)", woven.getMessage());
        assertEquals(plain.getMessage(), woven.getMessage());
        IllegalStateException yield = assertThrows(IllegalStateException.class, awaitsAtOnce(0)::result);
        assertEquals(plain.getMessage(), yield.getMessage());
    }

    @Test
    void aNullDurationTheSameNullPointerException() {
        String expected = Virtual.run(() -> {
            try {
                sleep((Duration) null);
                return Task.of("no exception");
            } catch (NullPointerException e) {
                return Task.of(e.getMessage());
            }
        });
        NullPointerException e = assertThrows(NullPointerException.class, () -> Virtual.run(() -> sleepsFor(null)));
        assertEquals(expected, e.getMessage());
    }

    // ---- frames that first suspended off any loop -------------------------------------------------

    @Async
    static Task<String> offLoopThenSleeps(CompletableFuture<String> f, long ms) {
        String v = await(f); // first suspends here, on a thread with no loop: the frame has no loop yet
        long start = Weft.loop().time();
        await(sleep(0));
        await(sleep(ms));
        return Task.of(v + " after " + (Weft.loop().time() - start) / 1_000_000 + " ms");
    }

    @Test
    void aFrameFirstSuspendedOffAnyLoopSleepsOnTheLoopItRunsOn() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Task<String> t = offLoopThenSleeps(f, 40); // called here, off any loop
        String r = Virtual.run(() -> {
            f.complete("value"); // the frame goes on on this loop's thread
            return t;
        });
        assertEquals("value after 40 ms", r);
    }

    // ---- the run's end with frames still sleeping ------------------------------------------------

    @Test
    void theRunEndsWithSleepingFramesCancelled() {
        List<String> log = new ArrayList<>();
        String r = Virtual.run(() -> {
            createTask(() -> loggedSleeper(log, "long", 60_000));
            createTask(() -> loggedSleeper(log, "yield", 0));
            await(sleep(10));
            return Task.of("main done at " + Virtual.nowMs());
        });
        assertEquals("main done at 10", r);
        assertEquals(List.of("yield woke", "long cancelled"), log);
    }

    @Async
    static Task<Void> loggedSleeper(List<String> log, String name, long ms) {
        try {
            await(sleep(ms));
            log.add(name + " woke");
        } catch (CancelledException e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Task.done();
    }

    // ---- allocation -------------------------------------------------------------------------

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Async
    static Task<Long> yields(int n) {
        long before = allocated();
        for (int i = 0; i < n; i++) {
            await(sleep(0));
        }
        return Task.of(allocated() - before);
    }

    @Async
    static Task<Long> sleeps(int n) {
        long before = allocated();
        for (int i = 0; i < n; i++) {
            await(sleep(1));
        }
        return Task.of(allocated() - before);
    }

    @Test
    void anAwaitedYieldAllocatesNothing() {
        Virtual.run(() -> yields(20_000)); // warm up
        long bytes = Virtual.run(() -> yields(100_000));
        assertTrue(bytes < 100_000, () -> bytes + " B for 100,000 yields");
    }

    @Test
    void anAwaitedTimedSleepAllocatesNothing() {
        Virtual.run(() -> sleeps(20_000)); // warm up
        long bytes = Virtual.run(() -> sleeps(100_000));
        assertTrue(bytes < 100_000, () -> bytes + " B for 100,000 sleeps");
    }
}
