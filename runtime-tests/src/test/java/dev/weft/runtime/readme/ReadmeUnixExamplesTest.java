package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.using;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.Streams;
import dev.weft.runtime.readme.ReadmeIoExamplesTest.Echo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Unix domain socket snippet, verbatim. ReadmeSnippetsTest keeps it in step. */
class ReadmeUnixExamplesTest {
    @TempDir
    Path dir;

    @Async static Task<String> overUnixSocket(Path path) {   // e.g. a file under a temporary directory
        Server server = await(Streams.startUnixServer(Echo::echo, path));
        return using(server, s -> {                     // closing the server removes the socket file
            Connection c = await(Streams.openUnixConnection(s.path()));
            c.writer().write("hello\n", StandardCharsets.UTF_8);
            String reply = await(c.reader().readLine(StandardCharsets.UTF_8));   // "HELLO"
            await(c.close());
            return Task.of(reply);
        });
    }

    @Test
    void unixEcho() {
        Path path = dir.resolve("echo.sock");
        assertEquals("HELLO", Weft.run(() -> overUnixSocket(path)));
        assertFalse(Files.exists(path));
    }
}
