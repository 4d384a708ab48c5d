package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak of issue 13: 100,000 connections opened and closed over one loop, {@value #AT_ONCE} at
 * a time, a tenth of them each cancelled in {@code openConnection}, in a read, and
 * 5% in a {@code drain}, at random points (at once, a turn later, or 1-2 ms later). It ends with no more sockets, pipes or selector descriptors open in this process than
 * before, and the heap after GC back at its baseline.
 *
 * <p><b>Ports.</b> Both ends are in this process, on 127.0.0.1, and every connection takes an
 * ephemeral port (32768-60999 on Linux: about 28,000) for its client end. The side that closes
 * first keeps the connection in TIME_WAIT for 60 s. Were it the client, its port would stay taken
 * for that long (unless {@code net.ipv4.tcp_tw_reuse} allows reusing it), and 100,000 connections
 * in well under a minute would run out of ports. So the server closes first wherever it can: its
 * TIME_WAIT entries are keyed by its own port, and the client's port is free again at once (a new
 * connection on the same pair of ports replaces the TIME_WAIT entry on the server's side, as TCP
 * allows for a SYN with newer timestamps). Only the connections a client cancels (a read or a
 * drain: about 15%) close from the client first: some 15,000 ports at most, within the range.
 *
 * <p>{@code -Dweft.soak.connections=N} sets the count, {@code -Dweft.soak.seed=S} the seed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SoakConnectionsTest {
    private static final int CONNECTIONS = Integer.getInteger("weft.soak.connections", 100_000);
    private static final long SEED = Long.getLong("weft.soak.seed", 20261206L);
    private static final int AT_ONCE = 200;
    /** The heap after the run may exceed the baseline by this much at most. */
    private static final long HEAP_SLACK = 8L << 20;
    private static final String HOST = "127.0.0.1";
    /**
     * What a client that is to be cancelled in drain writes, chunk after chunk until the writer
     * buffers more than drain's high-water mark (the socket takes a few MB first on loopback).
     */
    private static final byte[] CHUNK = new byte[64 * 1024];
    private static final int HIGH_WATER = 64 * 1024;

    // Tallies, on the loop's thread only.
    private int replies;
    private int cancelledInOpen;
    private int connectedBeforeTheCancel;
    private int cancelledInRead;
    private int readBeforeTheCancel;
    private int cancelledInDrain;
    private int drainedBeforeTheCancel;
    private int drainResets;
    private int served;
    private int serverResets;
    private int clientsEnded;
    private final List<String> problems = new ArrayList<>();
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    private void reset() {
        replies = cancelledInOpen = connectedBeforeTheCancel = cancelledInRead = readBeforeTheCancel = 0;
        cancelledInDrain = drainedBeforeTheCancel = drainResets = served = serverResets = clientsEnded = 0;
        problems.clear();
        reports.clear();
    }

    // ---- the server ---------------------------------------------------------------------------

    /** "REPLY n": n bytes back, then the server closes; "SLOW": never answers; "SINK": reads late. */
    @Async
    Task<Void> serve(StreamReader reader, StreamWriter writer) {
        served++;
        try {
            String request = await(reader.readLine(StandardCharsets.UTF_8), IOException.class);
            if (request == null) {
                return Task.done(); // a client cancelled in openConnection after it connected
            }
            if (request.startsWith("REPLY ")) {
                int n = Integer.parseInt(request.substring(6));
                writer.write(pattern(n));
                await(writer.drain(), IOException.class);
                return Task.done(); // the server closes first (see the class comment)
            }
            if (request.equals("SINK")) {
                // The client's drain waits meanwhile; then the server closes with bytes unread,
                // which resets the connection: the kernel drops what the client sent, cheaply.
                await(sleep(5));
                return Task.done();
            }
            while (await(reader.read(64 * 1024), IOException.class).length > 0) {
                // SLOW, SINK: what comes is dropped, until the client closes
            }
        } catch (IOException e) {
            serverResets++; // a client that closed with bytes unread resets the connection
        }
        return Task.done();
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    // ---- the clients --------------------------------------------------------------------------

    @Async
    Task<Void> worker(int port, int from, int to, long seed) {
        Random random = new Random(seed);
        for (int i = from; i < to; i++) {
            int kind = random.nextInt(100);
            int delayMs = random.nextInt(4) - 1; // -1: at once, in the same step
            int size = random.nextInt(8) == 0 ? 100_000 : 1 + random.nextInt(2_000);
            try {
                if (kind < 10) {
                    await(cancelInOpen(port, delayMs));
                } else if (kind < 20) {
                    await(cancelInRead(port, delayMs));
                } else if (kind < 25) {
                    await(cancelInDrain(port, delayMs));
                } else {
                    await(exchange(port, i, size));
                }
            } catch (IOException e) {
                problems.add("connection " + i + " (kind " + kind + "): " + e);
            }
            clientsEnded++;
        }
        return Task.done();
    }

    /** Cancels {@code task} now if {@code ms} is negative, else after {@code ms} (0: on a later turn). */
    static void cancelAfter(Task<?> task, int ms) {
        if (ms < 0) {
            task.cancel();
        } else {
            createTask(() -> cancelLater(task, ms));
        }
    }

    @Async
    static Task<Void> cancelLater(Task<?> task, int ms) {
        await(sleep(ms));
        task.cancel();
        return Task.done();
    }

    @Async
    Task<Void> exchange(int port, int id, int size) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port), IOException.class);
        c.writer().write("REPLY " + size + "\n", StandardCharsets.UTF_8);
        byte[] got = await(c.reader().readExactly(size), IOException.class);
        byte[] rest = await(c.reader().read(-1), IOException.class);
        if (!java.util.Arrays.equals(pattern(size), got) || rest.length != 0) {
            problems.add("connection " + id + ": wrong reply");
        } else {
            replies++;
        }
        await(c.close(), IOException.class);
        return Task.done();
    }

    @Async
    Task<Void> cancelInOpen(int port, int ms) throws IOException {
        Task<Connection> opening = Streams.openConnection(HOST, port);
        cancelAfter(opening, ms);
        try {
            Connection c = await(opening, IOException.class);
            connectedBeforeTheCancel++;
            await(c.close(), IOException.class);
        } catch (CancelledException e) {
            cancelledInOpen++;
        }
        return Task.done();
    }

    @Async
    Task<Void> cancelInRead(int port, int ms) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port), IOException.class);
        c.writer().write("SLOW\n", StandardCharsets.UTF_8);
        Task<byte[]> reading = c.reader().read(100);
        cancelAfter(reading, ms);
        try {
            await(reading, IOException.class);
            readBeforeTheCancel++; // the server never writes: this is a fault
            problems.add("a read of a silent server returned");
        } catch (CancelledException e) {
            cancelledInRead++;
        }
        await(c.close(), IOException.class);
        return Task.done();
    }

    @Async
    Task<Void> cancelInDrain(int port, int ms) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port), IOException.class);
        c.writer().write("SINK\n", StandardCharsets.UTF_8);
        for (int sent = 0; c.writer().writeBufferSize() <= HIGH_WATER && sent < 64 << 20; sent += CHUNK.length) {
            c.writer().write(CHUNK);
        }
        Task<Void> draining = c.writer().drain();
        cancelAfter(draining, ms);
        try {
            await(draining, IOException.class);
            drainedBeforeTheCancel++;
            problems.add("a drain to a server that does not read ended");
        } catch (CancelledException e) {
            cancelledInDrain++;
        } catch (IOException e) {
            drainedBeforeTheCancel++; // the server reset it before the cancel came: legal
        }
        try {
            await(c.close(), IOException.class); // what is buffered goes on, until the server's reset
        } catch (IOException e) {
            drainResets++;
        }
        return Task.done();
    }

    @Async
    Task<Void> soak(int connections, long seed) {
        Server s = await(Streams.startServer(this::serve, HOST, 0, ServerOptions.defaults().withBacklog(1024)));
        List<Task<Void>> workers = new ArrayList<>();
        int per = (connections + AT_ONCE - 1) / AT_ONCE;
        for (int w = 0; w < AT_ONCE; w++) {
            int from = Math.min(connections, w * per);
            int to = Math.min(connections, from + per);
            long workerSeed = seed * 31 + w;
            workers.add(createTask(() -> worker(s.port(), from, to, workerSeed)));
        }
        await(gather(workers));
        await(s.close()); // and its handlers' ends
        return Task.done();
    }

    private void run(int connections, long seed) {
        reset();
        Weft.run(() -> soak(connections, seed), RunOptions.defaults().withReporter((m, e) -> reports.add(m + " | " + e)));
        assertEquals(List.of(), problems);
        assertEquals(List.of(), reports);
        assertEquals(connections, clientsEnded, "clients ended");
        assertEquals(connections, replies + cancelledInOpen + connectedBeforeTheCancel + cancelledInRead
                + readBeforeTheCancel + cancelledInDrain + drainedBeforeTheCancel, "outcomes");
    }

    @Test
    void aHundredThousandConnectionsOpenedAndClosedLeakNothing() throws Exception {
        run(2_000, SEED + 1); // warm-up: classes loaded, the executor's threads started
        long heapBefore = usedHeapAfterGc();
        int fdsBefore = LoopProbe.openFds();
        Map<String, Integer> ioBefore = LoopProbe.ioKinds();
        long start = System.nanoTime();
        run(CONNECTIONS, SEED);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int fdsAfter = LoopProbe.openFdsSettled(fdsBefore);
        long heapAfter = usedHeapAfterGc();
        System.out.printf("[soak-io] %,d connections (seed %d) in %,d ms: %,d replies; cancelled in openConnection %,d"
                        + " (connected first %,d), in a read %,d, in drain %,d (reset first %,d; closes reset %,d); server: %,d served,"
                        + " %,d resets; descriptors %d -> %d; heap after GC %.1f MB -> %.1f MB; TIME_WAIT now %,d%n",
                CONNECTIONS, SEED, ms, replies, cancelledInOpen, connectedBeforeTheCancel, cancelledInRead,
                cancelledInDrain, drainedBeforeTheCancel, drainResets, served, serverResets, fdsBefore, fdsAfter,
                heapBefore / 1e6, heapAfter / 1e6, timeWaits());
        // sockets, pipes and selector descriptors: no more than before (the JVM may close one of its own meanwhile)
        LoopProbe.assertNoMoreSettled(ioBefore);
        assertTrue(heapAfter - heapBefore < HEAP_SLACK, "heap grew from " + heapBefore + " to " + heapAfter + " bytes");
        assertTrue(cancelledInOpen > 0 && cancelledInRead > 0 && cancelledInDrain > 0, "every kind of cancellation happened");
    }

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

    /** Loopback TCP connections in TIME_WAIT (state 06 of /proc/net/tcp), for the report. */
    static long timeWaits() {
        return LoopProbe.lines("/proc/net/tcp").stream().filter(l -> {
            String[] f = l.trim().split("\\s+");
            return f.length > 3 && f[3].equals("06");
        }).count();
    }
}
