package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.ProcessOutput;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.io.Subprocess;
import dev.weft.io.Subprocesses;
import dev.weft.io.TlsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak of issue 14: TLS connections and child processes together on one loop, with
 * cancellations at random points, then nothing left behind: descriptors (sockets, pipes,
 * selectors) back to their count before, no Weft thread beyond what its pools keep idle by design,
 * no child process, and the heap after GC back at its baseline.
 *
 * <p><b>TLS</b> ({@value #TLS_AT_ONCE} at a time, both ends in this process on 127.0.0.1, the test
 * CA's certificates): most connections echo 1-4 messages (a few of 64 KB) and then either the
 * server closes first ("BYE": the client reads the end of the stream, the server's close_notify)
 * or the client does; others are cancelled in {@code openConnection} (mostly mid-handshake), in a
 * read of a server that never answers, or in a {@code drain} to a server that never reads; and
 * some are closed by the server first without a word ("DROP"). The server counts the handlers it
 * ran and the ones that ended: they must match, and its descriptors are in the count too.
 * Ports and TIME_WAIT: as {@link SoakConnectionsTest} explains; a few thousand connections stay far
 * below the ephemeral range even where the client closes first.
 *
 * <p><b>Subprocesses</b> ({@value #PROCESSES_AT_ONCE} at a time): {@code cat} fed through
 * {@code communicate} (the output must be the input, byte for byte), {@code sh -c} with exact
 * stdout, stderr and exit code, {@code sleep} cancelled in {@code communicate} and then killed
 * (exit code 137), and {@code yes} killed while it floods stdout. A separate small run leaves
 * children running at its end (blocked on stdin, flooding an unread pipe, sleeping): the loop's end
 * must kill them and end their pumps.
 *
 * <p><b>Threads.</b> The pumps of child pipes must all have ended ({@code PumpThreads.live()}, and
 * no thread named {@code weft-pipe-*}). {@code Weft.toThread} (where TLS runs the engine's
 * delegated tasks) keeps, on JDK 11-20, a pool of at most {@code min(32, cores + 4)} daemon threads
 * {@code weft-to-thread-N} that exit after 60 s idle: those count as pooled if they are idle (in
 * the pool's {@code getTask}), a busy one is a leak. On JDK 21+ toThread and the pumps use virtual
 * threads, which no pool keeps: any virtual thread running Weft code (seen in a JSON thread dump of
 * {@code HotSpotDiagnosticMXBean.dumpThreads}) is a leak.
 *
 * <p>{@code -Dweft.soak.tls=N}, {@code -Dweft.soak.processes=N} set the counts,
 * {@code -Dweft.soak.seed=S} the seed. {@code -Dweft.soak.leak=socket,pipe,child,thread,heap}
 * leaks those on purpose at the run's end, to see each matching check fail (never set in CI).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SoakTlsProcessesTest {
    private static final int TLS_CONNECTIONS = Integer.getInteger("weft.soak.tls", 1_500);
    private static final int PROCESSES = Integer.getInteger("weft.soak.processes", 500);
    private static final long SEED = Long.getLong("weft.soak.seed", 20261207L);
    private static final String LEAK = System.getProperty("weft.soak.leak", "");
    private static final int TLS_AT_ONCE = 64;
    private static final int PROCESSES_AT_ONCE = 16;
    /** The heap after the run may exceed the baseline by this much at most (as the other soaks). */
    private static final long HEAP_SLACK = 8L << 20;
    private static final String HOST = "127.0.0.1";
    private static final byte[] CHUNK = new byte[64 * 1024];
    private static final int HIGH_WATER = 64 * 1024;
    /** Linux's exit code for a child killed by SIGKILL, as {@link Process#exitValue()} gives it. */
    private static final int KILLED = 128 + 9;

    private final SSLContext serverContext = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    private final SSLContext clientContext = TestCertificates.clientContext();

    /** What a leak on purpose keeps reachable. */
    private static final List<Object> LEAKED = new ArrayList<>();

    // Tallies, on the loop's thread only.
    private final int[] tls = new int[TlsOutcome.values().length];
    private final int[] processes = new int[ProcessOutcome.values().length];
    private int handlersStarted;
    private int handlersEnded;
    private int serverResets;
    private int tlsEnded;
    private int processesEnded;
    private int killedReadsFailed;
    private long tlsMillis;
    private long processMillis;
    private long runStart;
    /** The measured run (not the warm-up) leaks what -Dweft.soak.leak says. */
    private boolean leakNow;
    /** The slowest connection's milliseconds by kind: cancelled in open, in a read, in drain; dropped; echoed. */
    private final long[] slowest = new long[5];
    private final List<String> problems = new ArrayList<>();
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    enum TlsOutcome {
        ECHOED_SERVER_CLOSED, ECHOED_CLIENT_CLOSED, DROPPED_BY_SERVER, CANCELLED_IN_OPEN, CONNECTED_BEFORE_CANCEL,
        CANCELLED_IN_READ, CANCELLED_IN_DRAIN, DRAINED_BEFORE_CANCEL, RESET_BEFORE_DRAIN_CANCEL
    }

    enum ProcessOutcome {
        CAT_ECHOED, SH_EXACT, CANCELLED_THEN_KILLED, KILLED_WHILE_FLOODING
    }

    private void reset() {
        Arrays.fill(tls, 0);
        Arrays.fill(processes, 0);
        Arrays.fill(slowest, 0);
        handlersStarted = handlersEnded = serverResets = tlsEnded = processesEnded = killedReadsFailed = 0;
        problems.clear();
        reports.clear();
    }

    // ---- the TLS server -----------------------------------------------------------------------

    /**
     * Commands, a line each: "DATA n" then n bytes: echoed back; "BYE": the server closes first;
     * "DROP": the server closes at once without answering; "SLOW": never answers, reads until the
     * client closes; "SINK": reads nothing, closes after 5 ms.
     */
    @Async
    Task<Void> serve(StreamReader reader, StreamWriter writer) {
        handlersStarted++;
        try {
            String command;
            while ((command = await(reader.readLine(StandardCharsets.UTF_8), IOException.class)) != null) {
                if (command.startsWith("DATA ")) {
                    int n = Integer.parseInt(command.substring(5));
                    writer.write(await(reader.readExactly(n), IOException.class));
                    await(writer.drain(), IOException.class);
                } else if (command.equals("BYE") || command.equals("DROP")) {
                    break;
                } else if (command.equals("SLOW")) {
                    while (await(reader.read(64 * 1024), IOException.class).length > 0) {
                        // dropped, until the client closes
                    }
                    break;
                } else if (command.equals("SINK")) {
                    await(sleep(5));
                    break;
                } else {
                    problems.add("server: unknown command " + command);
                    break;
                }
            }
        } catch (IOException e) {
            serverResets++; // a client that closed with bytes unread, or cancelled its handshake late
        } finally {
            handlersEnded++;
        }
        return Task.done(); // the server's connection closes now: close_notify, then the socket
    }

    // ---- the TLS clients ----------------------------------------------------------------------

    private ConnectOptions clientOptions() {
        return ConnectOptions.defaults().withTls(TlsOptions.client(clientContext));
    }

    @Async
    Task<Void> tlsWorker(int port, int from, int to, long seed) {
        Random random = new Random(seed);
        for (int i = from; i < to; i++) {
            int kind = random.nextInt(100);
            int delayMs = random.nextInt(4) - 1; // -1: at once, in the same step
            long began = System.nanoTime();
            try {
                if (kind < 10) {
                    await(cancelInOpen(port, delayMs));
                } else if (kind < 18) {
                    await(cancelInRead(port, delayMs));
                } else if (kind < 22) {
                    await(cancelInDrain(port, delayMs));
                } else if (kind < 30) {
                    await(droppedByServer(port));
                } else {
                    await(echo(port, i, random));
                }
            } catch (IOException e) {
                problems.add("TLS connection " + i + " (kind " + kind + "): " + e);
            }
            int group = kind < 10 ? 0 : kind < 18 ? 1 : kind < 22 ? 2 : kind < 30 ? 3 : 4;
            slowest[group] = Math.max(slowest[group], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            tlsEnded++;
        }
        tlsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStart); // the last worker's sets it
        return Task.done();
    }

    @Async
    Task<Void> echo(int port, int id, Random random) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port, clientOptions()), IOException.class);
        int messages = 1 + random.nextInt(4);
        for (int m = 0; m < messages; m++) {
            int size = random.nextInt(10) == 0 ? 64 * 1024 : 1 + random.nextInt(2_000);
            byte[] message = pattern(size, id + m);
            c.writer().write("DATA " + size + "\n", StandardCharsets.UTF_8);
            c.writer().write(message);
            byte[] got = await(c.reader().readExactly(size), IOException.class);
            if (!Arrays.equals(message, got)) {
                problems.add("TLS connection " + id + ": message " + m + " came back different");
            }
        }
        if (random.nextBoolean()) {
            c.writer().write("BYE\n", StandardCharsets.UTF_8);
            byte[] rest = await(c.reader().read(-1), IOException.class); // the server's close_notify
            if (rest.length != 0) {
                problems.add("TLS connection " + id + ": " + rest.length + " bytes after BYE");
            }
            tls[TlsOutcome.ECHOED_SERVER_CLOSED.ordinal()]++;
        } else {
            tls[TlsOutcome.ECHOED_CLIENT_CLOSED.ordinal()]++;
        }
        await(c.close(), IOException.class);
        return Task.done();
    }

    @Async
    Task<Void> droppedByServer(int port) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port, clientOptions()), IOException.class);
        c.writer().write("DROP\n", StandardCharsets.UTF_8);
        byte[] rest = await(c.reader().read(-1), IOException.class);
        if (rest.length != 0) {
            problems.add("a dropped TLS connection read " + rest.length + " bytes");
        }
        tls[TlsOutcome.DROPPED_BY_SERVER.ordinal()]++;
        await(c.close(), IOException.class);
        return Task.done();
    }

    @Async
    Task<Void> cancelInOpen(int port, int ms) throws IOException {
        Task<Connection> opening = Streams.openConnection(HOST, port, clientOptions());
        SoakConnectionsTest.cancelAfter(opening, ms);
        try {
            Connection c = await(opening, IOException.class);
            tls[TlsOutcome.CONNECTED_BEFORE_CANCEL.ordinal()]++;
            await(c.close(), IOException.class);
        } catch (CancelledException e) {
            tls[TlsOutcome.CANCELLED_IN_OPEN.ordinal()]++;
        }
        return Task.done();
    }

    @Async
    Task<Void> cancelInRead(int port, int ms) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port, clientOptions()), IOException.class);
        c.writer().write("SLOW\n", StandardCharsets.UTF_8);
        Task<byte[]> reading = c.reader().read(100);
        SoakConnectionsTest.cancelAfter(reading, ms);
        try {
            await(reading, IOException.class);
            problems.add("a read of a silent TLS server returned");
        } catch (CancelledException e) {
            tls[TlsOutcome.CANCELLED_IN_READ.ordinal()]++;
        }
        await(c.close(), IOException.class);
        return Task.done();
    }

    @Async
    Task<Void> cancelInDrain(int port, int ms) throws IOException {
        Connection c = await(Streams.openConnection(HOST, port, clientOptions()), IOException.class);
        c.writer().write("SINK\n", StandardCharsets.UTF_8);
        for (int sent = 0; c.writer().writeBufferSize() <= HIGH_WATER && sent < 16 << 20; sent += CHUNK.length) {
            c.writer().write(CHUNK);
        }
        Task<Void> draining = c.writer().drain();
        SoakConnectionsTest.cancelAfter(draining, ms);
        try {
            await(draining, IOException.class);
            // Legal when the cancel comes late: once its handler ended, the server's TLS close reads
            // (and drops) what comes while it waits for the client's close_notify, so the drain ends.
            tls[TlsOutcome.DRAINED_BEFORE_CANCEL.ordinal()]++;
        } catch (CancelledException e) {
            tls[TlsOutcome.CANCELLED_IN_DRAIN.ordinal()]++;
        } catch (IOException e) {
            tls[TlsOutcome.RESET_BEFORE_DRAIN_CANCEL.ordinal()]++; // the server closed before the cancel came
        }
        try {
            await(c.close(), IOException.class); // what is buffered goes on until the server's reset
        } catch (IOException e) {
            // the server's reset: expected
        }
        return Task.done();
    }

    static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + salt);
        }
        return b;
    }

    // ---- the subprocesses ---------------------------------------------------------------------

    @Async
    Task<Void> processWorker(int from, int to, long seed) {
        Random random = new Random(seed);
        for (int i = from; i < to; i++) {
            int kind = random.nextInt(100);
            try {
                if (kind < 40) {
                    await(catEcho(i, random));
                } else if (kind < 70) {
                    await(shExact(i, random));
                } else if (kind < 85) {
                    await(cancelInCommunicate(i, random.nextInt(6)));
                } else {
                    await(killFlooding(i, random));
                }
            } catch (IOException e) {
                problems.add("process " + i + " (kind " + kind + "): " + e);
            }
            processesEnded++;
        }
        processMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStart);
        return Task.done();
    }

    @Async
    Task<Void> catEcho(int id, Random random) throws IOException {
        int size = random.nextInt(5) == 0 ? 200_000 + random.nextInt(100_000) : random.nextInt(3_000);
        byte[] input = pattern(size, id);
        Subprocess child = await(Subprocesses.exec(List.of("cat")), IOException.class);
        ProcessOutput out = await(child.communicate(input), IOException.class);
        if (!Arrays.equals(input, out.stdout()) || out.stderr().length != 0 || out.exitCode() != 0) {
            problems.add("cat " + id + ": " + out.stdout().length + " of " + size + " bytes back, stderr "
                    + out.stderr().length + ", exit " + out.exitCode());
        } else {
            processes[ProcessOutcome.CAT_ECHOED.ordinal()]++;
        }
        return Task.done();
    }

    @Async
    Task<Void> shExact(int id, Random random) throws IOException {
        int code = random.nextInt(4);
        Subprocess child = await(Subprocesses.exec(List.of("sh", "-c",
                "read line; echo \"out $line $1\"; echo \"err $1\" >&2; exit $2", "sh", "arg" + id, "" + code)),
                IOException.class);
        ProcessOutput out = await(child.communicate(("in" + id + "\n").getBytes(StandardCharsets.UTF_8)), IOException.class);
        String stdout = new String(out.stdout(), StandardCharsets.UTF_8);
        String stderr = new String(out.stderr(), StandardCharsets.UTF_8);
        if (!stdout.equals("out in" + id + " arg" + id + "\n") || !stderr.equals("err arg" + id + "\n")
                || out.exitCode() != code) {
            problems.add("sh " + id + ": stdout " + stdout + ", stderr " + stderr + ", exit " + out.exitCode());
        } else {
            processes[ProcessOutcome.SH_EXACT.ordinal()]++;
        }
        return Task.done();
    }

    @Async
    Task<Void> cancelInCommunicate(int id, int ms) throws IOException {
        Subprocess child = await(Subprocesses.exec(List.of("sleep", "30")), IOException.class);
        Task<ProcessOutput> communicating = child.communicate(null);
        SoakConnectionsTest.cancelAfter(communicating, ms - 1);
        try {
            await(communicating, IOException.class);
            problems.add("sleep 30 " + id + ": communicate ended");
        } catch (CancelledException e) {
            // the waiting is cancelled; the child runs on
        }
        if (child.exitCode().isPresent()) {
            problems.add("sleep 30 " + id + ": exited at once, " + child.exitCode());
        }
        child.kill();
        int code = await(child.waitFor());
        if (code != KILLED) {
            problems.add("sleep 30 " + id + ": killed, exit code " + code);
        } else {
            processes[ProcessOutcome.CANCELLED_THEN_KILLED.ordinal()]++;
        }
        return Task.done();
    }

    @Async
    Task<Void> killFlooding(int id, Random random) throws IOException {
        Subprocess child = await(Subprocesses.exec(List.of("yes", "flood")), IOException.class);
        int chunks = 1 + random.nextInt(8);
        byte[] expected = "flood\n".repeat(8 * 1024 / 6 + 1).getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < chunks; k++) {
            byte[] got = await(child.stdout().readExactly(6 * 1024), IOException.class); // whole lines
            if (!Arrays.equals(Arrays.copyOf(expected, got.length), got)) {
                problems.add("yes " + id + ": unexpected output");
            }
        }
        child.kill();
        int code = await(child.waitFor());
        try {
            while (await(child.stdout().read(64 * 1024), IOException.class).length > 0) {
                // what the pipe and the pump held when the child died; then the end
            }
        } catch (IOException e) {
            // Known bug (SubprocessKillTest): Process.destroyForcibly() closes the JDK's stream
            // under the pump, and the reader fails instead of reading the end. Counted, not failed.
            // "Stream closed" ("Stream Closed" on JDK 25), or "Bad file descriptor" if the read was in the kernel
            if (!"Stream closed".equalsIgnoreCase(e.getMessage()) && !"Bad file descriptor".equals(e.getMessage())) {
                throw e;
            }
            killedReadsFailed++;
        }
        if (code != KILLED) {
            problems.add("yes " + id + ": killed, exit code " + code);
        } else {
            processes[ProcessOutcome.KILLED_WHILE_FLOODING.ordinal()]++;
        }
        return Task.done();
    }

    // ---- the run ------------------------------------------------------------------------------

    @Async
    Task<Void> soak(int connections, int children, long seed) {
        runStart = System.nanoTime();
        Server s = await(Streams.startServer(this::serve, HOST, 0,
                ServerOptions.defaults().withBacklog(1024).withTls(TlsOptions.server(serverContext))));
        List<Task<Void>> workers = new ArrayList<>();
        int per = (connections + TLS_AT_ONCE - 1) / TLS_AT_ONCE;
        for (int w = 0; w < TLS_AT_ONCE; w++) {
            int from = Math.min(connections, w * per);
            int to = Math.min(connections, from + per);
            long workerSeed = seed * 31 + w;
            workers.add(createTask(() -> tlsWorker(s.port(), from, to, workerSeed)));
        }
        int perChild = (children + PROCESSES_AT_ONCE - 1) / PROCESSES_AT_ONCE;
        for (int w = 0; w < PROCESSES_AT_ONCE; w++) {
            int from = Math.min(children, w * perChild);
            int to = Math.min(children, from + perChild);
            long workerSeed = seed * 37 + w;
            workers.add(createTask(() -> processWorker(from, to, workerSeed)));
        }
        await(gather(workers));
        await(s.close()); // and its handlers' ends
        if (leakNow) {
            leakOnPurpose();
        }
        return Task.done();
    }

    /** For a scratch run that must fail: leaves things behind (-Dweft.soak.leak=socket,pipe,child,thread,heap). */
    private void leakOnPurpose() {
        try {
            for (String kind : LEAK.split(",")) {
                switch (kind) {
                    case "socket":
                        LEAKED.add(java.nio.channels.SocketChannel.open());
                        break;
                    case "pipe":
                        LEAKED.add(java.nio.channels.Pipe.open());
                        break;
                    case "child":
                        LEAKED.add(new ProcessBuilder("sleep", "60").start()); // started outside Weft: nobody kills it
                        break;
                    case "thread":
                        // toThread work that ignores the interrupt of the run's end for 60 s: a busy
                        // worker (JDK 11-20) or a live virtual thread (21+).
                        LEAKED.add(Weft.toThread(() -> {
                            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                            while (System.nanoTime() < end) {
                                try {
                                    Thread.sleep(100);
                                } catch (InterruptedException e) {
                                    // on purpose
                                }
                            }
                            return null;
                        }));
                        break;
                    case "heap":
                        LEAKED.add(new byte[16 << 20]);
                        break;
                    default:
                        break;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Empties the JDK's TLS session caches of this test's contexts (SSLSessionContext keeps up to
     * 20,480 sessions for 24 h by design: some 2 KB each, which is not Weft's to free), so that the
     * heap measures compare what Weft keeps.
     */
    private void forgetTlsSessions() {
        for (javax.net.ssl.SSLSessionContext sessions : List.of(clientContext.getClientSessionContext(),
                serverContext.getServerSessionContext())) {
            for (byte[] id : Collections.list(sessions.getIds())) {
                javax.net.ssl.SSLSession session = sessions.getSession(id);
                if (session != null) {
                    session.invalidate();
                }
            }
        }
    }

    private void run(int connections, int children, long seed) {
        reset();
        Weft.run(() -> soak(connections, children, seed), RunOptions.defaults().withReporter((m, e) -> reports.add(m + " | " + e)));
        assertEquals(List.of(), problems);
        assertEquals(List.of(), reports);
        assertEquals(connections, tlsEnded, "TLS clients ended");
        assertEquals(connections, Arrays.stream(tls).sum(), "TLS outcomes");
        assertEquals(children, processesEnded, "subprocess clients ended");
        assertEquals(children, Arrays.stream(processes).sum(), "subprocess outcomes");
        assertEquals(handlersStarted, handlersEnded, "server handlers started and ended");
    }

    @Test
    void tlsConnectionsAndSubprocessesTogetherLeakNothing() throws Exception {
        StreamFds.assumeAvailable();
        run(200, 48, SEED + 1); // warm-up: classes loaded, the pools' threads started, TLS sessions primed
        forgetTlsSessions();
        long heapBefore = SoakConnectionsTest.usedHeapAfterGc();
        Map<String, Long> classesBefore = LeakChecks.heapByClass();
        Map<String, Integer> fdsBefore = LeakChecks.ioFds();
        List<String> threadsBefore = LeakChecks.names();
        long start = System.nanoTime();
        leakNow = true;
        run(TLS_CONNECTIONS, PROCESSES, SEED);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Map<String, Integer> fdsAfter = LeakChecks.settledFdKinds(fdsBefore);
        List<String> leakedThreads = LeakChecks.leakedSettled();
        int pumps = SubprocessProbe.livePumpsSettled();
        List<String> children = LeakChecks.childrenSettled();
        forgetTlsSessions();
        long heapAfter = SoakConnectionsTest.usedHeapAfterGc();
        String grew = LeakChecks.grewMost(classesBefore, LeakChecks.heapByClass(), 8);
        System.out.printf("[soak-tls-processes] JDK %d: %,d TLS connections and %,d subprocesses (seed %d) in %,d ms:"
                        + " TLS %s (%,d ms; slowest open/read/drain/dropped/echo %s ms); server handlers %,d started, %,d ended, %,d resets; subprocesses %s"
                        + " (%,d ms; reads failing after kill %,d); descriptors %s -> %s; Weft threads %s -> %s, left at work %s;"
                        + " pumps %d; children %s; heap after GC %.1f MB -> %.1f MB; grew most %s; TIME_WAIT now %,d%n",
                Runtime.version().feature(), TLS_CONNECTIONS, PROCESSES, SEED, ms, tally(TlsOutcome.values(), tls), tlsMillis, Arrays.toString(slowest),
                handlersStarted, handlersEnded, serverResets, tally(ProcessOutcome.values(), processes), processMillis,
                killedReadsFailed, fdsBefore, fdsAfter, threadsBefore, LeakChecks.names(), leakedThreads, pumps, children,
                heapBefore / 1e6, heapAfter / 1e6, grew, SoakConnectionsTest.timeWaits());
        assertAll(
                () -> LeakChecks.assertNoMore(fdsBefore, fdsAfter),
                () -> assertEquals(List.of(), leakedThreads, "Weft threads left at work"),
                () -> assertEquals(0, pumps, "pumps left running"),
                () -> assertEquals(List.of(), children, "child processes left"),
                () -> assertTrue(heapAfter - heapBefore < HEAP_SLACK,
                        "heap grew from " + heapBefore + " to " + heapAfter + " bytes; most: " + grew),
                () -> assertTrue(tls[TlsOutcome.CANCELLED_IN_OPEN.ordinal()] > 0 && tls[TlsOutcome.CANCELLED_IN_READ.ordinal()] > 0
                        && tls[TlsOutcome.CANCELLED_IN_DRAIN.ordinal()] > 0, "every kind of TLS cancellation happened"),
                () -> assertTrue(Arrays.stream(processes).allMatch(n -> n > 0), "every kind of subprocess ending happened"));
    }

    // ---- children left running at a run's end --------------------------------------------------

    private static final int LEFT_RUNNING = 12;

    @Async
    Task<List<Long>> leaveRunning() {
        List<Long> pids = new ArrayList<>();
        try {
            for (int i = 0; i < LEFT_RUNNING; i++) {
                List<String> command = i % 3 == 0 ? List.of("cat") // waits for stdin, which stays open
                        : i % 3 == 1 ? List.of("yes", "flood") // blocks in write once the pump holds its limit
                        : List.of("sleep", "30");
                Subprocess child = await(Subprocesses.exec(command), IOException.class);
                if (i % 3 == 1) {
                    await(child.stdout().readExactly(1024), IOException.class); // it runs, and nobody reads on
                }
                pids.add(child.pid());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Task.of(pids);
    }

    @Test
    void childrenLeftRunningAreKilledAtTheRunsEnd() throws Exception {
        StreamFds.assumeAvailable();
        Weft.run(this::leaveRunning); // warm-up
        Map<String, Integer> fdsBefore = LeakChecks.ioFds();
        long start = System.nanoTime();
        List<Long> pids = Weft.run(this::leaveRunning);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // No settling for these: the run's end waits for the children and the pumps itself.
        List<Long> alive = new ArrayList<>();
        for (long pid : pids) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                alive.add(pid);
            }
        }
        int pumps = SubprocessProbe.livePumps();
        Map<String, Integer> fdsAfter = LeakChecks.settledFdKinds(fdsBefore);
        System.out.printf("[soak-tls-processes] %d children left running at a run's end (%,d ms): alive after %s, pumps %d,"
                + " descriptors %s -> %s%n", pids.size(), ms, alive, pumps, fdsBefore, fdsAfter);
        assertEquals(LEFT_RUNNING, pids.size());
        assertEquals(List.of(), alive, "children alive after the run");
        assertEquals(0, pumps, "pumps running after the run");
        assertEquals(List.of(), LeakChecks.childrenSettled(), "child processes left");
        LeakChecks.assertNoMore(fdsBefore, fdsAfter);
    }

    private static <E extends Enum<E>> String tally(E[] names, int[] counts) {
        StringBuilder b = new StringBuilder("{");
        for (E e : names) {
            b.append(b.length() > 1 ? ", " : "").append(e.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(String.format("%,d", counts[e.ordinal()]));
        }
        return b.append('}').toString();
    }
}
