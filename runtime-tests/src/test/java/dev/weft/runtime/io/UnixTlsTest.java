package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.io.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS over Unix domain sockets: a Unix server with {@code ServerOptions.withTls}, a client with
 * {@code ConnectOptions.withTls} (the name to verify given, as asyncio's {@code server_hostname}),
 * and a plain Unix connection upgraded by {@code startTls}.
 */
@Timeout(120)
class UnixTlsTest {
    // Made when the class loads, outside a test's timeout (keytool is slow on a busy machine).
    private static final SSLContext SERVER = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    @TempDir
    Path dir;

    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());

    @Test
    void tlsOverAUnixSocket() {
        Path path = dir.resolve("tls.sock");
        List<String> got = Weft.run(() -> {
            Server server = await(Streams.startUnixServer(UnixSocketTest::upperCase, path,
                    ServerOptions.defaults().withTls(TlsOptions.server(SERVER))));
            List<String> seen = new ArrayList<>();
            TlsOptions unnamed = TlsOptions.client(CLIENT);
            try {
                Streams.openUnixConnection(path, ConnectOptions.defaults().withTls(unnamed));
            } catch (IllegalArgumentException e) {
                seen.add(e.getMessage());
            }
            // The name verified is the one given: a socket file has no host name.
            TlsOptions client = unnamed.withServerName("localhost");
            Connection c = await(Streams.openUnixConnection(path, ConnectOptions.defaults().withTls(client)));
            seen.add("with withTls: " + peerSubject(c.writer()));
            c.writer().write("secret\n", StandardCharsets.UTF_8);
            seen.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
            await(c.close());
            Connection d = await(Streams.openUnixConnection(path));
            await(d.writer().startTls(client));
            seen.add("with startTls: " + peerSubject(d.writer()));
            d.writer().write("upgraded\n", StandardCharsets.UTF_8);
            seen.add(await(d.reader().readLine(StandardCharsets.UTF_8)));
            await(d.close());
            String wrongName = await(UnixSocketTest.outcome(Streams.openUnixConnection(path, ConnectOptions.defaults()
                    .withTls(unnamed.withServerName("elsewhere.example")))));
            seen.add(wrongName.replace("(certificate_unknown) ", "")); // JDK 25 names the alert, 17 does not
            await(server.close());
            return Task.of(seen);
        }, RunOptions.defaults().withReporter((message, e) -> reports.add(message + " | " + e)));
        assertEquals(List.of("a TLS connection over a Unix socket has no host name to verify: name the one the "
                + "certificate must have with TlsOptions.withServerName (asyncio's server_hostname)",
                "with withTls: CN=localhost", "SECRET", "with startTls: CN=localhost", "UPGRADED",
                "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching elsewhere.example found."),
                got);
        assertEquals(List.of(), reports);
    }

    private static String peerSubject(StreamWriter w) {
        try {
            return ((java.security.cert.X509Certificate) w.tlsSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return e.toString();
        }
    }
}
