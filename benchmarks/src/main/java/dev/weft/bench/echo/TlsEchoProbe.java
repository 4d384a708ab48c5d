package dev.weft.bench.echo;

import dev.weft.bench.Figure;
import dev.weft.bench.Note;
import dev.weft.bench.Probe;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Workload 11, TLS echo on one server thread: the TCP echo workload ({@link EchoProbe}) over TLS.
 * This probe's process makes a self-signed certificate ({@link TlsKeys}), starts the server
 * contender in a process of its own with it, and drives it with {@link TlsEchoLoad}. For 1 and
 * 100 connections and 4 KiB messages, each connection does request/response round trips for a
 * bounded time (after a warm-up), and the probe reports messages per second, the p50 and p99
 * round trip, and the server process's CPU time per message (all its threads, user and system,
 * read by the server itself before and after the timed phase). Handshakes happen before the
 * timing starts. One nested subclass per server contender.
 */
public abstract class TlsEchoProbe implements Probe {
    static final int[] CONNECTIONS = {1, 100};
    static final int SIZE = 4096;
    private static final long SECOND = 1_000_000_000L;
    private static final long MAX_MESSAGES = 50_000_000L;

    abstract TlsEchoServer server();

    @Override
    public String workload() {
        return "tlsEcho";
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
        // Quick mode (0.25): 8 s of warm-up (twice the TCP echo's: the JIT has the TLS stack and its
        // ciphers to compile, and its threads' CPU counts in the server's), then per case 0.5 s more
        // and 3 s measured.
        long warmUp = smoke ? 0 : (long) (32 * SECOND * scale);
        long caseWarmUp = smoke ? 0 : (long) (2 * SECOND * scale);
        long measured = smoke ? 5 * SECOND : (long) (12 * SECOND * scale);
        long maxMessages = smoke ? 20 : MAX_MESSAGES; // smoke: 20 round trips (per case) show it works
        List<Figure> figures = new ArrayList<>();
        TlsEchoServer server = server();
        try (TlsKeys keys = TlsKeys.create();
                ServerProcess process = ServerProcess.start(server.with(keys), !smoke)) {
            SSLContext context = keys.sslContext();
            if (warmUp > 0) {
                try (TlsEchoLoad load = new TlsEchoLoad(process.address(), 100, SIZE, 0, context)) {
                    load.run(warmUp, MAX_MESSAGES);
                }
            }
            for (int connections : CONNECTIONS) {
                String name = connections + (connections == 1 ? " conn × " : " conns × ") + EchoProbe.sizeName(SIZE) + ": ";
                process.awaitConnections(0, 30_000);
                try (TlsEchoLoad load = new TlsEchoLoad(process.address(), connections, SIZE, connections * 31L, context)) {
                    if (connections == CONNECTIONS[0]) {
                        Note.print("TLS echo / " + contender() + ": " + load.session()
                                + (server == TlsEchoServer.ASYNCIO ? ", Python " + EchoServer.pythonVersion() : ""));
                    }
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
            process.awaitConnections(0, 30_000);
        }
        return figures;
    }

    /** Weft: {@code Streams.startServer} with {@code ServerOptions.withTls}, the TCP echo handler. */
    public static final class Weft extends TlsEchoProbe {
        @Override
        TlsEchoServer server() {
            return TlsEchoServer.WEFT;
        }
    }

    /** Netty 4.2, NIO transport, one event loop, {@code SslHandler} over the JDK's engine. */
    public static final class Netty extends TlsEchoProbe {
        @Override
        TlsEchoServer server() {
            return TlsEchoServer.NETTY;
        }
    }

    /** Virtual threads on one carrier, blocking {@code SSLSocket}s (JDK 21+). */
    public static final class VirtualThreadsProbe extends TlsEchoProbe {
        @Override
        TlsEchoServer server() {
            return TlsEchoServer.VIRTUAL_THREADS;
        }
    }

    /** CPython's asyncio streams with {@code ssl=} (OpenSSL). */
    public static final class Asyncio extends TlsEchoProbe {
        @Override
        TlsEchoServer server() {
            return TlsEchoServer.ASYNCIO;
        }
    }
}
