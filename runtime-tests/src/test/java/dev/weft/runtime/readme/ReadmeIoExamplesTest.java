package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.IncompleteReadException;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's I/O snippets, verbatim, run on loopback. ReadmeSnippetsTest keeps them in step. */
class ReadmeIoExamplesTest {
    static final class Echo {
        @Async static Task<Void> echo(StreamReader reader, StreamWriter writer) {   // a task per connection
            String line;
            while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
                writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
                await(writer.drain());                      // waits while the peer does not keep up
            }
            return Task.done();                             // then the connection is closed
        }

        @Async static Task<String> main() {
            Server server = await(Streams.startServer(Echo::echo, "127.0.0.1", 0));   // 0: any free port
            return using(server, s -> {                     // async with server: close, wait for the handlers
                Connection c = await(Streams.openConnection("127.0.0.1", s.port()));
                c.writer().write("hello\n", StandardCharsets.UTF_8);
                String reply = await(c.reader().readLine(StandardCharsets.UTF_8));   // "HELLO"
                await(c.close());
                return Task.of(reply);
            });
        }
    }

    @Test
    void echo() {
        assertEquals("HELLO", Weft.run(Echo::main));
    }

    // ---- errors --------------------------------------------------------------------------------

    @Async Task<String> greeting(int port) {
        try {
            Connection c = await(Streams.openConnection("127.0.0.1", port), IOException.class);
            try {
                byte[] hello = await(c.reader().readExactly(5), IOException.class);
                return Task.of(new String(hello, StandardCharsets.US_ASCII));
            } finally {
                await(c.close());
            }
        } catch (ConnectException e) {                      // nothing listens there
            return Task.of("refused");
        } catch (IncompleteReadException e) {               // the stream ended first
            return Task.of("only " + e.partial().length + " bytes");
        } catch (IOException e) {                           // a reset, ...
            return Task.of("failed: " + e.getMessage());
        }
    }

    /** Serves {@code greeting} to one connection, then asks {@link #greeting} for it. */
    @Async Task<String> greetedWith(String greeting) {
        Server server = await(Streams.startServer((reader, writer) -> {
            writer.write(greeting, StandardCharsets.US_ASCII);
            return Task.done();
        }, "127.0.0.1", 0));
        return using(server, s -> greeting(s.port()));
    }

    @Test
    void errorsArriveAsTheJdksExceptions() throws IOException {
        assertEquals("hello", Weft.run(() -> greetedWith("hello")));
        assertEquals("only 2 bytes", Weft.run(() -> greetedWith("hi")));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals("refused", Weft.run(() -> greeting(closed)));
    }
}
