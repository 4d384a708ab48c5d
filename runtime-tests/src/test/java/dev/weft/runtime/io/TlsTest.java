package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS on the loop, both ends Weft, with the certificates {@link TestCertificates} makes. */
@Timeout(120)
class TlsTest {
    private static final SSLContext SERVER = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    /**
     * One TLS echo before the tests: what the JVM opens once, at its first sockets and handshake
     * (JDK 25 keeps a socket), must not count against a test's descriptor check. Not in a static
     * initializer: other tests use this class's helpers inside a loop, where a class initialized
     * there could not run a loop of its own.
     */
    @BeforeAll
    static void openWhatTheJvmKeeps() {
        Weft.run(() -> echoOverTls("localhost", TlsOptions.client(CLIENT)));
    }

    static ConnectOptions client(TlsOptions tls) {
        return ConnectOptions.defaults().withTls(tls);
    }

    static ServerOptions server(TlsOptions tls) {
        return ServerOptions.defaults().withTls(tls);
    }

    @Async
    static Task<Void> echo(StreamReader reader, StreamWriter writer) {
        String line;
        while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
            writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
            await(writer.drain());
        }
        return Task.done();
    }

    // ---- echo, session, ALPN -------------------------------------------------------------------

    @Async
    static Task<List<String>> echoOverTls(String host, TlsOptions clientTls) {
        Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
        List<String> got = new ArrayList<>();
        try {
            Connection c = await(Streams.openConnection(host, s.port(), client(clientTls)));
            SSLSession session = c.writer().tlsSession();
            got.add(session.getProtocol());
            got.add(String.valueOf(c.writer().applicationProtocol()));
            for (int i = 0; i < 3; i++) {
                c.writer().write("line " + i + "\n", StandardCharsets.UTF_8);
                got.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            }
            c.writer().close();
            await(c.writer().waitClosed());
        } finally {
            await(s.close());
        }
        return Task.of(got);
    }

    @Test
    void linesEchoOverTlsBetweenWeftClientAndServer() {
        StreamFds.assumeAvailable();
        int before = StreamFds.count();
        List<String> got = Weft.run(() -> echoOverTls("localhost", TlsOptions.client(CLIENT)));
        assertEquals(List.of("TLSv1.3", "null", "LINE 0", "LINE 1", "LINE 2"), got);
        StreamFds.assertBackTo(before, "after the TLS echo");
    }

    @Test
    void anIpLiteralIsVerifiedAgainstTheCertificatesIpAddress() {
        List<String> got = Weft.run(() -> echoOverTls("127.0.0.1", TlsOptions.client(CLIENT)));
        assertEquals("LINE 2", got.get(4));
    }

    @Async
    static Task<List<String>> alpn(String[] serverProtocols, String[] clientProtocols) {
        Server s = await(Streams.startServer((r, w) -> {
            w.write(String.valueOf(w.applicationProtocol()) + "\n", StandardCharsets.UTF_8);
            return w.drain();
        }, "127.0.0.1", 0, server(TlsOptions.server(SERVER).withApplicationProtocols(serverProtocols))));
        try {
            Connection c = await(Streams.openConnection("localhost", s.port(),
                    client(TlsOptions.client(CLIENT).withApplicationProtocols(clientProtocols))));
            String server = await(c.reader().readLine(StandardCharsets.UTF_8));
            String client = c.writer().applicationProtocol();
            await(c.close());
            return Task.of(List.of(client, server));
        } finally {
            await(s.close());
        }
    }

    @Test
    void alpnAgreesOnTheServersFirstChoiceTheClientOffers() {
        assertEquals(List.of("h2", "h2"),
                Weft.run(() -> alpn(new String[] {"h2", "http/1.1"}, new String[] {"http/1.1", "h2"})));
        assertEquals(List.of("http/1.1", "http/1.1"),
                Weft.run(() -> alpn(new String[] {"h2", "http/1.1"}, new String[] {"http/1.1"})));
    }

    @Test
    void plainConnectionsHaveNoSession() {
        List<Object> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0));
            Connection c = await(Streams.openConnection("127.0.0.1", s.port()));
            List<Object> out = new ArrayList<>();
            out.add(c.writer().tlsSession());
            out.add(c.writer().applicationProtocol());
            out.add(c.writer().canWriteEof());
            await(c.close());
            await(s.close());
            return Task.of(out);
        });
        assertEquals(java.util.Arrays.asList(null, null, true), got);
    }

    // ---- certificate checks ----------------------------------------------------------------------

    @Async
    static Task<Throwable> connectFailure(String host, TestCertificates.Leaf leaf, TlsOptions clientTls) {
        AtomicInteger handled = new AtomicInteger();
        Server s = await(Streams.startServer((r, w) -> {
            handled.incrementAndGet();
            return Task.done();
        }, "127.0.0.1", 0, server(TlsOptions.server(TestCertificates.serverContext(leaf)))));
        Throwable failure = null;
        try {
            Connection c = await(Streams.openConnection(host, s.port(), client(clientTls)));
            await(c.close());
        } catch (Exception e) {
            failure = e;
        }
        await(sleep(50)); // the server's side of the failed handshake ends
        await(s.close());
        assertEquals(0, handled.get(), "a handler ran for a failed handshake");
        return Task.of(failure);
    }

    @Test
    void theDefaultClientRejectsTheSelfMadeCertificate() {
        Throwable e = Weft.run(() -> connectFailure("localhost", TestCertificates.Leaf.LOCALHOST, TlsOptions.client()));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
        assertTrue(e.getCause() != null, "the cause is kept");
    }

    @Test
    void aCertificateForAnotherHostIsRejectedUnlessVerificationIsSkipped() {
        Throwable e = Weft.run(() -> connectFailure("localhost", TestCertificates.Leaf.WRONG_HOST,
                TlsOptions.client(CLIENT)));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("No subject alternative DNS name matching localhost found"), e.getMessage());
        assertInstanceOf(java.security.cert.CertificateException.class, e.getCause());

        Throwable ip = Weft.run(() -> connectFailure("127.0.0.1", TestCertificates.Leaf.WRONG_HOST,
                TlsOptions.client(CLIENT)));
        assertTrue(ip.getMessage().contains("No subject alternative names matching IP address 127.0.0.1 found"),
                ip.getMessage());

        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0,
                    server(TlsOptions.server(TestCertificates.serverContext(TestCertificates.Leaf.WRONG_HOST)))));
            Connection c = await(Streams.openConnection("localhost", s.port(),
                    client(TlsOptions.client(CLIENT).withInsecureSkipHostnameVerification())));
            c.writer().write("insecure\n", StandardCharsets.UTF_8);
            String line = await(c.reader().readLine(StandardCharsets.UTF_8));
            await(c.close());
            await(s.close());
            return Task.of(List.of(line));
        });
        assertEquals(List.of("INSECURE"), got);
    }

    @Test
    void aServerNameOptionIsWhatIsVerified() {
        Throwable e = Weft.run(() -> connectFailure("localhost", TestCertificates.Leaf.LOCALHOST,
                TlsOptions.client(CLIENT).withServerName("other.example")));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("other.example"), e.getMessage());
    }

    @Async
    static Task<List<String>> clientAuth(SSLContext clientContext) {
        List<String> out = new ArrayList<>();
        Server s = await(Streams.startServer((r, w) -> {
            out.add("served " + w.tlsSession().getPeerPrincipal().getName());
            w.write("hi\n", StandardCharsets.UTF_8);
            return w.drain();
        }, "127.0.0.1", 0, server(TlsOptions.server(SERVER).withClientAuth(TlsOptions.ClientAuth.REQUIRED))));
        try {
            // TLS 1.3: the client's handshake may end before the server checked its certificate, so
            // a refusal may come at the first read instead
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(clientContext))));
            try {
                out.add("read " + await(c.reader().readLine(StandardCharsets.UTF_8)));
            } finally {
                c.writer().abort();
            }
        } catch (Exception e) {
            out.add(e instanceof javax.net.ssl.SSLException ? "refused" : e.toString());
        }
        await(s.close());
        return Task.of(out);
    }

    @Test
    void aServerRequiringClientCertificatesServesOnlyClientsWithOne() {
        assertEquals(List.of("served CN=weft-test-client", "read hi"),
                Weft.run(() -> clientAuth(TestCertificates.clientContextWithCertificate())));
        assertEquals(List.of("refused"), Weft.run(() -> clientAuth(CLIENT)));
    }

    /** A client context whose certificate check takes {@code millis} and notes the thread it ran on. */
    static SSLContext slowTrust(long millis, List<String> threads) throws Exception {
        javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        f.init(TestCertificates.trustStore());
        javax.net.ssl.X509TrustManager ca = (javax.net.ssl.X509TrustManager) f.getTrustManagers()[0];
        javax.net.ssl.X509TrustManager slow = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                ca.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                threads.add(Thread.currentThread().getName());
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    throw new java.security.cert.CertificateException(e);
                }
                ca.checkServerTrusted(chain, authType);
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return ca.getAcceptedIssuers();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {slow}, null);
        return context;
    }

    @Test
    void aSlowCertificateCheckRunsOffTheLoopAndOthersGoOnMeanwhile() throws Exception {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        SSLContext slow = slowTrust(1000, threads);
        String loopThread = Thread.currentThread().getName(); // Weft.run runs its loop on the calling thread
        List<Integer> got = Weft.run(() -> {
            Server tls = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Server plain = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0));
            // the default checker verifies the host name itself: the slow manager is a plain X509TrustManager
            Task<Connection> handshake = createTask(() -> Streams.openConnection("localhost", tls.port(),
                    client(TlsOptions.client(slow))));
            Connection other = await(Streams.openConnection("127.0.0.1", plain.port()));
            int roundTrips = 0;
            while (!handshake.isDone()) {
                other.writer().write("x\n", StandardCharsets.UTF_8);
                await(other.reader().readLine(StandardCharsets.UTF_8));
                roundTrips++;
                await(sleep(10));
            }
            Connection c = await(handshake);
            c.writer().write("done\n", StandardCharsets.UTF_8);
            String line = await(c.reader().readLine(StandardCharsets.UTF_8));
            await(c.close());
            await(other.close());
            await(tls.close());
            await(plain.close());
            return Task.of(List.of(roundTrips, "DONE".equals(line) ? 1 : 0));
        });
        assertEquals(1, threads.size(), threads::toString);
        assertFalse(threads.get(0).equals(loopThread), "the certificate check ran on the loop's thread " + threads);
        assertTrue(got.get(0) >= 20, "only " + got.get(0) + " round trips on the other connection during a 1 s handshake");
        assertEquals(1, got.get(1));
    }

    @Test
    void optionsOfTheWrongSideAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConnectOptions.defaults().withTls(TlsOptions.server(SERVER)));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withTls(TlsOptions.client()));
        assertThrows(IllegalStateException.class, () -> TlsOptions.server(SERVER).withServerName("x"));
        assertThrows(IllegalStateException.class, () -> TlsOptions.client().withClientAuth(TlsOptions.ClientAuth.REQUIRED));
        assertThrows(IllegalArgumentException.class, () -> TlsOptions.client().withHandshakeTimeout(Duration.ZERO));
        assertEquals(Duration.ofSeconds(60), TlsOptions.client().handshakeTimeout());
        assertEquals(Duration.ofSeconds(30), TlsOptions.client().shutdownTimeout());
        assertTrue(TlsOptions.client().isHostnameVerified());
        assertFalse(TlsOptions.client().withInsecureSkipHostnameVerification().isHostnameVerified());
    }

    // ---- startTls ----------------------------------------------------------------------------

    /** A STARTTLS-style server: plaintext lines until "STARTTLS", then TLS on the same reader and writer. */
    @Async
    static Task<Void> startTlsServer(StreamReader reader, StreamWriter writer) {
        String hello = await(reader.readLine(StandardCharsets.UTF_8));
        writer.write("plain " + hello + "\n", StandardCharsets.UTF_8);
        String command = await(reader.readLine(StandardCharsets.UTF_8));
        if (!"STARTTLS".equals(command)) {
            writer.write("bad " + command + "\n", StandardCharsets.UTF_8);
            return Task.done();
        }
        await(sleep(100)); // the client's handshake, sent right after the command, waits in the reader's buffer
        await(writer.startTls(TlsOptions.server(SERVER)));
        return echo(reader, writer);
    }

    @Test
    void startTlsUpgradesAPlainConnectionKeepingBytesSentRightAfterTheCommand() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::startTlsServer, "127.0.0.1", 0));
            Connection c = await(Streams.openConnection("localhost", s.port()));
            List<String> out = new ArrayList<>();
            c.writer().write("hello\n", StandardCharsets.UTF_8);
            out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            c.writer().write("STARTTLS\n", StandardCharsets.UTF_8);
            // no reply awaited: the ClientHello follows the command at once
            await(c.writer().startTls(TlsOptions.client(CLIENT)));
            out.add(c.writer().tlsSession().getProtocol());
            c.writer().write("secret\n", StandardCharsets.UTF_8);
            out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            c.writer().writeEof();
            out.add(String.valueOf(await(c.reader().readLine(StandardCharsets.UTF_8))));
            await(c.close());
            await(s.close());
            return Task.of(out);
        });
        assertEquals(List.of("plain hello", "TLSv1.3", "SECRET", "null"), got);
    }

    /** Upgrades at once and greets: on TLS 1.2 its greeting follows its Finished, often in the same read. */
    @Async
    static Task<Void> greetAfterUpgrade(StreamReader reader, StreamWriter writer) {
        await(reader.readLine(StandardCharsets.UTF_8));
        await(writer.startTls(TlsOptions.server(SERVER)));
        writer.write("hello\n", StandardCharsets.UTF_8);
        return echo(reader, writer);
    }

    @Test
    void aReadWaitingAcrossTheUpgradeGetsBytesThatCameWithTheHandshake() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::greetAfterUpgrade, "127.0.0.1", 0));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Connection c = await(Streams.openConnection("localhost", s.port()));
                c.writer().write("STARTTLS\n", StandardCharsets.UTF_8);
                Task<Void> upgrade = c.writer().startTls(TlsOptions.client(TestCertificates.context(null, true, "TLSv1.2")));
                Task<String> greeting = createTask(() -> c.reader().readLine(StandardCharsets.UTF_8)); // waits meanwhile
                await(upgrade);
                out.add(await(dev.weft.Weft.waitFor(greeting, Duration.ofSeconds(10))));
                await(c.close());
            }
            await(s.close());
            return Task.of(out);
        });
        assertEquals(List.of("hello", "hello", "hello", "hello", "hello"), got);
    }

    @Test
    void aCloseWhileStartTlsWaitsForTheBufferFailsTheUpgrade() {
        String got = Weft.run(() -> {
            Server sink = await(Streams.startServer((r, w) -> r.read(-1), "127.0.0.1", 0));
            Connection c = await(Streams.openConnection("localhost", sink.port()));
            c.writer().write(new byte[8 * 1024 * 1024]); // more than the socket takes at once
            Task<Void> upgrade = c.writer().startTls(TlsOptions.client(CLIENT));
            c.writer().close(); // the buffer is still sent, then the connection closes: no handshake
            String outcome;
            try {
                await(upgrade);
                outcome = "upgraded";
            } catch (Exception e) {
                outcome = e instanceof java.nio.channels.AsynchronousCloseException ? "closed" : e.toString();
            }
            await(c.writer().waitClosed());
            await(sink.close());
            return Task.of(outcome);
        });
        assertEquals("closed", got);
    }

    @Test
    void startTlsTwiceIsRefused() {
        String got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            String message;
            try {
                c.writer().startTls(TlsOptions.client(CLIENT));
                message = "no exception";
            } catch (IllegalStateException e) {
                message = e.getMessage();
            }
            await(c.close());
            await(s.close());
            return Task.of(message);
        });
        assertTrue(got.startsWith("the connection is TLS already"), got);
    }

    // ---- bulk, end of stream ---------------------------------------------------------------------

    static final int BULK = 4 * 1024 * 1024;

    static byte[] pattern(int seed, int offset, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((offset + i) * 31 + seed);
        }
        return b;
    }

    @Async
    static Task<Long> sendBulk(StreamWriter writer, int seed) {
        CRC32 crc = new CRC32();
        for (int off = 0; off < BULK; off += 32 * 1024) {
            byte[] chunk = pattern(seed, off, 32 * 1024);
            crc.update(chunk);
            writer.write(chunk);
            await(writer.drain());
        }
        return Task.of(crc.getValue());
    }

    @Async
    static Task<Long> receiveBulk(StreamReader reader) {
        CRC32 crc = new CRC32();
        int got = 0;
        while (got < BULK) {
            byte[] b = await(reader.read(BULK - got));
            if (b.length == 0) {
                throw new IllegalStateException("the stream ended after " + got + " bytes");
            }
            crc.update(b);
            got += b.length;
        }
        return Task.of(crc.getValue());
    }

    @Async
    static Task<List<Long>> bothWays(StreamReader reader, StreamWriter writer, int seed) {
        Task<Long> sent = createTask(() -> sendBulk(writer, seed));
        Task<Long> received = createTask(() -> receiveBulk(reader));
        return Task.of(List.of(await(sent), await(received)));
    }

    @Test
    void fourMibEachWayAtOnceThroughDrain() {
        List<List<Long>> got = Weft.run(() -> {
            List<List<Long>> served = new ArrayList<>();
            Server s = await(Streams.startServer((r, w) -> {
                return createTask(() -> {
                    served.add(await(bothWays(r, w, 2)));
                    return Task.done();
                });
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            List<Long> mine = await(bothWays(c.reader(), c.writer(), 1));
            await(c.close());
            await(s.close());
            return Task.of(List.of(mine, served.get(0)));
        });
        // what each side sent is what the other received
        assertEquals(got.get(0).get(0), got.get(1).get(1));
        assertEquals(got.get(1).get(0), got.get(0).get(1));
    }

    @Test
    void aCloseNotifyReadsAsTheEndOfTheStream() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                w.write("bye\n", StandardCharsets.UTF_8);
                return Task.done(); // the handler's end closes the connection: close_notify
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            List<String> out = new ArrayList<>();
            out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            out.add(String.valueOf(await(c.reader().read(100)).length));
            out.add(String.valueOf(c.reader().isAtEof()));
            await(c.close());
            await(s.close());
            return Task.of(out);
        });
        assertEquals(List.of("bye", "0", "true"), got);
    }

    @Test
    void writeEofOnTls13SendsCloseNotifyAndKeepsReading() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                return createTask(() -> {
                    byte[] all = await(r.read(-1)); // until the client's close_notify
                    w.write("got " + all.length + "\n", StandardCharsets.UTF_8);
                    await(w.drain());
                    return Task.done();
                });
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            List<String> out = new ArrayList<>();
            out.add(String.valueOf(c.writer().canWriteEof()));
            c.writer().write(new byte[1000]);
            c.writer().writeEof();
            out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            out.add(String.valueOf(await(c.reader().readLine(StandardCharsets.UTF_8))));
            await(c.close());
            await(s.close());
            return Task.of(out);
        });
        assertEquals(List.of("true", "got 1000", "null"), got);
    }

    @Test
    void tls12EchoesButCannotWriteEof() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(),
                    client(TlsOptions.client(TestCertificates.context(null, true, "TLSv1.2")))));
            List<String> out = new ArrayList<>();
            out.add(c.writer().tlsSession().getProtocol());
            out.add(String.valueOf(c.writer().canWriteEof()));
            try {
                c.writer().writeEof();
                out.add("no exception");
            } catch (UnsupportedOperationException e) {
                out.add(e.getMessage());
            }
            c.writer().write("twelve\n", StandardCharsets.UTF_8);
            out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            await(c.close());
            await(s.close());
            return Task.of(out);
        });
        assertEquals(List.of("TLSv1.2", "false", "writeEof() is not supported on this connection (canWriteEof() is false):"
                + " TLS 1.2's close_notify ends both directions; close() instead", "TWELVE"), got);
    }

    // ---- timeouts ----------------------------------------------------------------------------

    @Test
    void aClientHandshakeTimesOutAgainstAPeerThatSaysNothing() {
        StreamFds.assumeAvailable();
        int before = StreamFds.count();
        Throwable e = Weft.run(() -> {
            Server silent = await(Streams.startServer((r, w) -> r.read(-1), "127.0.0.1", 0)); // plain: never answers
            Throwable failure = null;
            try {
                await(Streams.openConnection("localhost", silent.port(),
                        client(TlsOptions.client(CLIENT).withHandshakeTimeout(Duration.ofMillis(200)))));
            } catch (Exception x) {
                failure = x;
            }
            await(silent.close());
            return Task.of(failure);
        });
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("did not finish within 200 ms"), e.getMessage());
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        StreamFds.assertBackTo(before, "after the handshake timeout");
    }

    @Test
    void aServerClosesAConnectionWhoseHandshakeTimesOutAndRunsNoHandler() {
        List<String> got = Weft.run(() -> {
            AtomicInteger handled = new AtomicInteger();
            Server s = await(Streams.startServer((r, w) -> {
                handled.incrementAndGet();
                return Task.done();
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER).withHandshakeTimeout(Duration.ofMillis(200)))));
            Connection c = await(Streams.openConnection("127.0.0.1", s.port())); // plain: sends nothing
            byte[] end = await(c.reader().read(-1)); // a TLS alert record at most, then the end
            await(c.close());
            await(s.close());
            return Task.of(List.of(String.valueOf(end.length <= 7), String.valueOf(handled.get())));
        });
        assertEquals(List.of("true", "0"), got);
    }

    @Test
    void aPlainClientTalkingToATlsServerFailsItsHandshakeQuietly() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("127.0.0.1", s.port()));
            c.writer().write("GET / HTTP/1.0\r\n\r\n", StandardCharsets.US_ASCII);
            byte[] answer = await(c.reader().read(-1)); // an alert at most, then the end
            await(c.close());
            await(s.close());
            return Task.of(List.of(String.valueOf(answer.length < 100)));
        });
        assertEquals(List.of("true"), got);
    }

    @Test
    void cancellingOpenConnectionDuringTheHandshakeClosesTheSocket() {
        StreamFds.assumeAvailable();
        int before = StreamFds.count();
        String got = Weft.run(() -> {
            Server silent = await(Streams.startServer((r, w) -> r.read(-1), "127.0.0.1", 0));
            Task<Connection> t = createTask(() -> Streams.openConnection("localhost", silent.port(),
                    client(TlsOptions.client(CLIENT))));
            await(sleep(100));
            t.cancel();
            await(sleep(10));
            await(silent.close());
            return Task.of(String.valueOf(t.isCancelled()));
        });
        assertEquals("true", got);
        StreamFds.assertBackTo(before, "after the cancelled handshake");
    }

    @Test
    void smallReadsTakeARecordInPiecesWithoutTheSocketBeingReadable() {
        // read(1000) leaves most of each 16 KiB record unwrapped-but-unread in the layer: the
        // reads that follow must get it although the socket has nothing new
        byte[] got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                w.write(pattern(7, 0, 50_000));
                return createTask(() -> {
                    await(w.drain());
                    await(r.read(1)); // until the client closes
                    return Task.done();
                });
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (all.size() < 50_000) {
                byte[] b = await(c.reader().read(1000));
                all.write(b, 0, b.length);
                if (all.size() % 7000 == 0) {
                    await(sleep(1)); // some reads start in a later turn
                }
            }
            await(c.close());
            await(s.close());
            return Task.of(all.toByteArray());
        });
        assertArrayEquals(pattern(7, 0, 50_000), got);
    }

    @Test
    void closeWaitsForThePeersCloseNotifyUpToTheShutdownTimeout() {
        long[] got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> sleep(10_000), // never reads: never answers
                    "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(),
                    client(TlsOptions.client(CLIENT).withShutdownTimeout(Duration.ofMillis(300)))));
            long start = System.nanoTime();
            await(c.close());
            long waited = (System.nanoTime() - start) / 1_000_000;
            await(s.closeNow());
            return Task.of(new long[] {waited});
        });
        assertTrue(got[0] >= 250 && got[0] < 5000, "close took " + got[0] + " ms");
    }

    @Test
    void closeNowDuringServerHandshakesClosesThemAndEnds() {
        StreamFds.assumeAvailable();
        int before = StreamFds.count();
        List<String> got = Weft.run(() -> {
            AtomicInteger handled = new AtomicInteger();
            Server s = await(Streams.startServer((r, w) -> {
                handled.incrementAndGet();
                return Task.done();
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            List<Connection> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                silent.add(await(Streams.openConnection("127.0.0.1", s.port()))); // plain: no ClientHello
            }
            await(sleep(50));
            await(s.closeNow());
            List<String> out = new ArrayList<>();
            for (Connection c : silent) {
                out.add(String.valueOf(await(c.reader().read(-1)).length)); // closed, nothing sent
                await(c.close());
            }
            out.add("handled " + handled.get());
            return Task.of(out);
        });
        assertEquals(List.of("0", "0", "0", "handled 0"), got);
        StreamFds.assertBackTo(before, "after closeNow during handshakes");
    }

    @Test
    void cancellingStartTlsAbortsTheConnection() {
        List<String> got = Weft.run(() -> {
            Server silent = await(Streams.startServer((r, w) -> r.read(-1), "127.0.0.1", 0));
            Connection c = await(Streams.openConnection("localhost", silent.port()));
            Task<Void> upgrade = c.writer().startTls(TlsOptions.client(CLIENT));
            await(sleep(50));
            upgrade.cancel();
            await(sleep(10));
            List<String> out = List.of(String.valueOf(upgrade.isCancelled()), String.valueOf(c.writer().isClosing()));
            await(silent.close());
            return Task.of(out);
        });
        assertEquals(List.of("true", "true"), got);
    }

    @Test
    void tlsServesUnderRunParallelWithHandshakesOnEachLoop() {
        List<String> got = Weft.runParallel(() -> {
            Server s = await(Streams.startServer(TlsTest::echo, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
                c.writer().write("loop " + i + "\n", StandardCharsets.UTF_8);
                out.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
                await(c.close());
            }
            await(s.close());
            return Task.of(out);
        }, dev.weft.ParallelOptions.defaults().withLoops(3));
        assertEquals(List.of("LOOP 0", "LOOP 1", "LOOP 2", "LOOP 3", "LOOP 4", "LOOP 5"), got);
    }

    @Test
    void readExactlySpansManyRecords() {
        byte[] got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                w.write(pattern(5, 0, 100_000));
                return w.drain();
            }, "127.0.0.1", 0, server(TlsOptions.server(SERVER))));
            Connection c = await(Streams.openConnection("localhost", s.port(), client(TlsOptions.client(CLIENT))));
            byte[] all = await(c.reader().readExactly(100_000));
            await(c.close());
            await(s.close());
            return Task.of(all);
        });
        assertArrayEquals(pattern(5, 0, 100_000), got);
    }
}
