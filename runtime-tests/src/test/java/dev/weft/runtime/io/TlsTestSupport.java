package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.io.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * What the TLS scenario test classes share: the test certificates' contexts, the exception-chain
 * checks, and the no-leak check: once a class's tests ran, the process has no more sockets and
 * selectors open than before them. The baseline is taken after a warm-up (a JDK handshake and a
 * Weft one), so that what the JVM opens once and keeps is counted in it.
 */
abstract class TlsTestSupport {
    static final SSLContext SERVER = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    static final SSLContext CLIENT = TestCertificates.clientContext();

    private static int baseline = -1;

    /** Making the test certificates runs keytool a dozen times: on a loaded machine, longer than the default 30 s. */
    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void takeBaseline() throws Exception {
        if (!StreamFds.available()) {
            return;
        }
        try (TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.Setup.NONE, s -> TlsPeer.send(s, "x"))) {
            Weft.run(() -> warmUp(peer.port()));
        }
        baseline = socketsAndSelectors();
    }

    @AfterAll
    static void noSocketLeft() throws InterruptedException {
        if (baseline >= 0) {
            assertSocketsBackTo(baseline, "after the class's tests");
        }
    }

    @Async
    private static Task<Void> warmUp(int peerPort) {
        Connection c = await(Streams.openConnection("localhost", peerPort, tls(CLIENT)));
        await(c.reader().read(-1));
        await(c.close());
        Server server = await(Streams.startServer(TlsTestSupport::echoLines, "127.0.0.1", 0,
                ServerOptions.defaults().withTls(TlsOptions.server(SERVER))));
        TlsPeer client = TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.Setup.NONE, s -> {
            TlsPeer.send(s, "warm\n");
            TlsPeer.readLine(s);
        });
        await(finished(client));
        await(server.close());
        return Task.done();
    }

    /**
     * Waits on the loop (10 s at most) for the peer's script to end, then closes the peer
     * (rethrowing what its script threw): a peer talking to a Weft side on this loop cannot be
     * joined with the loop blocked.
     */
    @Async
    static Task<Void> finished(TlsPeer peer) {
        for (int i = 0; i < 1000 && !peer.isDone(); i++) {
            await(sleep(10));
        }
        try {
            peer.close();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the TLS peer failed", e);
        }
        return Task.done();
    }

    /** A handler echoing lines until the end of the stream. */
    @Async
    static Task<Void> echoLines(StreamReader r, StreamWriter w) {
        byte[] line;
        while ((line = await(r.readLine())).length > 0) {
            w.write(line);
            await(w.drain());
        }
        return Task.done();
    }

    /** Client options connecting with TLS through {@code context}. */
    static ConnectOptions tls(SSLContext context) {
        return ConnectOptions.defaults().withTls(TlsOptions.client(context));
    }

    /** Server options serving TLS through {@code context}. */
    static ServerOptions tlsServer(SSLContext context) {
        return ServerOptions.defaults().withTls(TlsOptions.server(context));
    }

    /** The sockets and selectors (epoll instances) this process has open. */
    static int socketsAndSelectors() {
        Map<String, Integer> kinds = LoopProbe.fdKinds();
        return kinds.getOrDefault("socket", 0) + kinds.getOrDefault("anon_inode:[eventpoll]", 0);
    }

    /** Waits (2 s at most) for no more than {@code count} sockets and selectors open; fails otherwise. */
    static void assertSocketsBackTo(int count, String when) throws InterruptedException {
        int now = socketsAndSelectors();
        for (int i = 0; i < 200 && now > count; i++) {
            Thread.sleep(10);
            now = socketsAndSelectors();
        }
        if (now > count) {
            fail(when + ": " + now + " sockets and selectors open, " + count + " before: " + LoopProbe.fdKinds());
        }
    }

    /** As {@link #assertSocketsBackTo}, waiting on the loop (which may have to run for them to close). */
    @Async
    static Task<Void> socketsBackTo(int count, String when) {
        int now = socketsAndSelectors();
        for (int i = 0; i < 200 && now > count; i++) {
            await(sleep(10));
            now = socketsAndSelectors();
        }
        if (now > count) {
            fail(when + ": " + now + " sockets and selectors open, " + count + " before: " + LoopProbe.fdKinds());
        }
        return Task.done();
    }

    /** The exception and its causes, each as "class: message". */
    static List<String> chain(Throwable e) {
        List<String> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 10; t = t.getCause()) {
            out.add(t.getClass().getName() + ": " + t.getMessage());
        }
        return out;
    }

    /**
     * The exception's message without the "(alert) " JDK 21+ puts before it (JDK 17:
     * "Received fatal alert: protocol_version"; JDK 25: "(protocol_version) Received fatal alert:
     * protocol_version").
     */
    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? null : m.replaceFirst("^\\([a-z_]+\\) ", "");
    }

    /** Whether some exception of the chain is a {@code type}. */
    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
