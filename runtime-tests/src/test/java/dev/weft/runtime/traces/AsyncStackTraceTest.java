package dev.weft.runtime.traces;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.traces.Traces.assertTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Async stack traces: a failure rethrown at awaits shows its throw site, then each awaiting coroutine
 * at its await line (from the weaver's debug table), down to {@code Weft.run} and the test method
 * below it; never the loop's machinery. Exact sequences, lines named by {@code // L:} markers.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AsyncStackTraceTest {
    static final Class<?> T = AsyncStackTraceTest.class;

    static String at(String method, String marker) {
        return Traces.at(T, method, marker);
    }

    // ---- chains -------------------------------------------------------------------------------

    @Async
    static Task<Integer> failing(String message) {
        await(sleep(1));
        throw new IllegalStateException(message); // L:failing
    }

    @Async
    static Task<Integer> level1() {
        int v = await(failing("deep")); // L:level1
        return Task.of(v);
    }

    @Async
    static Task<Integer> level2() {
        return Task.of(await(level1()) + 1); // L:level2
    }

    @Async
    static Task<Integer> level3() {
        Task<Integer> t = level2();
        int v = await(t); // L:level3
        return Task.of(v);
    }

    @Test
    void depthOne() {
        IllegalStateException e = null;
        try {
            Weft.run(() -> level1()); // L:runDepthOne
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        assertEquals("deep", e.getMessage());
        assertTrace(e.getStackTrace(), "depthOne",
                at("failing", "failing"), at("level1", "level1"),
                "Weft.run", at("depthOne", "runDepthOne"));
    }

    @Test
    void depthThree() {
        IllegalStateException e = null;
        try {
            Weft.run(() -> level3()); // L:runDepthThree
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        assertTrace(e.getStackTrace(), "depthThree",
                at("failing", "failing"), at("level1", "level1"), at("level2", "level2"), at("level3", "level3"),
                "Weft.run", at("depthThree", "runDepthThree"));
    }

    /** Thrown before the first suspension: the await of each caller finds its task failed already. */
    @Async
    static Task<Integer> failingAtOnce() {
        if (Boolean.TRUE) {
            throw new IllegalArgumentException("at once"); // L:atOnce
        }
        await(sleep(1));
        return Task.of(1);
    }

    @Async
    static Task<Integer> awaitsAtOnce() {
        await(sleep(1));
        return Task.of(await(failingAtOnce())); // L:awaitsAtOnce
    }

    @Async
    static Task<Integer> awaitsAwaitsAtOnce() {
        return Task.of(await(awaitsAtOnce())); // L:awaitsAwaitsAtOnce
    }

    @Test
    void failureBeforeTheFirstSuspension() {
        IllegalArgumentException e = null;
        try {
            Weft.run(() -> awaitsAwaitsAtOnce()); // L:runAtOnce
        } catch (IllegalArgumentException x) {
            e = x;
        }
        assertNotNull(e);
        assertTrace(e.getStackTrace(), "failureBeforeTheFirstSuspension",
                at("failingAtOnce", "atOnce"), at("awaitsAtOnce", "awaitsAtOnce"),
                at("awaitsAwaitsAtOnce", "awaitsAwaitsAtOnce"),
                "Weft.run", at("failureBeforeTheFirstSuspension", "runAtOnce"));
    }

    // ---- tasks, gather, two awaiters -------------------------------------------------------

    @Async
    static Task<Integer> awaitsCreatedTask() {
        Task<Integer> t = createTask(() -> level1());
        return Task.of(await(t)); // L:awaitsCreated
    }

    @Test
    void createdTaskAwaitedByAnother() {
        IllegalStateException e = null;
        try {
            Weft.run(() -> awaitsCreatedTask()); // L:runCreated
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        assertTrace(e.getStackTrace(), "createdTaskAwaitedByAnother",
                at("failing", "failing"), at("level1", "level1"), at("awaitsCreatedTask", "awaitsCreated"),
                "Weft.run", at("createdTaskAwaitedByAnother", "runCreated"));
    }

    @Async
    static Task<Integer> succeeding() {
        await(sleep(2));
        return Task.of(1);
    }

    @Async
    static Task<List<Integer>> gathers() {
        return Task.of(await(gather(succeeding(), level1(), succeeding()))); // L:gathers
    }

    @Test
    void gatherRethrowsTheChildsFailureWithItsChain() {
        IllegalStateException e = null;
        try {
            Weft.run(() -> gathers()); // L:runGather
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        assertTrace(e.getStackTrace(), "gatherRethrowsTheChildsFailureWithItsChain",
                at("failing", "failing"), at("level1", "level1"), at("gathers", "gathers"),
                "Weft.run", at("gatherRethrowsTheChildsFailureWithItsChain", "runGather"));
    }

    @Async
    static Task<Integer> failingInTheRuntime() {
        await(sleep(1));
        dev.weft.sync.AsyncQueue<Integer> q = dev.weft.sync.AsyncQueue.fifo();
        return Task.of(q.getNowait()); // L:getNowait
    }

    @Async
    static Task<List<Integer>> gathersAtOnceAndRuntime(boolean atOnce) {
        return Task.of(await(gather(atOnce ? failingAtOnce() : failingInTheRuntime()))); // L:gathersTwo
    }

    /** Through a gather, the child's throw site is kept: thrown at once (the gather's caller called it), or in the runtime. */
    @Test
    void gatherKeepsTheChildsThrowSite() {
        RuntimeException e = null;
        try {
            Weft.run(() -> gathersAtOnceAndRuntime(true)); // L:runGatherTwo
        } catch (IllegalArgumentException x) {
            e = x;
        }
        assertNotNull(e);
        String below = at("gatherKeepsTheChildsThrowSite", "runGatherTwo");
        assertTrace(e.getStackTrace(), "gatherKeepsTheChildsThrowSite",
                at("failingAtOnce", "atOnce"), at("gathersAtOnceAndRuntime", "gathersTwo"), "Weft.run", below);
        e = null;
        try {
            Weft.run(() -> gathersAtOnceAndRuntime(false)); // L:runGatherThree
        } catch (RuntimeException x) {
            e = x;
        }
        assertNotNull(e);
        List<String> got = Traces.elements(e.getStackTrace(), "gatherKeepsTheChildsThrowSite");
        int user = got.indexOf(at("failingInTheRuntime", "getNowait"));
        assertTrue(user > 0 && got.get(0).startsWith("QueueImpl.getNowait"), got.toString());
        assertEquals(List.of(at("failingInTheRuntime", "getNowait"), at("gathersAtOnceAndRuntime", "gathersTwo"), "Weft.run",
                at("gatherKeepsTheChildsThrowSite", "runGatherThree")), got.subList(user, got.size()));
    }

    /** What each awaiter saw when it caught the shared failure. */
    final List<List<String>> seen = new ArrayList<>();
    final List<Throwable> caught = new ArrayList<>();
    final java.util.Map<String, List<String>> seenBy = new java.util.HashMap<>();

    @Async
    Task<Void> awaiterOne(Task<Integer> shared) {
        try {
            await(shared); // L:awaiterOne
        } catch (IllegalStateException e) {
            caught.add(e);
            seenBy.put("one", Traces.elements(e.getStackTrace(), "twoAwaitersEachSeeTheirOwnChain"));
        }
        return Task.done();
    }

    @Async
    Task<Void> awaiterTwo(Task<Integer> shared) {
        await(sleep(5));
        try {
            await(shared); // L:awaiterTwo
        } catch (IllegalStateException e) {
            caught.add(e);
            seenBy.put("two", Traces.elements(e.getStackTrace(), "twoAwaitersEachSeeTheirOwnChain"));
        }
        return Task.done();
    }

    @Async
    Task<Void> twoAwaiters() {
        Task<Integer> shared = createTask(() -> level1());
        await(gather(createTask(() -> awaiterOne(shared)), createTask(() -> awaiterTwo(shared)))); // L:twoAwaiters
        return Task.done();
    }

    @Test
    void twoAwaitersEachSeeTheirOwnChain() {
        Weft.run(this::twoAwaiters); // L:runTwo
        assertSame(caught.get(0), caught.get(1), "both caught the one exception");
        String below = at("twoAwaitersEachSeeTheirOwnChain", "runTwo");
        assertEquals(List.of(at("failing", "failing"), at("level1", "level1"), at("awaiterOne", "awaiterOne"),
                "Weft.run", below), seenBy.get("one"));
        assertEquals(List.of(at("failing", "failing"), at("level1", "level1"), at("awaiterTwo", "awaiterTwo"),
                "Weft.run", below), seenBy.get("two"));
    }

    // ---- retries ------------------------------------------------------------------------------

    /** One exception thrown again and again, as a cached or static one would be. */
    IllegalStateException shared;

    @Async
    Task<Integer> throwsShared() {
        await(sleep(1));
        throw shared;
    }

    @Async
    Task<Void> retries(Task<Integer> failedOnce) {
        for (int i = 0; i < 5; i++) {
            try {
                await(throwsShared()); // L:retryShared
            } catch (IllegalStateException e) {
                seen.add(Traces.elements(e.getStackTrace(), "retryLoopsDoNotGrowTheTrace"));
            }
            try {
                await(failedOnce); // L:retryFailed
            } catch (IllegalStateException e) {
                seen.add(Traces.elements(e.getStackTrace(), "retryLoopsDoNotGrowTheTrace"));
            }
        }
        return Task.done();
    }

    @Async
    Task<Void> retryMain() {
        Task<Integer> failedOnce = createTask(() -> failing("once"));
        await(sleep(5));
        shared = new IllegalStateException("always the same"); // L:shared
        await(retries(failedOnce)); // L:retryMain
        return Task.done();
    }

    @Test
    void retryLoopsDoNotGrowTheTrace() {
        Weft.run(this::retryMain); // L:runRetry
        String below = at("retryLoopsDoNotGrowTheTrace", "runRetry");
        // the shared exception was made (not thrown) in retryMain: its throw site is there; retryMain
        // is no awaiter of it yet when retries catches it
        List<String> shared = List.of(at("retryMain", "shared"), at("retries", "retryShared"), "Weft.run", below);
        List<String> once = List.of(at("failing", "failing"), at("retries", "retryFailed"), "Weft.run", below);
        assertEquals(10, seen.size());
        for (int i = 0; i < 10; i += 2) {
            assertEquals(shared, seen.get(i), "retry " + i / 2);
            assertEquals(once, seen.get(i + 1), "retry " + i / 2);
        }
    }

    // ---- deep chains --------------------------------------------------------------------------

    static final int DEPTH = 100_000;

    @Async
    static Task<Integer> link(Task<Integer> inner) {
        return Task.of(await(inner) + 1); // L:link
    }

    @Async
    static Task<Integer> deepMain(Promise<Integer> gate) {
        Task<Integer> t = gate;
        for (int i = 0; i < DEPTH; i++) {
            t = link(t);
        }
        await(sleep(1));
        gate.completeExceptionally(new IllegalStateException("gate")); // L:gate
        return Task.of(await(t)); // L:deepMain
    }

    @Test
    void aDeepChainShowsItsInnermostAwaitersOnly() {
        Promise<Integer> gate = Task.promise();
        long t0 = System.nanoTime();
        IllegalStateException e = null;
        try {
            Weft.run(() -> deepMain(gate)); // L:runDeep
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StackTraceElement[] trace = e.getStackTrace();
        List<String> elements = Traces.elements(trace, "aDeepChainShowsItsInnermostAwaitersOnly");
        assertEquals(1 + 1024 + 2, elements.size(), () -> "the first elements: " + elements.subList(0, 5));
        assertEquals(at("deepMain", "gate"), elements.get(0));
        for (int i = 1; i <= 1024; i++) {
            assertEquals(at("link", "link"), elements.get(i), "element " + i);
        }
        assertEquals(List.of("Weft.run", at("aDeepChainShowsItsInnermostAwaitersOnly", "runDeep")),
                elements.subList(1025, 1027));
        assertTrue(ms < 60_000, ms + " ms");
    }

    // ---- runParallel ---------------------------------------------------------------------------

    @Async
    Task<Integer> crossLoop() {
        Task<Integer> far = createTask(() -> level1()); // on the other loop
        return Task.of(await(far)); // L:crossLoop
    }

    @Test
    void aFailureCrossingLoops() {
        IllegalStateException e = null;
        try {
            Weft.runParallel(this::crossLoop, ParallelOptions.defaults().withLoops(2)); // L:runParallel
        } catch (IllegalStateException x) {
            e = x;
        }
        assertNotNull(e);
        // the loops ran on threads of their own: the frames below are the caller's, added as it left runParallel
        assertTrace(e.getStackTrace(), "aFailureCrossingLoops",
                at("failing", "failing"), at("level1", "level1"), at("crossLoop", "crossLoop"),
                "Weft.runParallel", at("aFailureCrossingLoops", "runParallel"));
    }

    // ---- identity ---------------------------------------------------------------------------

    static IllegalStateException thrown;

    @Async
    static Task<Integer> keepsWhatItThrows() {
        await(sleep(1));
        thrown = new IllegalStateException("kept");
        throw thrown;
    }

    @Async
    static Task<Integer> awaitsKept() {
        return Task.of(await(keepsWhatItThrows()));
    }

    @Test
    void theCaughtExceptionIsTheThrownOne() {
        IllegalStateException e = null;
        try {
            Weft.run(() -> awaitsKept());
        } catch (IllegalStateException x) {
            e = x;
        }
        assertSame(thrown, e);
        assertEquals("kept", e.getMessage());
        assertEquals(null, e.getCause());
        assertEquals(0, e.getSuppressed().length);
    }

    // ---- left alone ---------------------------------------------------------------------------

    static final class Stackless extends RuntimeException {
        Stackless() {
            super("no trace", null, false, false);
        }
    }

    @Async
    static Task<Integer> throwsStackless() {
        await(sleep(1));
        throw new Stackless();
    }

    @Async
    static Task<Integer> awaitsStackless() {
        return Task.of(await(throwsStackless()));
    }

    @Test
    void anExceptionWithoutAStackTraceIsLeftAlone() {
        Stackless e = assertThrows(Stackless.class, () -> Weft.run(() -> awaitsStackless()));
        assertEquals(0, e.getStackTrace().length);
    }

    @Async
    static Task<Throwable> settles() {
        return Task.of(await(Weft.gatherSettled(level1())).get(0).exception());
    }

    /** gatherSettled rethrows nothing: the child's failure keeps the trace it was thrown with, hops of its own chain included. */
    @Test
    void aFailureNoAwaitRethrowsKeepsItsChainSoFar() {
        Throwable e = Weft.run(() -> settles()); // L:runSettles
        assertTrace(e.getStackTrace(), "aFailureNoAwaitRethrowsKeepsItsChainSoFar",
                at("failing", "failing"), at("level1", "level1"),
                "Weft.run", at("aFailureNoAwaitRethrowsKeepsItsChainSoFar", "runSettles"));
    }

    @Async
    static Task<Throwable> settlesThrower() {
        return Task.of(await(Weft.gatherSettled(failing("alone"))).get(0).exception());
    }

    @Test
    void aFailureNoAwaitRethrowsIsLeftAsThrown() {
        Throwable e = Weft.run(() -> settlesThrower());
        List<String> raw = Traces.elements(e.getStackTrace(), "aFailureNoAwaitRethrowsIsLeftAsThrown");
        assertEquals(at("failing", "failing"), raw.get(0));
        assertTrue(raw.get(1).startsWith("AsyncStackTraceTest$weft$failing"), raw.toString());
    }

    @Test
    void offSwitch() {
        System.setProperty("weft.asyncStackTraces", "false");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.run(() -> level3()));
            List<String> raw = Traces.elements(e.getStackTrace(), "offSwitch");
            assertEquals(at("failing", "failing"), raw.get(0));
            assertTrue(raw.get(1).startsWith("AsyncStackTraceTest$weft$failing"), raw.toString());
            assertTrue(raw.stream().noneMatch(s -> s.startsWith("AsyncStackTraceTest.level")), raw.toString());
        } finally {
            System.clearProperty("weft.asyncStackTraces");
        }
    }
}
