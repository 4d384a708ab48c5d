package dev.weft.runtime.dump;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.shield;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.dump.SourceLines.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.Weft;
import dev.weft.sync.AsyncCondition;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncQueue;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Weft.dumpTasks and Task.stack()/dump(): the exact text, await lines from the weaver's debug table. */
class TaskDumpTest {
    private static final Class<?> ME = TaskDumpTest.class;

    @Async
    static Task<Void> nap(long ms) {
        await(sleep(ms)); // @nap
        return Task.done();
    }

    @Async
    static Task<Void> napTwice(long ms) {
        await(nap(ms)); // @napTwice
        return Task.done();
    }

    @Async
    static Task<Void> awaitAll(Task<List<Void>> all) {
        await(all); // @awaitAll
        return Task.done();
    }

    /** A fresh virtual clock per run: a clock's time goes on across the runs that share it. */
    static RunOptions virtual() {
        return RunOptions.defaults().withClock(LoopClock.virtual());
    }

    private static String header(int tasks) {
        return "Task dump of loop '" + Thread.currentThread().getName() + "' (" + tasks + " tasks):\n";
    }

    private static String dump() {
        StringBuilder out = new StringBuilder();
        Weft.dumpTasks(out);
        return out.toString();
    }

    @Test
    void aGatherOfTasksIsATreeWithTheSleepsAtTheLeaves() {
        String dump = Weft.run(() -> {
            Task<Void> a = createTask(() -> napTwice(1000), "a");
            Task<Void> b = createTask(() -> nap(2000), "b");
            Task<Void> parent = createTask(() -> awaitAll(gather(a, b)), "parent");
            await(sleep(500));
            String d = dump();
            parent.cancel();
            return Task.of(d);
        }, virtual());
        assertEquals(header(4)
                + "Task 'Task-1' (running)\n"
                + "Task 'parent' (waiting)\n"
                + "    " + at(ME, "awaitAll", "// @awaitAll") + "\n"
                + "    waits on gather of 2\n"
                + "    Task 'a' (waiting)\n"
                + "        " + at(ME, "napTwice", "// @napTwice") + "\n"
                + "        " + at(ME, "nap", "// @nap") + "\n"
                + "        waits on sleep, 0.500 s left (until 1.000 s on the loop clock)\n"
                + "    Task 'b' (waiting)\n"
                + "        " + at(ME, "nap", "// @nap") + "\n"
                + "        waits on sleep, 1.500 s left (until 2.000 s on the loop clock)\n", dump);
    }

    @Async
    static Task<Void> holdFor(AsyncLock lock, long ms) {
        try (Permit p = await(lock.acquire())) {
            await(sleep(ms)); // @holdFor
        }
        return Task.done();
    }

    @Async
    static Task<Void> lockAndGo(AsyncLock lock) {
        try (Permit p = await(lock.acquire())) { // @lockAndGo
            return Task.done();
        }
    }

    @Test
    void aLockNamesTheTaskHoldingIt() {
        String dump = Weft.run(() -> {
            AsyncLock lock = AsyncLock.create();
            Task<Void> holder = createTask(() -> holdFor(lock, 1000), "holder");
            Task<Void> waiter = createTask(() -> lockAndGo(lock), "waiter");
            await(sleep(10));
            String d = dump();
            await(gather(holder, waiter));
            return Task.of(d);
        }, virtual());
        assertEquals(header(3)
                + "Task 'Task-1' (running)\n"
                + "Task 'holder' (waiting)\n"
                + "    " + at(ME, "holdFor", "// @holdFor") + "\n"
                + "    waits on sleep, 0.990 s left (until 1.000 s on the loop clock)\n"
                + "Task 'waiter' (waiting)\n"
                + "    " + at(ME, "lockAndGo", "// @lockAndGo") + "\n"
                + "    waits on AsyncLock held by Task 'holder'\n", dump);
    }

    @Async
    static Task<Object> awaitOne(Task<?> t) {
        return Task.of(await(t)); // @awaitOne
    }

    @Test
    void eachPrimitiveSaysWhatItsWaiterWaitsFor() {
        String dump = Weft.run(() -> {
            AsyncQueue<String> empty = AsyncQueue.fifo();
            AsyncQueue<String> full = AsyncQueue.fifo(1);
            full.putNowait("x");
            AsyncSemaphore none = AsyncSemaphore.create(0);
            AsyncEvent event = AsyncEvent.create();
            AsyncCondition condition = AsyncCondition.create();
            CompletableFuture<String> future = new CompletableFuture<>();
            CompletableFuture<Void> working = new CompletableFuture<>();
            Task<?>[] all = {
                createTask(() -> awaitOne(empty.get()), "get"),
                createTask(() -> awaitOne(full.put("y")), "put"),
                createTask(() -> awaitOne(none.acquire()), "semaphore"),
                createTask(() -> awaitOne(event.waitSet()), "event"),
                createTask(() -> awaitOne(Task.from(future)), "future"),
                createTask(() -> awaitOne(Task.promise()), "promise"),
                createTask(() -> awaitOne(Weft.toThread(() -> {
                    working.complete(null);
                    Thread.sleep(60_000);
                    return null;
                })), "thread"),
            };
            await(working); // the worker runs (a busy machine may take a while to start it)
            await(sleep(10));
            String d = dump();
            for (Task<?> t : all) {
                t.cancel();
            }
            await(Weft.gatherSettled(all));
            return Task.of(d);
        }, virtual());
        String at = "    " + at(ME, "awaitOne", "// @awaitOne") + "\n";
        assertEquals(header(8)
                + "Task 'Task-1' (running)\n"
                + "Task 'get' (waiting)\n" + at + "    waits on AsyncQueue get (empty)\n"
                + "Task 'put' (waiting)\n" + at + "    waits on AsyncQueue put (1 of 1 items)\n"
                + "Task 'semaphore' (waiting)\n" + at + "    waits on AsyncSemaphore (0 free, 1 waiting)\n"
                + "Task 'event' (waiting)\n" + at + "    waits on AsyncEvent (not set)\n"
                + "Task 'future' (waiting)\n" + at + "    waits on a CompletableFuture\n"
                + "Task 'promise' (waiting)\n" + at + "    waits on a promise (Task.promise())\n"
                + "Task 'thread' (waiting)\n" + at + "    waits on toThread work running on a worker thread\n", dump);
    }

    @Test
    void outsideALoopDumpTasksSaysWhereToCallItFrom() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.dumpTasks(new StringBuilder()));
        assertEquals("Weft.dumpTasks() needs a running event loop: call it from code started by Weft.run(...);"
                + " from another thread, use RunOptions.withStallReport or the agent's 'tasks' command", e.getMessage());
        assertThrows(IllegalStateException.class, Weft::dumpTasks);
    }

    @Test
    void stackIsInnermostFirstAndDumpIsOneTaskOutermostFirst() {
        List<Object> got = Weft.run(() -> {
            Task<Void> a = createTask(() -> napTwice(1000), "a");
            Task<Void> notStarted = createTask(() -> nap(1), "later");
            List<StackTraceElement> early = notStarted.stack();
            await(sleep(0));
            List<StackTraceElement> stack = a.stack();
            StringBuilder one = new StringBuilder();
            a.dump(one);
            await(a);
            return Task.of(List.of(early, stack, one.toString(), a.stack(), Task.of(1).stack()));
        }, virtual());
        StackTraceElement nap = new StackTraceElement(ME.getName(), "nap", "TaskDumpTest.java",
                SourceLines.lineOf(ME, "// @nap"));
        StackTraceElement twice = new StackTraceElement(ME.getName(), "napTwice", "TaskDumpTest.java",
                SourceLines.lineOf(ME, "// @napTwice"));
        assertEquals(List.of(), got.get(0));
        assertEquals(List.of(nap, twice), got.get(1));
        assertEquals("Task 'a' (waiting)\n"
                + "    " + at(ME, "napTwice", "// @napTwice") + "\n"
                + "    " + at(ME, "nap", "// @nap") + "\n"
                + "    waits on sleep, 1.000 s left (until 1.000 s on the loop clock)\n", got.get(2));
        assertEquals(List.of(), got.get(3), "done: no frames");
        assertEquals(List.of(), got.get(4), "not made of coroutines: no frames");
    }

    @Async
    static Task<Void> gatherCoroutines() {
        await(gather(nap(1000), napTwice(2000))); // @gatherCoroutines
        return Task.done();
    }

    @Async
    static Task<Void> inAGroup() {
        await(Weft.taskGroup(tg -> { // @inAGroup
            tg.createTask(() -> nap(3000), "child");
            return napTwice(500);
        }));
        return Task.done();
    }

    @Async
    static Task<Void> shielded(Task<Void> inner) {
        await(Weft.shield(inner)); // @shielded
        return Task.done();
    }

    @Test
    void coroutinesGatheredOrRunByAGroupAndShieldedTasksAreShownUnderTheirAwaiter() {
        String dump = Weft.run(() -> {
            Task<Void> g = createTask(TaskDumpTest::gatherCoroutines, "g");
            Task<Void> group = createTask(TaskDumpTest::inAGroup, "group");
            Task<Void> inner = createTask(() -> nap(4000), "inner");
            Task<Void> s = createTask(() -> shielded(inner), "s");
            await(sleep(100));
            String d = dump();
            for (Task<?> t : List.of(g, group, inner, s)) {
                t.cancel();
            }
            await(Weft.gatherSettled(g, group, inner, s));
            return Task.of(d);
        }, virtual());
        String nap = at(ME, "nap", "// @nap");
        String twice = at(ME, "napTwice", "// @napTwice");
        assertEquals(header(6)
                + "Task 'Task-1' (running)\n"
                + "Task 'g' (waiting)\n"
                + "    " + at(ME, "gatherCoroutines", "// @gatherCoroutines") + "\n"
                + "    waits on gather of 2\n"
                + "    coroutine of Task 'g' (waiting)\n"
                + "        " + nap + "\n"
                + "        waits on sleep, 0.900 s left (until 1.000 s on the loop clock)\n"
                + "    coroutine of Task 'g' (waiting)\n"
                + "        " + twice + "\n"
                + "        " + nap + "\n"
                + "        waits on sleep, 1.900 s left (until 2.000 s on the loop clock)\n"
                + "Task 'group' (waiting)\n"
                + "    " + at(ME, "inAGroup", "// @inAGroup") + "\n"
                + "    waits on task group\n"
                + "    coroutine of Task 'group' (waiting)\n"
                + "        " + twice + "\n"
                + "        " + nap + "\n"
                + "        waits on sleep, 0.400 s left (until 0.500 s on the loop clock)\n"
                + "    Task 'child' (waiting)\n"
                + "        " + nap + "\n"
                + "        waits on sleep, 2.900 s left (until 3.000 s on the loop clock)\n"
                + "Task 's' (waiting)\n"
                + "    " + at(ME, "shielded", "// @shielded") + "\n"
                + "    waits on shield\n"
                + "    Task 'inner' (waiting)\n"
                + "        " + nap + "\n"
                + "        waits on sleep, 3.900 s left (until 4.000 s on the loop clock)\n", dump);
    }

    /**
     * A coroutine given to shield runs in a task of its own (asyncio's ensure_future): the dump shows
     * that task once, under its awaiter, with the frames it runs. Before, the frame stayed the
     * awaiter's and was shown inline ("coroutine of Task 's'"), and no task listed it.
     */
    @Test
    void aShieldedCoroutineIsShownAsTheTaskItRunsIn() {
        String dump = Weft.run(() -> {
            Task<Void> s = createTask(() -> shielded(napTwice(4000)), "s");
            await(sleep(100));
            String d = dump();
            s.cancel();
            return Task.of(d);
        }, virtual());
        assertEquals(header(3)
                + "Task 'Task-1' (running)\n"
                + "Task 's' (waiting)\n"
                + "    " + at(ME, "shielded", "// @shielded") + "\n"
                + "    waits on shield\n"
                + "    Task 'Task-3' (waiting)\n"
                + "        " + at(ME, "napTwice", "// @napTwice") + "\n"
                + "        " + at(ME, "nap", "// @nap") + "\n"
                + "        waits on sleep, 3.900 s left (until 4.000 s on the loop clock)\n", dump);
    }

    /** Each level suspends (sleep(0)) before it calls the next: the chain is built in constant stack. */
    @Async
    static Task<Void> deep(int n) {
        await(sleep(0));
        if (n == 0) {
            await(sleep(1000)); // @deepest
        } else {
            await(deep(n - 1)); // @deep
        }
        return Task.done();
    }

    @Test
    void aChainOf100000FramesShowsTheOutermost1000AndCountsTheRest() {
        List<Object> got = Weft.run(() -> {
            Task<Void> t = createTask(() -> deep(100_000), "deep");
            await(sleep(10));
            long start = System.nanoTime();
            StringBuilder out = new StringBuilder();
            t.dump(out);
            List<StackTraceElement> stack = t.stack();
            long millis = (System.nanoTime() - start) / 1_000_000;
            await(t);
            return Task.of(List.of(out.toString(), stack, millis));
        }, virtual());
        String at = "    " + at(ME, "deep", "// @deep") + "\n";
        assertEquals("Task 'deep' (waiting)\n" + at.repeat(1000) + "    ... 99001 more frames\n"
                + "    waits on sleep, 0.990 s left (until 1.000 s on the loop clock)\n", got.get(0));
        @SuppressWarnings("unchecked")
        List<StackTraceElement> stack = (List<StackTraceElement>) got.get(1);
        assertEquals(1000, stack.size());
        assertEquals(SourceLines.lineOf(ME, "// @deep"), stack.get(0).getLineNumber());
        assertTrue((Long) got.get(2) < 5000, "took " + got.get(2) + " ms");
    }

    /** A primitive's own waiter says what it waits for. */
    static final class Letter extends Waiter<String> {
        @Override
        protected String waitsOn() {
            return "a letter in the mailbox";
        }
    }

    static final class Mute extends Waiter<String> {
        @Override
        protected String waitsOn() {
            throw new IllegalStateException("no words");
        }
    }

    @Test
    void aWaiterOfYourOwnSaysWhatItWaitsForAndOneThatThrowsIsNamed() {
        String dump = Weft.run(() -> {
            Letter letter = new Letter();
            Mute mute = new Mute();
            Task<Object> a = createTask(() -> awaitOne(letter), "reader");
            Task<Object> b = createTask(() -> awaitOne(mute), "mute");
            await(sleep(0));
            String d = dump();
            a.cancel();
            b.cancel();
            await(Weft.gatherSettled(a, b));
            return Task.of(d);
        }, virtual());
        String at = "    " + at(ME, "awaitOne", "// @awaitOne") + "\n";
        assertEquals(header(3)
                + "Task 'Task-1' (running)\n"
                + "Task 'reader' (waiting)\n" + at + "    waits on a letter in the mailbox\n"
                + "Task 'mute' (waiting)\n" + at + "    waits on " + Mute.class.getName()
                + " (its waitsOn() threw java.lang.IllegalStateException: no words)\n", dump);
    }

    // ---- cycles of frames (review): a dump ends, and shows the cycle ----------------------------
    // The frames await each other through a shield: a cycle of frames awaiting frames directly is
    // shown the same way, but cancelling it does not end (Coroutine.cancel walks the cycle), so a run
    // with one could not end.

    static Task<Void> self;

    /** Awaits its own frame (through a shield): a deadlock the dump should show, not hang on. */
    @Async
    static Task<Void> awaitsItself() {
        await(sleep(1));
        await(shield(self)); // @awaitsItself
        return Task.done();
    }

    @Test
    void aDumpOfACoroutineAwaitingItselfEnds() throws InterruptedException {
        AtomicReference<String> dump = new AtomicReference<>();
        Thread t = new Thread(() -> Weft.run(() -> {
            Task<Void> owner = createTask(() -> {
                self = awaitsItself();
                return self;
            }, "selfish");
            await(sleep(20));
            try {
                dump.set(dump());
            } catch (Throwable e) {
                dump.set(e.toString());
            }
            owner.cancel();
            return Task.done();
        }), "review-self-await");
        t.setDaemon(true); // if the dump spins, the thread cannot be stopped
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive(), "Weft.dumpTasks() did not end within 10 s");
        String site = at(ME, "awaitsItself", "// @awaitsItself");
        assertEquals("Task dump of loop 'review-self-await' (2 tasks):\n"
                + "Task 'Task-1' (running)\n"
                + "Task 'selfish' (waiting)\n"
                + "    " + site + "\n"
                + "    waits on shield\n"
                + "    coroutine of Task 'selfish' " + site + ", shown above: a cycle of awaits (a deadlock)\n",
                dump.get());
    }

    static Task<Void> frameA;
    static Task<Void> frameB;

    @Async
    static Task<Void> awaitsB() {
        await(sleep(1));
        await(frameB); // @awaitsB
        return Task.done();
    }

    @Async
    static Task<Void> awaitsA() {
        await(sleep(1));
        await(shield(frameA)); // @awaitsA
        return Task.done();
    }

    @Test
    void framesOfTwoTasksAwaitingEachOtherShowTheCycle() {
        String dump = Weft.run(() -> {
            Task<Void> a = createTask(() -> {
                frameA = awaitsB();
                return frameA;
            }, "a");
            Task<Void> b = createTask(() -> {
                frameB = awaitsA();
                return frameB;
            }, "b");
            await(sleep(20));
            String d;
            try {
                d = dump();
            } catch (Throwable e) {
                d = e.toString();
            }
            a.cancel();
            return Task.of(d);
        }, virtual());
        String atA = at(ME, "awaitsA", "// @awaitsA");
        String atB = at(ME, "awaitsB", "// @awaitsB");
        assertEquals(header(3)
                + "Task 'Task-1' (running)\n"
                + "Task 'a' (waiting)\n"
                + "    " + atB + "\n"
                + "    waits on a coroutine\n"
                + "    coroutine of Task 'b' (waiting)\n"
                + "        " + atA + "\n"
                + "        waits on shield\n"
                + "        coroutine of Task 'a' " + atB + ", shown above: a cycle of awaits (a deadlock)\n"
                + "Task 'b' (waiting)\n"
                + "    " + atA + "\n"
                + "    waits on shield\n"
                + "    coroutine of Task 'a' (waiting)\n"
                + "        " + atB + "\n"
                + "        waits on coroutine of Task 'b' " + atA + ", shown above: a cycle of awaits (a deadlock)\n",
                dump);
    }

    // ---- deep chains (review): indentation is capped, the size stays linear ---------------------

    @Async
    static Task<Void> chain(int depth) {
        if (depth == 0) {
            await(sleep(Duration.ofHours(1))); // @chainEnd
            return Task.done();
        }
        Task<Void> next = createTask(() -> chain(depth - 1), "c" + (depth - 1));
        await(next); // @chain
        return Task.done();
    }

    @Test
    void aDumpOfADeepChainOfTasksStaysProportionate() {
        int depth = 2000;
        int length = Weft.run(() -> {
            Task<Void> root = createTask(() -> chain(depth), "root");
            await(sleep(1000));
            String d = dump();
            root.cancel();
            return Task.of(d.length());
        }, virtual());
        // ~3 lines a task of ~100 characters with a bounded indentation: ~0.6 MB (quadratic: ~25 MB)
        assertTrue(length < 1_000_000, "a dump of " + depth + " tasks is " + length + " characters long");
    }

    @Test
    void levelsDeeperThanTwentyAreWrittenFlatWithTheirLevel() {
        String dump = Weft.run(() -> {
            Task<Void> root = createTask(() -> chain(22), "c22");
            await(sleep(1000));
            String d = dump();
            root.cancel();
            return Task.of(d);
        }, virtual());
        StringBuilder want = new StringBuilder(header(24)).append("Task 'Task-1' (running)\n");
        for (int level = 0; level <= 22; level++) {
            String title = "Task 'c" + (22 - level) + "' (waiting)";
            int indent = Math.min(level, 20);
            want.append("    ".repeat(indent)).append(level > 20 ? "(level " + level + ") " : "").append(title).append('\n');
            String under = "    ".repeat(indent + 1);
            if (level < 22) {
                want.append(under).append(at(ME, "chain", "// @chain")).append('\n');
                want.append(under).append("waits on Task 'c").append(21 - level).append("'\n");
            } else {
                want.append(under).append(at(ME, "chain", "// @chainEnd")).append('\n');
                want.append(under).append("waits on sleep, 3599.000 s left (until 3600.000 s on the loop clock)\n");
            }
        }
        assertEquals(want.toString(), dump);
    }

    // ---- negative times (review) ------------------------------------------------------------------

    @Test
    void anOverdueSleepShowsHowLongItIsOverdue() {
        AtomicLong now = new AtomicLong();
        String dump = Weft.run(() -> {
            Task<Void> sleeper = createTask(() -> sleep(500), "sleeper");
            await(sleep(0)); // the sleeper starts: its timer is due at 0.500 s
            now.set(1_200_000_000L); // the loop is late: 0.700 s past the sleep's deadline
            String d = dump();
            sleeper.cancel();
            return Task.of(d);
        }, RunOptions.defaults().withClock(now::get));
        assertTrue(dump.contains("    waits on sleep, overdue by 0.700 s (until 0.500 s on the loop clock)\n"), dump);
    }
}
