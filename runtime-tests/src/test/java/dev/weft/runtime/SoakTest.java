package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gatherSettled;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.taskGroup;
import static dev.weft.Weft.timeout;
import static dev.weft.Weft.toThread;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.CancelledException;
import dev.weft.LoopClock;
import dev.weft.Handle;
import dev.weft.Loop;
import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.TaskGroupException;
import dev.weft.Weft;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The soak of issue #5: a million tasks over one {@code Weft.run}, in waves of {@value #WAVE}, mixing
 * random sleeps, awaits of futures completed by other threads, cancellations from the loop and from
 * other threads, failures, {@code waitFor} and {@code timeout} scopes, task groups with a failing
 * child, {@code toThread}, and a bounded queue with producers and consumers (some cancelled).
 *
 * <p>Every task's outcome is checked against what its schedule implies: exact where the virtual
 * clock makes it determinable (sleeps are even, cancellation and timeout times odd, so they never
 * tie), one of the legal outcomes where another thread races the loop. Every task ends exactly once
 * (done callbacks and body {@code finally} blocks counted), every queue item put is consumed exactly
 * once, no timer or task is left after each wave, and the heap after GC ends where it began.
 *
 * <p>{@code -Dweft.soak.tasks=N} sets the number of tasks (default 1,000,000),
 * {@code -Dweft.soak.seed=S} the schedule's seed.
 */
class SoakTest {
    private static final int TASKS = Integer.getInteger("weft.soak.tasks", 1_000_000);
    private static final long SEED = Long.getLong("weft.soak.seed", 20260505L);
    private static final int WAVE = 10_000;
    /** The heap after the run may exceed the baseline by this much at most. */
    private static final long HEAP_SLACK = 8L << 20;

    // What a task may end with; a task's expectation is a set of these bits.
    private static final int VALUE = 1;
    private static final int FAILED = 2;
    private static final int IO_FAILED = 4;
    private static final int CANCELLED = 8;
    private static final int TIMED_OUT = 16;
    private static final int GROUP_FAILED = 32;
    private static final String[] OUTCOMES = {"value", "failed", "io-failed", "cancelled", "timed-out", "group-failed"};

    // The queue scenario of each wave.
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 3;
    private static final int ITEMS_PER_PRODUCER = 100;
    private static final int ITEMS = PRODUCERS * ITEMS_PER_PRODUCER;

    /** Threads that complete futures and cancel tasks from outside the loop. */
    private final ExecutorService others = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "soak-other");
        t.setDaemon(true);
        return t;
    });

    // Per wave, by slot (the task's index in its wave); reused from wave to wave.
    private final int[] expect = new int[WAVE];
    private final int[] doneCount = new int[WAVE];
    private final int[] bodyEnds = new int[WAVE];
    /** For a group's child: the id of the group's failing child, or -1; for a group: the failing child's id. */
    private final int[] groupFailure = new int[WAVE];
    private final boolean[] putOk = new boolean[ITEMS];
    private final boolean[] putCancelled = new boolean[ITEMS];
    private final int[] consumed = new int[ITEMS];
    private int waveBase;
    private int used;
    private final List<String> problems = new ArrayList<>();

    // Totals over a run.
    private long tasksRun;
    private final long[] tally = new long[OUTCOMES.length];
    private long itemsConsumed;
    private long cancelledPutsDelivered;

    private int id(int slot) {
        return waveBase + slot;
    }

    @Test
    void aMillionMixedTasksEndExactlyOnceLoseNoItemAndLeakNothing() throws Exception {
        try {
            runSoak(2 * WAVE, SEED + 1); // warm-up: classes loaded, thread pools started
            long baseline = usedHeapAfterGc();
            long start = System.nanoTime();
            runSoak(TASKS, SEED);
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long end = usedHeapAfterGc();
            StringBuilder outcomes = new StringBuilder();
            for (int k = 0; k < OUTCOMES.length; k++) {
                outcomes.append(k == 0 ? "" : ", ").append(OUTCOMES[k]).append(' ').append(tally[k]);
            }
            System.out.printf("[soak] %,d tasks (seed %d) in %,d ms: %s; %,d queue items consumed"
                            + " (%d put by a producer cancelled in put); heap after GC: baseline %.1f MB, end %.1f MB%n",
                    tasksRun, SEED, wallMs, outcomes, itemsConsumed, cancelledPutsDelivered,
                    baseline / 1048576.0, end / 1048576.0);
            assertEquals(TASKS, tasksRun);
            assertEquals(TASKS, Arrays.stream(tally).sum(), "outcomes counted");
            assertTrue(end - baseline < HEAP_SLACK, "heap grew from " + baseline + " to " + end + " bytes");
        } finally {
            others.shutdownNow();
        }
    }

    private void runSoak(int tasks, long seed) {
        tasksRun = 0;
        Arrays.fill(tally, 0);
        itemsConsumed = 0;
        cancelledPutsDelivered = 0;
        int waves = Weft.run(() -> soak(tasks, seed), RunOptions.defaults().withClock(LoopClock.virtual()));
        assertEquals((tasks + WAVE - 1) / WAVE, waves);
    }

    @Async
    Task<Integer> soak(int tasks, long seed) {
        Random random = new Random(seed);
        int waves = 0;
        for (int base = 0; base < tasks; base += WAVE) {
            await(wave(base, Math.min(WAVE, tasks - base), random));
            waves++;
        }
        return Task.of(waves);
    }

    /** Runs {@code size} tasks together, then checks each one's end and that nothing is left. */
    @Async
    Task<Void> wave(int base, int size, Random random) {
        waveBase = base;
        used = 0;
        Arrays.fill(expect, 0);
        Arrays.fill(doneCount, 0);
        Arrays.fill(bodyEnds, 0);
        Arrays.fill(groupFailure, -1);
        Arrays.fill(putOk, false);
        Arrays.fill(putCancelled, false);
        Arrays.fill(consumed, 0);
        Loop loop = Weft.loop();
        List<Task<Integer>> top = new ArrayList<>();
        List<Handle> handles = new ArrayList<>();
        int queueSize = 1 + PRODUCERS + CONSUMERS;
        if (size >= queueSize) {
            top.add(queueScenario(random, loop, handles));
        }
        while (used < size) {
            int left = size - used;
            int kind = random.nextInt(100);
            if (kind < 8 && left >= 6) {
                top.add(groupUnit(random));
                continue;
            }
            int slot = used++;
            long sleepMs = 2 * (1 + random.nextInt(100)); // even: never ties with an odd cancel or timeout
            long oddMs = 1 + 2 * random.nextInt(100);
            Task<Integer> t;
            if (kind < 30) {
                expect[slot] = VALUE;
                t = createTask(() -> sleeper(slot, sleepMs, false, 0));
            } else if (kind < 38) {
                expect[slot] = FAILED;
                t = createTask(() -> sleeper(slot, sleepMs, true, 0));
            } else if (kind < 46) {
                int depth = 1 + random.nextInt(8);
                expect[slot] = oddMs < sleepMs ? CANCELLED : VALUE;
                t = createTask(() -> sleeper(slot, sleepMs, false, depth));
                handles.add(loop.callLater(Duration.ofMillis(oddMs), () -> t.cancel()));
            } else if (kind < 54) {
                expect[slot] = sleepMs < oddMs ? VALUE : TIMED_OUT;
                t = createTask(() -> waitingFor(slot, sleepMs, oddMs));
            } else if (kind < 62) {
                expect[slot] = sleepMs < oddMs ? VALUE : TIMED_OUT;
                t = createTask(() -> inTimeout(slot, sleepMs, oddMs));
            } else if (kind < 70) {
                expect[slot] = VALUE;
                t = createTask(() -> crossThread(slot, 0));
            } else if (kind < 75) {
                expect[slot] = IO_FAILED;
                t = createTask(() -> crossThread(slot, 1));
            } else if (kind < 82) {
                expect[slot] = VALUE | CANCELLED; // another thread completes the future while another cancels the task
                t = createTask(() -> crossThread(slot, 2));
            } else if (kind < 88) {
                expect[slot] = VALUE | TIMED_OUT; // another thread completes the future while the timeout runs out
                t = createTask(() -> crossThread(slot, 3));
            } else if (kind < 95) {
                expect[slot] = VALUE | CANCELLED; // another thread completes the future while the loop cancels the task
                t = createTask(() -> crossThread(slot, 0));
                handles.add(loop.callLater(Duration.ofMillis(1), () -> t.cancel()));
            } else {
                expect[slot] = VALUE;
                t = createTask(() -> onThread(slot));
            }
            track(slot, t);
            top.add(t);
        }
        await(gatherSettled(top));
        for (Handle h : handles) {
            h.cancel(); // those that did not fire leave the heap
        }
        check(size, loop);
        return Task.done();
    }

    private void track(int slot, Task<Integer> t) {
        t.whenDone(done -> record(slot, done));
    }

    /** A task's done callback: counts the ends and checks the outcome against the expectation. */
    private void record(int slot, Task<Integer> t) {
        doneCount[slot]++;
        int got;
        Throwable f = t.isCancelled() ? null : t.exception();
        String expectedFailure = null;
        if (t.isCancelled()) {
            got = CANCELLED;
        } else if (f == null) {
            got = VALUE;
            if (t.result() != id(slot)) {
                problems.add("task " + id(slot) + " returned " + t.result());
            }
        } else if (f instanceof AsyncTimeoutException) {
            got = TIMED_OUT;
            expectedFailure = "Timeout expired";
        } else if (f instanceof TaskGroupException) {
            got = GROUP_FAILED;
            List<Throwable> errors = ((TaskGroupException) f).exceptions();
            if (errors.size() != 1 || !(errors.get(0) instanceof IllegalStateException)
                    || !errors.get(0).getMessage().equals("fail " + groupFailure[slot])) {
                problems.add("task " + id(slot) + ": group errors " + errors);
            }
        } else if (f instanceof IOException) {
            got = IO_FAILED;
            expectedFailure = "io " + id(slot);
        } else if (f.getClass() == IllegalStateException.class) {
            got = FAILED;
            expectedFailure = "fail " + id(slot);
        } else {
            got = 0;
            problems.add("task " + id(slot) + " failed unexpectedly: " + f);
        }
        if (expectedFailure != null && !expectedFailure.equals(f.getMessage())) {
            problems.add("task " + id(slot) + " failed with " + f);
        }
        if ((expect[slot] & got) == 0) {
            problems.add("task " + id(slot) + " ended " + t + ", expected one of " + describe(expect[slot]));
        }
        for (int k = 0; k < OUTCOMES.length; k++) {
            if (got == 1 << k) {
                tally[k]++;
            }
        }
    }

    private void check(int size, Loop loop) {
        assertEquals(size, used, "tasks in the wave");
        for (int slot = 0; slot < size; slot++) {
            if (doneCount[slot] != 1) {
                problems.add("task " + id(slot) + " ended " + doneCount[slot] + " times");
            }
            if (bodyEnds[slot] != 1) {
                problems.add("the body of task " + id(slot) + " ended " + bodyEnds[slot] + " times");
            }
        }
        for (int item = 0; item < ITEMS; item++) {
            int allowed = putOk[item] ? 1 : 0;
            if (consumed[item] != allowed && !(putCancelled[item] && consumed[item] == 1)) {
                problems.add("queue item " + item + " of wave " + waveBase / WAVE + " put " + putOk[item]
                        + ", cancelled in put " + putCancelled[item] + ", consumed " + consumed[item] + " times");
            }
            itemsConsumed += consumed[item];
            if (putCancelled[item] && consumed[item] == 1) {
                cancelledPutsDelivered++;
            }
        }
        if (loop.pendingTimers() != 0) {
            problems.add(loop.pendingTimers() + " timers left after wave " + waveBase / WAVE);
        }
        if (Weft.allTasks().size() != 1) {
            problems.add("tasks left after wave " + waveBase / WAVE + ": " + Weft.allTasks());
        }
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), problems.size() + " problems");
        tasksRun += size;
    }

    private static String describe(int bits) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < OUTCOMES.length; k++) {
            if ((bits & 1 << k) != 0) {
                names.add(OUTCOMES[k]);
            }
        }
        return names.toString();
    }

    // ---- the tasks' bodies ------------------------------------------------------------------

    /** Sleeps (through {@code depth} nested coroutines), then returns its id or fails. */
    @Async
    Task<Integer> sleeper(int slot, long ms, boolean fail, int depth) {
        try {
            await(nap(depth, ms));
            if (fail) {
                throw new IllegalStateException("fail " + id(slot));
            }
            return Task.of(id(slot));
        } finally {
            bodyEnds[slot]++;
        }
    }

    @Async
    Task<Void> nap(int depth, long ms) {
        if (depth == 0) {
            await(sleep(ms));
        } else {
            await(nap(depth - 1, ms));
        }
        return Task.done();
    }

    @Async
    Task<Integer> napValue(long ms, int value) {
        await(sleep(ms));
        return Task.of(value);
    }

    @Async
    Task<Integer> waitingFor(int slot, long sleepMs, long timeoutMs) {
        try {
            return Task.of(await(waitFor(napValue(sleepMs, id(slot)), Duration.ofMillis(timeoutMs))));
        } finally {
            bodyEnds[slot]++;
        }
    }

    @Async
    Task<Integer> inTimeout(int slot, long sleepMs, long timeoutMs) {
        try {
            return Task.of(await(timeout(Duration.ofMillis(timeoutMs), () -> napValue(sleepMs, id(slot)))));
        } finally {
            bodyEnds[slot]++;
        }
    }

    /**
     * Awaits a future that another thread completes: 0 with the id, 1 with an {@link IOException},
     * 2 with the id while yet another thread cancels this task, 3 with the id under a 1 ms waitFor.
     */
    @Async
    Task<Integer> crossThread(int slot, int mode) {
        try {
            int id = id(slot);
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Task<?> me = Weft.currentTask();
            if (mode == 1) {
                others.execute(() -> f.completeExceptionally(new IOException("io " + id)));
            } else {
                others.execute(() -> f.complete(id));
            }
            if (mode == 2) {
                others.execute(() -> me.cancel());
            }
            if (mode == 3) {
                return Task.of(await(waitFor(Task.from(f), Duration.ofMillis(1))));
            }
            return Task.of(await(f));
        } finally {
            bodyEnds[slot]++;
        }
    }

    @Async
    Task<Integer> onThread(int slot) {
        try {
            int id = id(slot);
            return Task.of(await(toThread(() -> id)));
        } finally {
            bodyEnds[slot]++;
        }
    }

    /** A task group of 2 to 5 children; in half the groups one child fails, cancelling the later ones. */
    private Task<Integer> groupUnit(Random random) {
        int slot = used++;
        int children = 2 + random.nextInt(4);
        int failing = random.nextBoolean() ? random.nextInt(children) : -1;
        long failAt = 1 + 2 * random.nextInt(100);
        long[] sleeps = new long[children];
        int first = used;
        used += children;
        for (int c = 0; c < children; c++) {
            sleeps[c] = c == failing ? failAt : 2 * (1 + random.nextInt(100));
            expect[first + c] = c == failing ? FAILED : failing < 0 || sleeps[c] < failAt ? VALUE : CANCELLED;
        }
        expect[slot] = failing < 0 ? VALUE : GROUP_FAILED;
        groupFailure[slot] = failing < 0 ? -1 : id(first + failing);
        Task<Integer> t = createTask(() -> group(slot, first, sleeps, failing));
        track(slot, t);
        return t;
    }

    @Async
    Task<Integer> group(int slot, int first, long[] sleeps, int failing) {
        try {
            await(taskGroup(tg -> {
                for (int c = 0; c < sleeps.length; c++) {
                    int child = first + c;
                    long ms = sleeps[c];
                    boolean fail = c == failing;
                    track(child, tg.createTask(() -> sleeper(child, ms, fail, 0)));
                }
                return Task.done();
            }));
            return Task.of(id(slot));
        } finally {
            bodyEnds[slot]++;
        }
    }

    /**
     * A bounded queue, {@value #PRODUCERS} producers and {@value #CONSUMERS} consumers; one producer
     * and one consumer are cancelled at a random time. The main task waits for the producers, joins
     * the queue, shuts it down, and waits for the consumers.
     */
    private Task<Integer> queueScenario(Random random, Loop loop, List<Handle> handles) {
        Queue<Integer> q = Queue.fifo(1 + random.nextInt(8));
        int slot = used++;
        List<Task<Integer>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int s = used++;
            int firstItem = p * ITEMS_PER_PRODUCER;
            expect[s] = p == 0 ? VALUE | CANCELLED : VALUE;
            Task<Integer> t = createTask(() -> producer(s, q, firstItem));
            track(s, t);
            producers.add(t);
        }
        List<Task<Integer>> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int s = used++;
            expect[s] = c == 0 ? VALUE | CANCELLED : VALUE;
            Task<Integer> t = createTask(() -> consumer(s, q));
            track(s, t);
            consumers.add(t);
        }
        Task<Integer> producer = producers.get(0);
        Task<Integer> consumer = consumers.get(0);
        handles.add(loop.callLater(Duration.ofMillis(1 + 2 * random.nextInt(30)), () -> producer.cancel()));
        handles.add(loop.callLater(Duration.ofMillis(1 + 2 * random.nextInt(30)), () -> consumer.cancel()));
        expect[slot] = VALUE;
        Task<Integer> main = createTask(() -> queueMain(slot, q, producers, consumers));
        track(slot, main);
        return main;
    }

    @Async
    Task<Integer> queueMain(int slot, Queue<Integer> q, List<Task<Integer>> producers, List<Task<Integer>> consumers) {
        try {
            await(gatherSettled(producers));
            await(q.join());
            q.shutdown();
            await(gatherSettled(consumers));
            return Task.of(id(slot));
        } finally {
            bodyEnds[slot]++;
        }
    }

    @Async
    Task<Integer> producer(int slot, Queue<Integer> q, int firstItem) {
        try {
            for (int j = 0; j < ITEMS_PER_PRODUCER; j++) {
                int item = firstItem + j;
                if (j % 7 == 3) {
                    await(sleep(2 * (j % 3)));
                }
                try {
                    await(q.put(item));
                } catch (CancelledException e) {
                    putCancelled[item] = true; // a put granted just before the cancellation may have gone in
                    throw e;
                }
                putOk[item] = true;
            }
            return Task.of(id(slot));
        } finally {
            bodyEnds[slot]++;
        }
    }

    @Async
    Task<Integer> consumer(int slot, Queue<Integer> q) {
        try {
            for (;;) {
                int item;
                try {
                    item = await(q.get());
                } catch (QueueShutDownException e) {
                    return Task.of(id(slot));
                }
                consumed[item]++;
                q.taskDone();
                if (item % 5 == 0) {
                    await(sleep(2));
                }
            }
        } finally {
            bodyEnds[slot]++;
        }
    }

    /** Used heap after full collections, in bytes. */
    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = 0;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(30);
            used = rt.totalMemory() - rt.freeMemory();
        }
        return used;
    }
}
