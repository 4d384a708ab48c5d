package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.weft.runtime.io.TestCertificates;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's TLS snippets, verbatim, run on loopback with the tests' own CA. ReadmeSnippetsTest keeps them in step. */
@Timeout(120)
class ReadmeTlsExamplesTest {
    private static final SSLContext SERVER = TestCertificates.serverContext(TestCertificates.Leaf.LOCALHOST);
    private static final SSLContext CLIENT = TestCertificates.clientContext();

    static final class Echo {
        @Async static Task<Void> echo(StreamReader reader, StreamWriter writer) {
            String line;
            while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
                writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
                await(writer.drain());
            }
            return Task.done();
        }

        @Async static Task<String> tlsEcho(SSLContext serverContext, SSLContext clientContext) {
            Server server = await(Streams.startServer(Echo::echo, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(TlsOptions.server(serverContext))));   // its key and certificate
            return using(server, s -> {
                Connection c = await(Streams.openConnection("localhost", s.port(),
                        ConnectOptions.defaults().withTls(TlsOptions.client(clientContext))));   // verifies "localhost"
                c.writer().write("hello\n", StandardCharsets.UTF_8);
                String reply = await(c.reader().readLine(StandardCharsets.UTF_8));              // "HELLO"
                String protocol = c.writer().tlsSession().getProtocol();                        // "TLSv1.3"
                await(c.close());                                      // close_notify, then the peer's
                return Task.of(protocol + " " + reply);
            });
        }
    }

    static final class StartTls {
        /** The server side: "GO" in plaintext, then TLS, then an echo. */
        @Async static Task<Void> serve(StreamReader reader, StreamWriter writer) {
            String command = await(reader.readLine(StandardCharsets.US_ASCII));
            writer.write(("STARTTLS".equals(command) ? "GO" : "NO") + "\n", StandardCharsets.US_ASCII);
            await(writer.startTls(TlsOptions.server(SERVER)));
            return Echo.echo(reader, writer);
        }

        @Async static Task<String> upgrade(int port, SSLContext clientContext) {
            Connection c = await(Streams.openConnection("localhost", port));
            c.writer().write("STARTTLS\n", StandardCharsets.US_ASCII);
            String go = await(c.reader().readLine(StandardCharsets.US_ASCII));           // plaintext: "GO"
            await(c.writer().startTls(TlsOptions.client(clientContext)));               // the same reader and writer
            c.writer().write("secret\n", StandardCharsets.US_ASCII);                    // encrypted from here on
            String reply = await(c.reader().readLine(StandardCharsets.US_ASCII));
            await(c.close());
            return Task.of(go + " " + reply);
        }
    }

    @Test
    void tlsEcho() {
        assertEquals("TLSv1.3 HELLO", Weft.run(() -> Echo.tlsEcho(SERVER, CLIENT)));
    }

    @Test
    void startTls() {
        assertEquals("GO SECRET", Weft.run(() -> {
            Server server = await(Streams.startServer(StartTls::serve, "127.0.0.1", 0));
            return using(server, s -> StartTls.upgrade(s.port(), CLIENT));
        }));
    }
}
