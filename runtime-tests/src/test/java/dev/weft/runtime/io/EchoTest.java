package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoTest {
    @Async
    static Task<Void> echo(StreamReader reader, StreamWriter writer) {
        String line;
        while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
            writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
            await(writer.drain());
        }
        return Task.done();
    }

    @Async
    static Task<List<String>> client(int port, int lines) {
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            c.writer().write("line " + i + "\n", StandardCharsets.UTF_8);
            got.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
        }
        c.writer().writeEof();
        got.add(String.valueOf(await(c.reader().readLine(StandardCharsets.UTF_8))));
        await(c.close());
        return Task.of(got);
    }

    @Async
    static Task<List<String>> main() {
        Server server = await(Streams.startServer(EchoTest::echo, "127.0.0.1", 0));
        List<String> got = await(client(server.port(), 3));
        await(server.close());
        return Task.of(got);
    }

    @Test
    void linesComeBackUpperCased() {
        assertEquals(List.of("LINE 0", "LINE 1", "LINE 2", "null"), Weft.run(EchoTest::main));
    }
}
