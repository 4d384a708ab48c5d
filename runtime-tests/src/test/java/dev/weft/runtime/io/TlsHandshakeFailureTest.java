package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Handshakes that fail, on loopback against a JDK peer ({@link TlsPeer}): the client does not
 * trust the server, the server's certificate has expired or names another host, the server
 * requires a certificate the client lacks, the two sides share no protocol version. A Weft client
 * sees the JDK's exception at the await and its socket is closed; a Weft server runs no handler
 * for the failed connection, closes it, and serves the next client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsHandshakeFailureTest extends TlsTestSupport {

    /** What a Weft client saw, and what the JDK server peer saw. */
    static final class Outcome {
        volatile Throwable weft;
        volatile Throwable peer;

        @Override
        public String toString() {
            return "weft: " + chain(weft) + "\npeer: " + chain(peer);
        }
    }

    /**
     * Connects a Weft client with {@code tls} to {@code host} (a JDK server peer with
     * {@code serverContext} and {@code setup}); returns what each side failed with. Checks that
     * the sockets are closed once both are done.
     */
    private static Outcome clientFails(String host, TlsOptions tls, SSLContext serverContext, TlsPeer.Setup setup)
            throws Exception {
        Outcome out = new Outcome();
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(serverContext, setup, s -> out.peer = TlsPeer.failedHandshake(s));
        try {
            Weft.run(() -> attempt(host, peer, tls, out, before));
        } finally {
            peer.close();
        }
        assertSocketsBackTo(before, "after the failed handshake");
        return out;
    }

    @Async
    private static Task<Void> attempt(String host, TlsPeer peer, TlsOptions tls, Outcome out, int before) {
        try {
            Connection c = await(Streams.openConnection(host, peer.port(), ConnectOptions.defaults().withTls(tls)),
                    IOException.class);
            try {
                await(c.reader().read(1), IOException.class); // TLS 1.3: the server's verdict comes after
            } finally {
                await(c.close());
            }
        } catch (IOException e) {
            out.weft = e;
        }
        await(finished(peer));
        // the peer's sockets are closed now: what the run has left open is its selector
        await(socketsBackTo(before + 1, "once the handshake failed"));
        return Task.done();
    }

    @Test
    void aServerTheDefaultTrustStoreDoesNotKnowIsRefused() throws Exception {
        Outcome o = clientFails("localhost", TlsOptions.client(), SERVER, TlsPeer.Setup.NONE);
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        assertTrue(message(o.weft).startsWith("PKIX path building failed"), o::toString);
        assertTrue(hasCause(o.weft, CertPathBuilderException.class), o::toString);
        assertTrue(o.peer instanceof IOException, o::toString);
    }

    @Test
    void anExpiredServerCertificateIsRefused() throws Exception {
        Outcome o = clientFails("localhost", TlsOptions.client(CLIENT),
                TestCertificates.serverContext(TestCertificates.Leaf.EXPIRED), TlsPeer.Setup.NONE);
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        assertTrue(hasCause(o.weft, CertificateExpiredException.class), o::toString);
        assertTrue(o.peer instanceof IOException, o::toString);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        Outcome o = clientFails("localhost", TlsOptions.client(CLIENT),
                TestCertificates.serverContext(TestCertificates.Leaf.WRONG_HOST), TlsPeer.Setup.NONE);
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        assertEquals("No subject alternative DNS name matching localhost found.", message(o.weft), o::toString);
        assertTrue(o.weft.getCause() instanceof CertificateException, o::toString);
        assertTrue(o.peer instanceof IOException, o::toString);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedWhenConnectingByAddress() throws Exception {
        Outcome o = clientFails("127.0.0.1", TlsOptions.client(CLIENT),
                TestCertificates.serverContext(TestCertificates.Leaf.WRONG_HOST), TlsPeer.Setup.NONE);
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        assertEquals("No subject alternative names matching IP address 127.0.0.1 found", message(o.weft),
                o::toString);
    }

    @Test
    void theServerNameOptionIsTheNameVerified() throws Exception {
        // connecting to 127.0.0.1 with server name wrong.example: the wrong-host certificate is the right one
        AtomicReference<String> seen = new AtomicReference<>();
        TlsPeer peer = TlsPeer.server(TestCertificates.serverContext(TestCertificates.Leaf.WRONG_HOST),
                TlsPeer.Setup.NONE, s -> {
                    String sni = ((javax.net.ssl.ExtendedSSLSession) s.getSession()).getRequestedServerNames()
                            .stream().map(n -> ((javax.net.ssl.SNIHostName) n).getAsciiName())
                            .collect(java.util.stream.Collectors.joining(","));
                    seen.set(TlsPeer.readLine(s) + " over " + s.getSession().getProtocol() + ", SNI " + sni);
                    TlsPeer.send(s, "ok\n");
                });
        try {
            String got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port(), ConnectOptions.defaults()
                        .withTls(TlsOptions.client(CLIENT).withServerName("wrong.example"))));
                c.writer().write(ascii("hello\n"));
                String line = ascii(await(c.reader().readLine()));
                await(c.close());
                return Task.of(line);
            });
            assertEquals("ok\n", got);
        } finally {
            peer.close();
        }
        assertEquals("hello over TLSv1.3, SNI wrong.example", seen.get());
    }

    @Test
    void aServerRequiringAClientCertificateRefusesAClientWithoutOne() throws Exception {
        Outcome o = clientFails("localhost", TlsOptions.client(CLIENT), SERVER, s -> {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setNeedClientAuth(true);
        });
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        // JDK 17 sends bad_certificate, JDK 25 handshake_failure
        assertTrue(message(o.weft).matches("Received fatal alert: (bad_certificate|handshake_failure)"), o::toString);
        assertTrue(o.peer instanceof SSLHandshakeException, o::toString);
        assertEquals("Empty client certificate chain", message(o.peer), o::toString);
    }

    @Test
    void aTls13ServerRequiringAClientCertificateRefusesAClientWithoutOne() throws Exception {
        // TLS 1.3: the client's handshake completes before the server checks its (empty)
        // certificate, so the refusal may come with the first read rather than at the connect
        Outcome o = clientFails("localhost", TlsOptions.client(CLIENT), SERVER, s -> {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.setNeedClientAuth(true);
        });
        assertNotNull(o.weft, o::toString);
        assertTrue(o.weft instanceof javax.net.ssl.SSLException, o::toString);
        // JDK 17 sends bad_certificate, JDK 25 certificate_required
        assertTrue(message(o.weft).matches("Received fatal alert: (bad_certificate|certificate_required)"),
                o::toString);
        assertTrue(o.peer instanceof SSLHandshakeException, o::toString);
        assertEquals("Empty client certificate chain", message(o.peer), o::toString);
    }

    @Test
    void noCommonProtocolVersionIsRefused() throws Exception {
        Outcome o = clientFails("localhost", TlsOptions.client(TlsContexts.withProtocols(CLIENT, "TLSv1.2")),
                SERVER, TlsPeer.protocols("TLSv1.3"));
        assertTrue(o.weft instanceof SSLHandshakeException, o::toString);
        assertEquals("Received fatal alert: protocol_version", message(o.weft), o::toString);
        assertTrue(o.peer instanceof SSLHandshakeException, o::toString);
        assertEquals("The client supported protocol versions [TLSv1.2] are not accepted by server preferences "
                + "[TLSv1.3]", message(o.peer), o::toString);
    }

    // ---- the server side ------------------------------------------------------------------------

    private static final AtomicInteger HANDLED = new AtomicInteger();

    @Async
    private static Task<Void> countAndEcho(StreamReader r, StreamWriter w) {
        HANDLED.incrementAndGet();
        return echoLines(r, w);
    }

    /**
     * A Weft server with {@code serverTls}: a JDK client with {@code badContext} (connecting as
     * {@code badHost}, set up by {@code badSetup}) fails its handshake, then a good client (with
     * the client certificate) has a line echoed. Returns the bad client's failure; checks that
     * the handler ran once, for the good client, and that no socket is left.
     */
    private static Throwable serverRefuses(TlsOptions serverTls, SSLContext badContext, String badHost,
            TlsPeer.Setup badSetup, String goodProtocol) throws Exception {
        HANDLED.set(0);
        AtomicReference<Throwable> bad = new AtomicReference<>();
        List<String> good = new ArrayList<>();
        int before = socketsAndSelectors();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsHandshakeFailureTest::countAndEcho, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(serverTls)));
            await(finished(TlsPeer.client(badContext, badHost, server.port(), badSetup,
                    s -> bad.set(TlsPeer.failedHandshake(s)))));
            good.add("handled after the bad client: " + HANDLED.get());
            await(finished(TlsPeer.client(TestCertificates.clientContextWithCertificate(), "localhost",
                    server.port(), TlsPeer.Setup.NONE, s -> {
                        TlsPeer.send(s, "good\n");
                        good.add(TlsPeer.readLine(s) + " over " + s.getSession().getProtocol());
                    })));
            await(server.close());
            return Task.done();
        });
        assertSocketsBackTo(before, "after the server closed");
        assertEquals(List.of("handled after the bad client: 0", "good over " + goodProtocol), good);
        assertEquals(1, HANDLED.get());
        assertNotNull(bad.get());
        return bad.get();
    }

    private static TlsOptions requiring() {
        return TlsOptions.server(SERVER).withClientAuth(TlsOptions.ClientAuth.REQUIRED);
    }

    @Test
    void aServerTheClientDoesNotTrustRunsNoHandler() throws Exception {
        Throwable bad = serverRefuses(requiring(), TestCertificates.context(TestCertificates.Leaf.CLIENT, false),
                "localhost", TlsPeer.Setup.NONE, "TLSv1.3");
        assertTrue(bad instanceof SSLHandshakeException, () -> chain(bad).toString());
        assertTrue(hasCause(bad, CertPathBuilderException.class), () -> chain(bad).toString());
    }

    @Test
    void aClientExpectingAnotherHostRunsNoHandler() throws Exception {
        Throwable bad = serverRefuses(requiring(), TestCertificates.clientContextWithCertificate(), "wrong.example",
                TlsPeer.Setup.NONE, "TLSv1.3");
        assertTrue(bad instanceof SSLHandshakeException, () -> chain(bad).toString());
        assertEquals("No subject alternative DNS name matching wrong.example found.", message(bad));
    }

    @Test
    void aClientWithoutTheRequiredCertificateRunsNoHandler() throws Exception {
        Throwable bad = serverRefuses(requiring(), CLIENT, "localhost", TlsPeer.Setup.NONE, "TLSv1.3");
        // the server's alert: JDK 17 sends bad_certificate, JDK 25 certificate_required
        assertTrue(bad instanceof javax.net.ssl.SSLException, () -> chain(bad).toString());
        assertTrue(message(bad).matches("Received fatal alert: (bad_certificate|certificate_required)"),
                () -> chain(bad).toString());
    }

    @Test
    void aClientWithAnExpiredCertificateRunsNoHandler() throws Exception {
        Throwable bad = serverRefuses(requiring(), TestCertificates.context(TestCertificates.Leaf.EXPIRED, true),
                "localhost", TlsPeer.Setup.NONE, "TLSv1.3");
        // the server's alert: JDK 17 sends certificate_unknown, JDK 25 too (its own client says certificate_expired)
        assertTrue(bad instanceof javax.net.ssl.SSLException, () -> chain(bad).toString());
        assertTrue(message(bad).matches("Received fatal alert: certificate_(unknown|expired)"),
                () -> chain(bad).toString());
    }

    /**
     * A peer still sending after the server refused its handshake reads the refusal: the server
     * shuts its output after the alert and drops what comes until the peer closes. Before, it closed
     * at once: the peer's bytes were answered with a reset, and its next write failed ("Broken pipe")
     * before it could read why (as a JDK client with a refused certificate sometimes did).
     */
    @Test
    void aPeerStillSendingAfterTheRefusalReadsTheAlertThenTheEnd() throws Exception {
        HANDLED.set(0);
        int before = socketsAndSelectors();
        List<String> seen = new ArrayList<>();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsHandshakeFailureTest::countAndEcho, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(TlsOptions.server(SERVER))));
            // a platform thread: blocking sockets on a virtual one open the JDK's pollers, which stay
            java.util.concurrent.CompletableFuture<Void> peer = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    rawPeerSendingOn(server.port(), seen);
                    peer.complete(null);
                } catch (Throwable e) {
                    peer.completeExceptionally(e);
                }
            }, "raw-peer");
            t.start();
            await(peer);
            await(server.close());
            return Task.done();
        });
        assertEquals(List.of("an alert", "wrote after the refusal", "the end"), seen);
        assertEquals(0, HANDLED.get());
        assertSocketsBackTo(before, "after the server closed");
    }

    /** Sends a handshake the server refuses, reads the alert's first byte, writes twice more, reads to the end. */
    private static void rawPeerSendingOn(int port, List<String> seen) throws IOException, InterruptedException {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            java.io.OutputStream out = s.getOutputStream();
            java.io.InputStream in = s.getInputStream();
            // a handshake record holding a ClientHello one byte long
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
            out.flush();
            int type = in.read();
            seen.add(type == 0x15 ? "an alert" : "a record of type " + type);
            Thread.sleep(100); // the server is done with the handshake
            out.write(new byte[512]); // the rest of a flight: a socket closed already answers with a reset
            Thread.sleep(100); // the reset, if any, has come
            out.write(new byte[512]);
            seen.add("wrote after the refusal");
            byte[] rest = new byte[64];
            while (in.read(rest) >= 0) {
                // the rest of the alert
            }
            seen.add("the end");
        }
    }

    @Test
    void aClientWithNoCommonProtocolVersionRunsNoHandler() throws Exception {
        Throwable bad = serverRefuses(
                TlsOptions.server(TlsContexts.withProtocols(SERVER, "TLSv1.3"))
                        .withClientAuth(TlsOptions.ClientAuth.REQUIRED),
                TestCertificates.clientContextWithCertificate(), "localhost", TlsPeer.protocols("TLSv1.2"),
                "TLSv1.3");
        assertTrue(bad instanceof SSLHandshakeException, () -> chain(bad).toString());
        assertEquals("Received fatal alert: protocol_version", message(bad));
    }
}
