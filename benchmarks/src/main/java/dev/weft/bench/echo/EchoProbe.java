package dev.weft.bench.echo;

import dev.weft.bench.Figure;
import dev.weft.bench.Note;
import dev.weft.bench.Probe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Workload 10, a TCP echo server on one thread: this probe's process is the client driver, and it
 * starts the server contender in a process of its own. For 1 and 100 connections and 64 B and
 * 4 KiB messages, each connection does request/response round trips for a bounded time (after a
 * warm-up) and the probe reports messages per second, the p50 and p99 round trip, and the server
 * process's CPU time per message (all its threads, user and system, read by the server itself
 * before and after the timed phase). Then it opens {@value #IDLE} connections that each make one
 * round trip and stay idle, and reports the server's heap per idle connection (heap in use after
 * full collections with them open, less before them, ÷ their number); skipped, with a note, when
 * either process has too few file descriptors, and for CPython, whose heap is not a JVM's.
 * One nested subclass per server contender.
 */
public abstract class EchoProbe implements Probe {
    static final int IDLE = 10_000;
    static final int[] CONNECTIONS = {1, 100};
    static final int[] SIZES = {64, 4096};
    private static final long SECOND = 1_000_000_000L;
    private static final long MAX_MESSAGES = 50_000_000L;

    abstract EchoServer server();

    @Override
    public String workload() {
        return "echo";
    }

    @Override
    public String contender() {
        return server().key;
    }

    @Override
    public boolean available() {
        return server().available();
    }

    @Override
    public String unavailableReason() {
        return server().unavailableReason();
    }

    @Override
    public List<Figure> run(double scale) throws Exception {
        boolean smoke = scale < 0.1;
        // Quick mode (0.25): 4 s of warm-up, then per case 0.5 s more and 2 s measured.
        long warmUp = smoke ? 0 : (long) (16 * SECOND * scale);
        long caseWarmUp = smoke ? 0 : (long) (2 * SECOND * scale);
        long measured = smoke ? 5 * SECOND : (long) (8 * SECOND * scale);
        long maxMessages = smoke ? 20 : MAX_MESSAGES; // smoke: 20 round trips (per case) show it works
        int idle = smoke ? 100 : IDLE;
        List<Figure> figures = new ArrayList<>();
        EchoServer server = server();
        if (server == EchoServer.ASYNCIO) {
            Note.print("TCP echo / CPython asyncio: Python " + EchoServer.pythonVersion());
        }
        try (ServerProcess process = ServerProcess.start(server, !smoke)) {
            if (warmUp > 0) {
                for (int size : SIZES) {
                    try (EchoLoad load = new EchoLoad(process.address(), 100, size, 0)) {
                        load.run(warmUp / SIZES.length, MAX_MESSAGES);
                    }
                }
            }
            for (int connections : CONNECTIONS) {
                for (int size : SIZES) {
                    String name = connections + (connections == 1 ? " conn × " : " conns × ") + sizeName(size) + ": ";
                    process.awaitConnections(0, 30_000);
                    try (EchoLoad load = new EchoLoad(process.address(), connections, size, connections * 31L + size)) {
                        if (caseWarmUp > 0) {
                            load.run(caseWarmUp, MAX_MESSAGES);
                        }
                        long cpu0 = process.cpuNanos();
                        EchoLoad.Result r = load.run(measured, maxMessages);
                        long cpu = process.cpuNanos() - cpu0;
                        figures.add(new Figure(name + "messages per second", r.messagesPerSecond(), "msg/s"));
                        figures.add(new Figure(name + "p50 round trip", r.percentile(0.50) / 1e3, "µs"));
                        figures.add(new Figure(name + "p99 round trip", r.percentile(0.99) / 1e3, "µs"));
                        figures.add(new Figure(name + "server CPU per message", cpu / 1e3 / r.messages, "µs"));
                    }
                }
            }
            if (server.measuresHeap()) {
                Figure heap = heapPerIdleConnection(process, idle);
                if (heap != null) {
                    figures.add(heap);
                }
            }
            process.awaitConnections(0, 30_000);
        }
        return figures;
    }

    /** The heap figure, or null (with a note) when the file descriptors would not suffice. */
    private Figure heapPerIdleConnection(ServerProcess process, int n) throws IOException {
        long clientFree = freeFileDescriptors();
        long serverFree = process.freeFileDescriptors();
        long needed = n + 100L;
        if (clientFree >= 0 && clientFree < needed || serverFree >= 0 && serverFree < needed) {
            Note.print("TCP echo / " + contender() + ": heap per idle connection skipped: " + n + " connections need "
                    + needed + " free file descriptors in each process, the client has " + clientFree
                    + " and the server " + serverFree + " (raise `ulimit -n`)");
            return null;
        }
        process.awaitConnections(0, 30_000);
        long before = process.heapUsed();
        long held;
        try (IdleConnections connections = new IdleConnections(process.address(), n)) {
            process.awaitConnections(n, 30_000);
            held = process.heapUsed();
        }
        return new Figure("heap per idle connection", (double) (held - before) / n, "B");
    }

    /** This process's free file descriptors, or -1 when the JDK cannot tell. */
    private static long freeFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            com.sun.management.UnixOperatingSystemMXBean unix = (com.sun.management.UnixOperatingSystemMXBean) os;
            return unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    static String sizeName(int size) {
        return size % 1024 == 0 ? size / 1024 + " KiB" : String.format(Locale.ROOT, "%d B", size);
    }

    /** Weft: {@code Streams.startServer} with an {@code @Async} handler on one {@code Weft.run} loop. */
    public static final class Weft extends EchoProbe {
        @Override
        EchoServer server() {
            return EchoServer.WEFT;
        }
    }

    /** Netty 4.2, NIO transport, one event loop. */
    public static final class Netty extends EchoProbe {
        @Override
        EchoServer server() {
            return EchoServer.NETTY;
        }
    }

    /** Blocking sockets on virtual threads, one carrier. */
    public static final class VirtualThreadsProbe extends EchoProbe {
        @Override
        EchoServer server() {
            return EchoServer.VIRTUAL_THREADS;
        }
    }

    /** The hand-written selector loop. */
    public static final class SelectorLoop extends EchoProbe {
        @Override
        EchoServer server() {
            return EchoServer.SELECTOR_LOOP;
        }
    }

    /** CPython's asyncio streams. */
    public static final class Asyncio extends EchoProbe {
        @Override
        EchoServer server() {
            return EchoServer.ASYNCIO;
        }
    }
}
