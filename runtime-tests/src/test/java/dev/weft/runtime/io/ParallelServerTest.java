package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server under {@code Weft.runParallel}: a selector per loop, connections round-robin, each used from its own loop only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelServerTest {
    private static final String HOST = "127.0.0.1";
    private static final int LOOPS = 4;

    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    private ParallelOptions options() {
        return ParallelOptions.defaults().withLoops(LOOPS).withRunOptions(
                RunOptions.defaults().withReporter((message, e) -> reports.add(message + " | " + e)));
    }

    /** Replies with the thread it started on and the one its read resumed on. */
    @Async
    static Task<Void> whereAmI(StreamReader reader, StreamWriter writer) {
        String started = Thread.currentThread().getName();
        await(reader.readLine());
        String resumed = Thread.currentThread().getName();
        writer.write(started + " " + resumed + "\n", StandardCharsets.UTF_8);
        await(writer.drain());
        return Task.done();
    }

    @Async
    static Task<String> ask(int port) {
        Connection c = await(Streams.openConnection(HOST, port));
        c.writer().write("where?\n", StandardCharsets.UTF_8);
        String reply = await(c.reader().readLine(StandardCharsets.UTF_8));
        await(c.close());
        return Task.of(reply);
    }

    @Test
    void connectionsGoRoundRobinOverTheLoopsEachWithItsSelector() throws Exception {
        Weft.runParallel(() -> Streams.startServer(ParallelServerTest::whereAmI, HOST, 0), options()); // warm-up
        int selectors = LoopProbe.openSelectors();
        java.util.Map<String, Integer> before = LoopProbe.ioKinds();
        List<String> got = Weft.runParallel(() -> {
            Server s = await(Streams.startServer(ParallelServerTest::whereAmI, HOST, 0));
            List<String> replies = new ArrayList<>();
            replies.add("selectors " + (LoopProbe.openSelectors() - selectors));
            for (int i = 0; i < 2 * LOOPS; i++) {
                replies.add(await(ask(s.port()))); // one after the other: accepted in this order
            }
            await(s.close());
            return Task.of(replies);
        }, options());
        List<String> expected = new ArrayList<>();
        expected.add("selectors " + LOOPS);
        for (int i = 0; i < 2 * LOOPS; i++) {
            String loop = "weft-loop-" + (i % LOOPS);
            expected.add(loop + " " + loop);
        }
        assertEquals(expected, got);
        assertEquals(List.of(), reports);
        LoopProbe.assertNoMoreSettled(before);
    }

    /** Hands its writer over, then waits for the end of the stream. */
    @Async
    static Task<Void> handOver(StreamReader reader, StreamWriter writer, Promise<StreamWriter> slot) {
        slot.complete(writer);
        await(reader.read(-1));
        return Task.done();
    }

    @Async
    static Task<String> attempt(Supplier<Task<?>> use) {
        try {
            await(use.get());
            return Task.of("allowed on " + Thread.currentThread().getName());
        } catch (IllegalStateException e) {
            return Task.of(e.getMessage());
        }
    }

    @Test
    void aConnectionUsedFromAnotherLoopsThreadThrows() {
        List<String> got = Weft.runParallel(() -> {
            Promise<StreamWriter> slot = Task.promise();
            Server s = await(Streams.startServer((r, w) -> handOver(r, w, slot), HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port())); // on loop 0; its handler on loop 0 too
            Connection d = await(Streams.openConnection(HOST, s.port())); // its handler on loop 1
            List<String> seen = new ArrayList<>();
            await(slot); // loop 0's handler
            seen.add(Thread.currentThread().getName());
            // A task on another loop (createTask goes round-robin) using loop 0's connection:
            seen.add(await(createTask(() -> attempt(() -> c.reader().read(1)))));
            seen.add(await(createTask(() -> attempt(() -> {
                c.writer().write(new byte[1]);
                return Task.done();
            }))));
            seen.add(await(createTask(() -> attempt(() -> s.serveForever()))));
            await(c.close());
            await(d.close());
            await(s.close());
            return Task.of(seen);
        }, options());
        String stream = "a stream belongs to the event loop it was opened on: use it from that loop's tasks";
        assertEquals(List.of("weft-loop-0", stream, stream,
                "a server belongs to the event loop it was started on: use it from that loop's tasks"), got);
        assertEquals(List.of(), reports);
    }

    /** Waits for a byte that never comes; logs its cancellation with the thread it ran on. */
    @Async
    static Task<Void> waitForever(StreamReader reader, List<String> log, Promise<Void> started) {
        started.complete(null);
        try {
            await(reader.read(1));
        } catch (dev.weft.CancelledException e) {
            log.add("cancelled on " + Thread.currentThread().getName());
            throw e;
        }
        return Task.done();
    }

    @Test
    void closeNowCancelsTheHandlersOnEveryLoopAndCloseWorksFromAnotherLoop() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<String> got = Weft.runParallel(() -> {
            List<Promise<Void>> started = new ArrayList<>();
            for (int i = 0; i < LOOPS; i++) {
                started.add(Task.promise());
            }
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            Server s = await(Streams.startServer((r, w) -> waitForever(r, log, started.get(next.getAndIncrement())), HOST, 0));
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < LOOPS; i++) {
                clients.add(await(Streams.openConnection(HOST, s.port())));
            }
            for (Promise<Void> p : started) {
                await(p);
            }
            // Closed from a task of another loop: the server's own loop stops accepting.
            await(createTask(() -> s.closeNow()));
            List<String> seen = new ArrayList<>();
            seen.add("serving " + s.isServing());
            for (Connection c : clients) {
                seen.add("eof " + (await(c.reader().read(1)).length == 0));
                await(c.close());
            }
            return Task.of(seen);
        }, options());
        assertEquals(List.of("serving false", "eof true", "eof true", "eof true", "eof true"), got);
        List<String> sorted = new ArrayList<>(log);
        Collections.sort(sorted);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            expected.add("cancelled on weft-loop-" + i);
        }
        assertEquals(expected, sorted);
        assertEquals(List.of(), reports);
    }

    @Test
    void aServersConnectionsOnEveryLoopAreClosedWhenTheRunEnds() throws Exception {
        leaveConnectionsOpen(); // warm-up
        java.util.Map<String, Integer> before = LoopProbe.ioKinds();
        int sockets = LoopProbe.openSockets();
        int open = leaveConnectionsOpen();
        assertEquals(2 * 2 * LOOPS + 1, open - sockets, "sockets opened: both ends of each connection and the listener");
        LoopProbe.assertNoMoreSettled(before);
        assertEquals(List.of(), reports);
    }

    /** A connection to each loop twice, each handler waiting for a byte, left open; returns the sockets then open. */
    private int leaveConnectionsOpen() {
        return Weft.runParallel(() -> {
            List<Promise<Void>> started = new ArrayList<>();
            for (int i = 0; i < 2 * LOOPS; i++) {
                started.add(Task.promise());
            }
            int[] next = new int[1];
            Server s = await(Streams.startServer((r, w) -> {
                Promise<Void> p;
                synchronized (started) {
                    p = started.get(next[0]++);
                }
                p.complete(null);
                return r.read(1);
            }, HOST, 0));
            for (int i = 0; i < 2 * LOOPS; i++) {
                await(Streams.openConnection(HOST, s.port()));
            }
            for (Promise<Void> p : started) {
                await(p);
            }
            return Task.of(LoopProbe.openSockets());
        }, options());
    }
}
