package dev.weft.runtime.parallel;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createLocalTask;
import static dev.weft.Weft.asCompleted;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.toThread;
import static dev.weft.Weft.waitFor;
import static dev.weft.Weft.shield;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.ParallelOptions;
import dev.weft.ReturnWhen;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.TaskGroupException;
import dev.weft.WaitResult;
import dev.weft.Weft;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.Permit;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Weft#runParallel}: N loops on N threads, tasks spread round-robin and pinned to their loop. */
class ParallelSchedulerTest {
    private static final ParallelOptions FOUR = ParallelOptions.defaults().withLoops(4);
    private static final ParallelOptions TWO = ParallelOptions.defaults().withLoops(2);

    private final Map<Integer, List<String>> threadsOf = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    /** Counted down by each {@link #sleeper} as it starts. */
    private final CountDownLatch sleepersStarted = new CountDownLatch(2);

    private static String thread() {
        return Thread.currentThread().getName();
    }

    @AfterEach
    void noLoopThreadOutlivesTheCall() {
        Set<String> alive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("weft-loop-") && t.isAlive())
                .map(Thread::getName).collect(Collectors.toSet());
        assertEquals(Set.of(), alive, "loop threads leaked");
    }

    // ---- results and placement ------------------------------------------------------------

    @Async
    Task<Integer> square(int i) {
        await(sleep(1));
        return Task.of(i * i);
    }

    @Async
    Task<Integer> sumOfSquares(int n) {
        List<Task<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            parts.add(createTask(() -> square(k)));
        }
        int sum = 0;
        for (int v : await(gather(parts))) {
            sum += v;
        }
        return Task.of(sum);
    }

    @Test
    void resultsComeBackFromEveryLoop() {
        assertEquals(2470, Weft.runParallel(() -> sumOfSquares(20), FOUR));
    }

    @Test
    void defaultIsOneLoopPerCore() {
        assertEquals(Runtime.getRuntime().availableProcessors(), ParallelOptions.defaults().loops());
        assertEquals(2470, Weft.runParallel(() -> sumOfSquares(20)));
        assertThrows(IllegalArgumentException.class, () -> ParallelOptions.defaults().withLoops(0));
        assertThrows(IllegalArgumentException.class,
                () -> TWO.withRunOptions(RunOptions.defaults().withClock(LoopClock.virtual())));
    }

    @Async
    Task<String> echo(String s) {
        await(sleep(1));
        return Task.of(s + "@" + thread());
    }

    /** Records its thread at each step: start, after a timer, after a task of another loop, after a thread. */
    @Async
    Task<Void> pinned(int id) {
        List<String> seen = new ArrayList<>();
        seen.add(thread());
        await(sleep(1));
        seen.add(thread());
        String other = await(createTask(() -> echo("x")));   // most likely on another loop
        assertTrue(other.startsWith("x@weft-loop-"), other);
        seen.add(thread());
        await(toThread(() -> "off the loop"));
        seen.add(thread());
        threadsOf.put(id, seen);
        return Task.done();
    }

    @Async
    Task<Void> hundredPinned() {
        List<Task<Void>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int id = i;
            all.add(createTask(() -> pinned(id)));
        }
        await(gather(all));
        return Task.done();
    }

    @Test
    void tasksAreSpreadAcrossLoopsAndEachStaysOnItsLoop() {
        Weft.runParallel(this::hundredPinned, FOUR);
        assertEquals(100, threadsOf.size());
        Set<String> used = new HashSet<>();
        threadsOf.forEach((id, seen) -> {
            assertEquals(4, seen.size());
            assertEquals(1, new HashSet<>(seen).size(), "task " + id + " moved: " + seen);
            assertTrue(seen.get(0).startsWith("weft-loop-"), seen.get(0));
            used.add(seen.get(0));
        });
        // Round-robin: 100 tasks (plus their helpers) over 4 loops reach every loop.
        assertEquals(Set.of("weft-loop-0", "weft-loop-1", "weft-loop-2", "weft-loop-3"), used);
    }

    // ---- real parallelism, without timing: two steps that block together must be on two threads ----

    @Async
    Task<Boolean> meet(CountDownLatch both) {
        both.countDown();
        try {
            // Blocks its loop on purpose: only a step running at the same time on another loop releases it.
            return Task.of(both.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            return Task.of(false);
        }
    }

    @Async
    Task<List<Boolean>> twoMeeting() {
        CountDownLatch both = new CountDownLatch(2);
        return gather(createTask(() -> meet(both)), createTask(() -> meet(both)));
    }

    @Test
    void stepsOfTasksOnDifferentLoopsRunAtTheSameTime() {
        assertEquals(List.of(true, true), Weft.runParallel(this::twoMeeting, TWO));
    }

    static long spin(long n) {
        long x = n;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    @Async
    Task<Long> cpuPart(int steps) {
        long x = 0;
        for (int i = 0; i < steps; i++) {
            x += spin(2_000_000);
            await(sleep(0));   // a yield between chunks, as a well-behaved CPU-bound task does
        }
        return Task.of(x);
    }

    @Async
    Task<Long> cpuWork() {
        List<Task<Long>> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            parts.add(createTask(() -> cpuPart(20)));
        }
        long x = 0;
        for (long v : await(gather(parts))) {
            x += v;
        }
        return Task.of(x);
    }

    /**
     * Two loops beat one on a CPU-bound workload. Tolerant: a loaded CI machine (or a single core)
     * may erase the gain, so it only checks that two loops are not clearly slower and gives the
     * same result; the deterministic proof of parallelism is the test above.
     */
    @Test
    void cpuBoundWorkGivesTheSameResultOnOneOrTwoLoops() {
        Weft.runParallel(this::cpuWork, TWO); // warm-up (JIT)
        long t0 = System.nanoTime();
        long one = Weft.runParallel(this::cpuWork, ParallelOptions.defaults().withLoops(1));
        long t1 = System.nanoTime();
        long two = Weft.runParallel(this::cpuWork, TWO);
        long t2 = System.nanoTime();
        assertEquals(one, two);
        assertTrue(t2 - t1 < 3 * (t1 - t0) + TimeUnit.SECONDS.toNanos(2),
                "2 loops: " + (t2 - t1) / 1_000_000 + " ms, 1 loop: " + (t1 - t0) / 1_000_000 + " ms");
    }

    // ---- awaiting and cancelling across loops ------------------------------------------------

    @Async
    Task<String> crossLoopAwait() {
        String here = thread();
        Task<String> far = createTask(() -> echo("far"));
        String r = await(far);
        assertEquals(here, thread(), "resumed on its own loop");
        return Task.of(here + " got " + r);
    }

    @Test
    void awaitingATaskOfAnotherLoopResumesOnTheAwaitersLoop() {
        String r = Weft.runParallel(this::crossLoopAwait, TWO);
        assertEquals("weft-loop-0 got far@weft-loop-1", r);
    }

    @Async
    Task<Void> sleeper(String name) {
        log.add(name + " started on " + thread());
        sleepersStarted.countDown();
        try {
            await(sleep(60_000));
        } finally {
            log.add(name + " finally on " + thread());
        }
        return Task.done();
    }

    @Async
    Task<Void> awaitsSleeper(String name) {
        Task<Void> inner = createTask(() -> sleeper(name + ".inner"));
        await(inner);
        return Task.done();
    }

    @Async
    Task<String> crossLoopCancel() {
        Task<Void> far = createTask(() -> sleeper("far"));         // loop 1
        Task<Void> outer = createTask(() -> awaitsSleeper("outer")); // loop 0, its inner on loop 1
        // Off the loop, without timing: a task cancelled before its start would never log anything.
        await(toThread(() -> sleepersStarted.await(20, TimeUnit.SECONDS)));
        far.cancel("stop");
        outer.cancel();
        String r = "";
        try {
            await(far);
        } catch (CancelledException e) {
            r += "far cancelled: " + e.getMessage();
        }
        try {
            await(outer);
        } catch (CancelledException e) {
            r += ", outer cancelled";
        }
        // outer ended after its inner did: the inner's finally is logged already.
        return Task.of(r);
    }

    @Test
    void cancellingATaskOfAnotherLoopIsDeliveredOnItsLoop() {
        assertEquals("far cancelled: stop, outer cancelled", Weft.runParallel(this::crossLoopCancel, TWO));
        assertTrue(log.contains("far started on weft-loop-1"), log.toString());
        assertTrue(log.contains("far finally on weft-loop-1"), log.toString());
        // asyncio: cancelling a task that awaits another cancels the inner one too, here across loops.
        assertTrue(log.contains("outer.inner started on weft-loop-1"), log.toString());
        assertTrue(log.contains("outer.inner finally on weft-loop-1"), log.toString());
    }

    // ---- failures ---------------------------------------------------------------------------

    @Async
    Task<String> failsWith(IOException e) {
        await(sleep(1));
        return Task.failed(e);   // a checked exception without a throws clause the Supplier lambdas cannot have
    }

    @Async
    Task<String> failsLater(IOException e) {
        await(sleep(100));
        return Task.failed(e);
    }

    @Async
    Task<String> catchesAcrossLoops(IOException e) {
        try {
            return Task.of(await(createTask(() -> failsWith(e)), IOException.class));
        } catch (IOException caught) {
            return Task.of(caught == e ? "same exception" : "another exception");
        }
    }

    @Test
    void failuresPropagateAcrossLoopsAndOutOfTheCallAsTheyAre() {
        IOException e = new IOException("disk");
        assertEquals("same exception", Weft.runParallel(() -> catchesAcrossLoops(e), FOUR));
        IOException thrown = assertThrows(IOException.class, () -> Weft.runParallel(() -> failsWith(e), FOUR));
        assertSame(e, thrown);
    }

    @Async
    Task<String> groupWithAFailingChild() {
        try {
            await(taskGroup(tg -> {
                tg.createTask(() -> sleeper("child1"));
                tg.createTask(() -> sleeper("child2"));
                tg.createTask(() -> failsLater(new IOException("boom")));
                return Task.done();
            }));
            return Task.of("no failure");
        } catch (TaskGroupException e) {
            return Task.of(e.exceptions().size() + " failure: " + e.exceptions().get(0).getMessage());
        }
    }

    @Test
    void aTaskGroupSpreadsItsChildrenAndCancelsThemAcrossLoops() {
        assertEquals("1 failure: boom", Weft.runParallel(this::groupWithAFailingChild, FOUR));
        Set<String> loops = log.stream().filter(l -> l.contains(" started on "))
                .map(l -> l.substring(l.indexOf(" on ") + 4)).collect(Collectors.toSet());
        assertTrue(loops.size() >= 2, "children on several loops: " + log);
        // Every child that started was cancelled on its own loop (and ran its finally there).
        assertEquals(log.stream().filter(l -> l.contains(" started on ")).count(),
                log.stream().filter(l -> l.contains(" finally on ")).count(), log.toString());
    }

    // ---- end of the call ----------------------------------------------------------------------

    @Async
    Task<String> leavesTasksBehind(AtomicInteger cleaned, CountDownLatch started) {
        for (int i = 0; i < 12; i++) {
            createTask(() -> leftover(cleaned, started));
        }
        // Wait off the loop until all have started: a task cancelled before its start never runs its body.
        await(toThread(() -> started.await(20, TimeUnit.SECONDS)));
        return Task.of("main done");
    }

    @Async
    Task<Void> leftover(AtomicInteger cleaned, CountDownLatch started) {
        started.countDown();
        try {
            await(sleep(60_000));
        } finally {
            assertTrue(thread().startsWith("weft-loop-"));
            cleaned.incrementAndGet();
        }
        return Task.done();
    }

    @Test
    void leftoverTasksOnEveryLoopAreCancelledAndAwaited() {
        AtomicInteger cleaned = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(12);
        assertEquals("main done", Weft.runParallel(() -> leavesTasksBehind(cleaned, started), FOUR));
        assertEquals(12, cleaned.get());
        // The call returned without waiting 60 s: the tasks never got to sleep long.
    }

    @Async
    Task<Void> spawnsWhenCancelled(CountDownLatch started) {
        try {
            started.countDown();
            await(sleep(60_000));
        } finally {
            createLocalTask(() -> lateOne(), "late");
        }
        return Task.done();
    }

    @Async
    Task<Void> lateOne() {
        log.add("late started on " + thread());
        await(sleep(60_000));
        return Task.done();
    }

    @Async
    Task<String> leavesASpawner() {
        CountDownLatch started = new CountDownLatch(1);
        createTask(() -> spawnsWhenCancelled(started));
        await(toThread(() -> started.await(20, TimeUnit.SECONDS)));
        return Task.of("main done");
    }

    /**
     * A task created by a leftover's cleanup takes its first step before its loop stops, and, still
     * pending when the loop closes, is reported (as {@code Weft.run}'s end does; before, it was dropped
     * silently, never started).
     */
    @Test
    void aTaskCreatedWhileTheLoopsCancelTheTasksLeftStartsAndIsReported() {
        List<String> reports = new CopyOnWriteArrayList<>();
        assertEquals("main done", Weft.runParallel(this::leavesASpawner,
                TWO.withRunOptions(RunOptions.defaults().withReporter((msg, e) -> reports.add(msg)))));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("late started on weft-loop-"), log.toString());
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("Task was destroyed but it is pending: task 'late' was still running when the"
                + " event loop closed."), reports.toString());
    }

    @Async
    Task<Void> nested() {
        Weft.runParallel(() -> Task.done(), TWO);
        return Task.done();
    }

    @Test
    void runParallelInsideALoopIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(this::nested));
        assertTrue(e.getMessage().contains("await"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Weft.runParallel(this::nested, TWO));
    }

    // ---- single-loop primitives ---------------------------------------------------------------

    @Async
    Task<String> lockUser(AsyncLock lock) {
        Permit p = await(lock.acquire());
        p.close();
        return Task.of("acquired on " + thread());
    }

    /** On another loop than the primitives': each use must be refused. */
    @Async
    Task<List<String>> farUser(AsyncLock lock, AsyncQueue<String> q, AsyncEvent ev) {
        List<String> r = new ArrayList<>();
        try {
            await(lock.acquire());
            r.add("lock acquired on " + thread());
        } catch (IllegalStateException e) {
            r.add(e.getMessage());
        }
        try {
            r.add("got " + q.getNowait() + " on " + thread());
        } catch (IllegalStateException e) {
            r.add("queue refused");
        }
        try {
            ev.clear();
            r.add("event cleared on " + thread());
        } catch (IllegalStateException e) {
            r.add("event refused");
        }
        return Task.of(r);
    }

    @Async
    Task<List<String>> sharesPrimitives() {
        AsyncLock lock = AsyncLock.create();
        await(lock.acquire()).close();
        AsyncQueue<String> q = AsyncQueue.fifo();
        q.putNowait("x");
        AsyncEvent ev = AsyncEvent.create();
        ev.set();
        List<String> r = new ArrayList<>(await(createTask(() -> farUser(lock, q, ev)))); // loop 1
        r.add(await(createLocalTask(() -> lockUser(lock))));                               // loop 0
        return Task.of(r);
    }

    @Test
    void aLockQueueOrEventUsedFromASecondLoopThrows() {
        List<String> r = Weft.runParallel(this::sharesPrimitives, TWO);
        assertTrue(r.get(0).startsWith("The lock (or semaphore) is bound to a different event loop"), r.get(0));
        assertTrue(r.get(0).contains("createLocalTask"), r.get(0));
        assertEquals(List.of("queue refused", "event refused", "acquired on weft-loop-0"), r.subList(1, 4));
    }

    @Async
    Task<Void> usesLock(AsyncLock lock) {
        await(lock.acquire()).close();
        return Task.done();
    }

    @Test
    void aPrimitiveStaysBoundToItsFirstLoopAcrossRuns() {
        // asyncio 3.10+: a primitive is bound to the first loop that uses it.
        AsyncLock lock = AsyncLock.create();
        Weft.run(() -> usesLock(lock));
        assertThrows(IllegalStateException.class, () -> Weft.run(() -> usesLock(lock)));
        assertFalse(lock.isLocked());
        assertNotEquals(null, lock.toString());
    }

    // ---- debug mode --------------------------------------------------------------------------

    @Async
    Task<Void> blocksItsLoop() throws InterruptedException {
        await(sleep(1));
        Thread.sleep(150); // the seed's pitfall, on a loop of the group
        return Task.done();
    }

    @Async
    Task<Void> blocksElsewhere() {
        await(createTask(() -> {
            try {
                return blocksItsLoop();
            } catch (InterruptedException e) {
                return Task.failed(e);
            }
        }));
        return Task.done();
    }

    @Test
    void debugModeWatchesEveryLoop() {
        List<String> reports = new CopyOnWriteArrayList<>();
        RunOptions debug = RunOptions.defaults().withDebug(true).withSlowStepThreshold(Duration.ofMillis(50))
                .withReporter((msg, e) -> reports.add(msg));
        Weft.runParallel(this::blocksElsewhere, TWO.withRunOptions(debug));
        assertTrue(reports.stream().anyMatch(m -> m.contains("blocksItsLoop") && m.contains("the loop was blocked")),
                reports.toString());
    }

    // ---- the library over tasks of several loops ----------------------------------------------

    @Async
    Task<String> slowFar() {
        try {
            await(sleep(60_000));
        } finally {
            log.add("slowFar finally on " + thread());
        }
        return Task.of("slow");
    }

    @Async
    Task<List<String>> combinators() {
        String here = thread();
        List<String> r = new ArrayList<>();
        // wait(FIRST_COMPLETED) and asCompleted: completions from other loops, resumed here.
        Task<String> quick = createTask(() -> echo("quick"));
        Task<String> slow = createTask(() -> slowFar());
        WaitResult<String> w = await(Weft.waitTasks(List.of(quick, slow), ReturnWhen.FIRST_COMPLETED));
        r.add("wait: " + w.done().size() + " done, " + w.pending().size() + " pending");
        int n = 0;
        for (Task<String> next : asCompleted(List.of(createTask(() -> echo("a")), createTask(() -> echo("b"))))) {
            await(next);
            n++;
        }
        r.add("asCompleted: " + n);
        // shield: the awaiting task's timeout does not reach the far task.
        try {
            await(waitFor(shield(slow), Duration.ofMillis(20)));
        } catch (AsyncTimeoutException e) {
            r.add("shielded timeout, slow still running: " + !slow.isDone());
        }
        // waitFor: on timeout, the far task is cancelled on its loop and waited for.
        try {
            await(waitFor(slow, Duration.ofMillis(20)));
        } catch (AsyncTimeoutException e) {
            r.add("timeout, slow cancelled: " + slow.isCancelled());
        }
        r.add("still on " + (here.equals(thread()) ? "the same loop" : "another loop: " + thread()));
        return Task.of(r);
    }

    @Test
    void waitAsCompletedShieldAndWaitForWorkAcrossLoops() {
        assertEquals(List.of("wait: 1 done, 1 pending", "asCompleted: 2", "shielded timeout, slow still running: true",
                "timeout, slow cancelled: true", "still on the same loop"), Weft.runParallel(this::combinators, FOUR));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("slowFar finally on weft-loop-"), log.toString());
        assertNotEquals("slowFar finally on weft-loop-0", log.get(0));
    }
}
