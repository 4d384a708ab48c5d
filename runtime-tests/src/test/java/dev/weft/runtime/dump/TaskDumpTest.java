package dev.weft.runtime.dump;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.dump.SourceLines.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.LoopClock;
import dev.weft.RunOptions;
import dev.weft.Task;
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
            Task<?>[] all = {
                createTask(() -> awaitOne(empty.get()), "get"),
                createTask(() -> awaitOne(full.put("y")), "put"),
                createTask(() -> awaitOne(none.acquire()), "semaphore"),
                createTask(() -> awaitOne(event.waitSet()), "event"),
                createTask(() -> awaitOne(Task.from(future)), "future"),
                createTask(() -> awaitOne(Task.promise()), "promise"),
                createTask(() -> awaitOne(Weft.toThread(() -> {
                    Thread.sleep(60_000);
                    return null;
                })), "thread"),
            };
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
}
