package dev.weft.runtime.dump;

import java.util.concurrent.CyclicBarrier;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.dump.SourceLines.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.TaskDumps;
import dev.weft.io.Connection;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import java.net.InetSocketAddress;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sync.AsyncEvent;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.Permit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dumps of socket reads, of a parallel group, of every loop from another thread, and stall reports. */
@Timeout(30)
class LoopDumpTest {
    private static final Class<?> ME = LoopDumpTest.class;

    @Async
    static Task<String> readOne(StreamReader reader) {
        return Task.of(await(reader.readLine(StandardCharsets.UTF_8))); // @readOne
    }

    @Async
    static Task<Void> handle(AsyncEvent started, StreamReader reader, StreamWriter writer) {
        started.set();
        await(reader.readLine(StandardCharsets.UTF_8)); // @handle
        return Task.done();
    }

    @Test
    void aSocketReadNamesTheConnection() {
        List<String> got = Weft.run(() -> {
            AsyncEvent started = AsyncEvent.create();
            Server server = await(Streams.startServer((r, w) -> handle(started, r, w), "127.0.0.1", 0));
            Connection c = await(Streams.openConnection("127.0.0.1", server.port()));
            await(started.waitSet());
            Task<String> client = createTask(() -> readOne(c.reader()), "client");
            await(sleep(0));
            await(sleep(0));
            StringBuilder out = new StringBuilder();
            Weft.dumpTasks(out);
            client.cancel();
            await(c.close());
            await(server.close());
            return Task.of(List.of(out.toString(), c.localAddress().toString(), c.remoteAddress().toString()));
        });
        String local = got.get(1);
        String remote = got.get(2);
        assertEquals("Task dump of loop '" + Thread.currentThread().getName() + "' (3 tasks):\n"
                + "Task 'Task-1' (running)\n"
                + "Task 'Task-2' (waiting)\n"
                + "    " + at(ME, "handle", "// @handle") + "\n"
                + "    waits on a read: readLine() on connection " + remote + " -> " + local + "\n"
                + "Task 'client' (waiting)\n"
                + "    " + at(ME, "readOne", "// @readOne") + "\n"
                + "    waits on a read: readLine() on connection " + local + " -> " + remote + "\n", got.get(0));
    }

    @Async
    static Task<Object> awaitOne(Task<?> t) {
        return Task.of(await(t)); // @awaitOne
    }

    @Async
    static Task<String> parallelMain() {
        Promise<String> never = Task.promise();
        Task<Object> a = createTask(() -> awaitOne(never), "a");     // loop 1 (round-robin)
        Task<Object> b = createTask(() -> awaitOne(a), "b");         // loop 0, awaits a task of loop 1
        while (a.stack().isEmpty() && !a.isDone()) {
            await(sleep(1));
        }
        await(sleep(20));
        StringBuilder out = new StringBuilder();
        Weft.dumpTasks(out);
        a.cancel();
        await(Weft.gatherSettled(a, b));
        return Task.of(out.toString());
    }

    @Test
    void underRunParallelTheDumpCoversEveryLoopOfTheGroup() {
        String dump = Weft.runParallel(LoopDumpTest::parallelMain, ParallelOptions.defaults().withLoops(2));
        String at = at(ME, "awaitOne", "// @awaitOne");
        assertEquals("Task dump of loops 'weft-loop-0', 'weft-loop-1' (3 tasks):\n"
                + "Task 'Task-1' (running) on 'weft-loop-0'\n"
                + "Task 'b' (waiting) on 'weft-loop-0'\n"
                + "    " + at + "\n"
                + "    waits on Task 'a'\n"
                + "    Task 'a' (waiting) on 'weft-loop-1'\n"
                + "        " + at + "\n"
                + "        waits on a promise (Task.promise())\n", dump);
    }

    /** The section of an everyLoop() text about the loop of thread {@code loop}. */
    private static String section(String all, String loop) {
        int from = all.indexOf("Task dump of loop '" + loop + "'");
        assertTrue(from >= 0, all);
        int to = all.indexOf("Task dump of loop", from + 1);
        return all.substring(from, to < 0 ? all.length() : to);
    }

    /** everyLoop() from a new thread named "dumper". */
    private static CompletableFuture<String> dumpFromAnotherThread() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread t = new Thread(() -> answer.complete(TaskDumps.everyLoop()), "dumper");
        t.start();
        return answer;
    }

    @Async
    static Task<String> askFromAnotherThread() {
        Task<Object> waiter = createTask(() -> awaitOne(Task.promise()), "waiter");
        await(sleep(0));
        String d = await(dumpFromAnotherThread()); // @ask
        waiter.cancel();
        return Task.of(d);
    }

    @Test
    void everyLoopFromAnotherThreadAsksTheLoopToDumpItself() {
        String loop = Thread.currentThread().getName();
        String dump = Weft.run(LoopDumpTest::askFromAnotherThread);
        assertEquals("Task dump of loop '" + loop + "' (2 tasks):\n"
                + "Task 'Task-1' (waiting)\n"
                + "    " + at(ME, "askFromAnotherThread", "// @ask") + "\n"
                + "    waits on a CompletableFuture\n"
                + "Task 'waiter' (waiting)\n"
                + "    " + at(ME, "awaitOne", "// @awaitOne") + "\n"
                + "    waits on a promise (Task.promise())\n", section(dump, loop));
    }

    @Async
    static Task<String> blockWhileAnotherThreadDumps() {
        Task<Object> waiter = createTask(() -> awaitOne(Task.promise()), "waiter");
        await(sleep(0));
        // WRONG on purpose: a blocking get() on the loop's thread; the loop cannot answer the dumper
        String d = dumpFromAnotherThread().orTimeout(20, TimeUnit.SECONDS).join();
        waiter.cancel();
        return Task.of(d);
    }

    @Test
    void everyLoopReadsABlockedLoopFromTheCallingThreadAndSaysSo() {
        String loop = Thread.currentThread().getName();
        long start = System.nanoTime();
        String dump = Weft.run(LoopDumpTest::blockWhileAnotherThreadDumps);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Task dump of loop '" + loop + "' (2 tasks):\n"
                + "(loop '" + loop + "' did not answer within 1000 ms (blocked?): its tasks were read from thread"
                + " 'dumper' while it runs)\n"
                + "Task 'Task-1' (running)\n"
                + "Task 'waiter' (waiting)\n"
                + "    " + at(ME, "awaitOne", "// @awaitOne") + "\n"
                + "    waits on a promise (Task.promise())\n", section(dump, loop));
        assertTrue(millis >= 990 && millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void everyLoopWithNoLoopRunning() {
        assertEquals("No Weft event loop is running in this JVM.\n", TaskDumps.everyLoop());
    }

    @Async
    static Task<List<String>> datagramAndSubprocess() {
        DatagramEndpoint udp = await(Datagrams.open(DatagramOptions.defaults()
                .withLocalAddress(new InetSocketAddress("127.0.0.1", 0))));
        Subprocess child = await(Subprocesses.exec(List.of("sleep", "30")));
        Task<Object> receive = createTask(() -> awaitOne(udp.receive()), "receive");
        Task<Object> exit = createTask(() -> awaitOne(child.waitFor()), "exit");
        await(sleep(0));
        await(sleep(0));
        StringBuilder out = new StringBuilder();
        Weft.dumpTasks(out);
        List<String> got = List.of(out.toString(), udp.toString(), String.valueOf(child.pid()));
        receive.cancel();
        child.kill();
        await(Weft.gatherSettled(receive, exit));
        await(udp.close());
        return Task.of(got);
    }

    @Test
    void aDatagramReceiveAndASubprocessExit() {
        List<String> got = Weft.run(LoopDumpTest::datagramAndSubprocess);
        String at = "    " + at(ME, "awaitOne", "// @awaitOne") + "\n";
        assertEquals("Task dump of loop '" + Thread.currentThread().getName() + "' (3 tasks):\n"
                + "Task 'Task-1' (running)\n"
                + "Task 'receive' (waiting)\n" + at
                + "    waits on a datagram: receive() on " + got.get(1) + "\n"
                + "Task 'exit' (waiting)\n" + at
                + "    waits on a subprocess's exit: waitFor() on pid " + got.get(2) + "\n", got.get(0));
    }

    // ---- two loops dumping at once (review) -------------------------------------------------------

    /** Meets the other loop's task at {@code barrier} (blocking, on purpose), then dumps the group at once. */
    static String dumpAfter(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        Weft.dumpTasks(out);
        return out.toString();
    }

    @Test
    void twoLoopsOfAGroupDumpingAtOnceAnswerEachOther() {
        CyclicBarrier barrier = new CyclicBarrier(2);
        long start = System.nanoTime();
        List<String> dumps = Weft.runParallel(() -> {
            Task<String> other = createTask(() -> Task.of(dumpAfter(barrier))); // on the other loop
            String mine = dumpAfter(barrier);
            return Task.of(List.of(mine, await(other)));
        }, ParallelOptions.defaults().withLoops(2));
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (String d : dumps) {
            assertFalse(d.contains("did not answer"), d);
            assertTrue(d.startsWith("Task dump of loops 'weft-loop-0', 'weft-loop-1' ("), d);
        }
        assertTrue(millis < 900, "took " + millis + " ms");
    }

    // ---- everyLoop asks every loop at once (review) ---------------------------------------------

    /** Blocks its loop's thread (WRONG on purpose) until {@code release}, once it told {@code blocked}. */
    static Task<Void> blockLoop(java.util.concurrent.CountDownLatch blocked, java.util.concurrent.CountDownLatch release) {
        blocked.countDown();
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Task.done();
    }

    @Test
    void everyLoopAsksAllBlockedLoopsAtOnceAndWaitsOneSecondInAll() throws Exception {
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(4);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<String> dump = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong();
        Thread dumper = new Thread(() -> {
            try {
                blocked.await(20, TimeUnit.SECONDS);
                long start = System.nanoTime();
                dump.complete(TaskDumps.everyLoop());
                millis.set((System.nanoTime() - start) / 1_000_000);
            } catch (Throwable e) {
                dump.completeExceptionally(e);
            } finally {
                release.countDown();
            }
        }, "dumper");
        dumper.start();
        Weft.runParallel(() -> {
            List<Task<Void>> on = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                on.add(createTask(() -> blockLoop(blocked, release))); // loops 1, 2, 3
            }
            await(sleep(0));
            blockLoop(blocked, release); // loop 0
            return gather(on);
        }, ParallelOptions.defaults().withLoops(4));
        dumper.join(20_000);
        String d = dump.get(1, TimeUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            assertTrue(d.contains("(loop 'weft-loop-" + i + "' did not answer within 1000 ms (blocked?)"), d);
        }
        assertTrue(millis.get() >= 990 && millis.get() < 2500, "everyLoop took " + millis.get() + " ms");
    }
}
