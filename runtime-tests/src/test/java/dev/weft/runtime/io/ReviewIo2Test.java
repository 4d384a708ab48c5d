package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.AsyncTimeoutException;
import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.io.TlsOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Defects a review of the I/O of issue 14 (TLS, subprocesses, datagrams, Unix sockets) found, each shown failing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReviewIo2Test {
    private static final SSLContext SERVER = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    // ---- 1. a read waiting when startTls installs TLS is never served ----------------------------

    /** Reads the STARTTLS command, upgrades, then echoes lines upper-cased. */
    @Async
    static Task<Void> startTlsEcho(StreamReader reader, StreamWriter writer) {
        await(reader.readLine(StandardCharsets.UTF_8));
        await(writer.startTls(TlsOptions.server(SERVER)));
        return TlsTest.echo(reader, writer);
    }

    @Test
    void aReadWaitingAcrossStartTlsGetsThePlaintextAfterTheHandshake() {
        List<String> got = Weft.run(() -> {
            Server s = await(Streams.startServer(ReviewIo2Test::startTlsEcho, "127.0.0.1", 0));
            List<String> out = new ArrayList<>();
            try {
                Connection c = await(Streams.openConnection("localhost", s.port()));
                // a reader task waits for the peer's next line (as a protocol's read loop would) ...
                Task<String> pending = c.reader().readLine(StandardCharsets.UTF_8);
                await(sleep(20));
                // ... while the writer upgrades the connection
                c.writer().write("STARTTLS\n", StandardCharsets.UTF_8);
                await(c.writer().startTls(TlsOptions.client(CLIENT)));
                out.add(c.writer().tlsSession().getProtocol());
                c.writer().write("secret\n", StandardCharsets.UTF_8);
                try {
                    out.add(await(waitFor(pending, Duration.ofSeconds(5))));
                } catch (AsyncTimeoutException e) {
                    out.add("the waiting read was never served");
                }
                c.writer().abort();
            } finally {
                await(s.close());
            }
            return Task.of(out);
        });
        assertEquals(List.of("TLSv1.3", "SECRET"), got);
    }

    // ---- 2. plaintext unwrapped before a TLS error in the same receive is dropped -----------------

    /** A TLS 1.2 JDK peer sends a line, then renegotiates: the line must be read, then the refusal. */
    @Test
    void aLineBeforeATls12RenegotiationIsReadThenTheRefusal() throws Exception {
        SSLContext ctx = TestCertificates.context(TestCertificates.Leaf.LOCALHOST, true, "TLSv1.2");
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            ss.setEnabledProtocols(new String[] {"TLSv1.2"});
            Thread peer = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    OutputStream out = s.getOutputStream();
                    out.write("hello\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    s.startHandshake(); // a HelloRequest
                    out.write("after\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // until the client closes
                    }
                } catch (Exception e) {
                    // the client refuses: expected
                }
            }, "renegotiating-peer");
            peer.setDaemon(true);
            peer.start();
            List<String> got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", ss.getLocalPort(),
                        TlsTest.client(TlsOptions.client(CLIENT))));
                List<String> out = new ArrayList<>();
                out.add(c.writer().tlsSession().getProtocol());
                await(sleep(300)); // "hello" and the HelloRequest both wait in the socket: one receive meets both
                for (int i = 0; i < 2; i++) {
                    try {
                        out.add(await(waitFor(c.reader().readLine(StandardCharsets.UTF_8), Duration.ofSeconds(5))));
                    } catch (AsyncTimeoutException e) {
                        out.add("timed out");
                    } catch (Exception e) {
                        out.add(e.getClass().getSimpleName() + ": " + e.getMessage().contains("renegotiation"));
                    }
                }
                c.writer().abort();
                return Task.of(out);
            });
            peer.join(10_000);
            assertEquals(List.of("TLSv1.2", "hello", "SSLException: true"), got);
        }
    }
}
