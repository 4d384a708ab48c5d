package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.using;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The overview's "Running Multiple Coroutines" ({@link Gathering}) over real sockets: each
 * {@code fetchData} asks a server on 127.0.0.1 for its data, on a connection of its own, and the
 * server answers after the fetch's delay (200, 100 and 300 ms, the seed's 2, 1 and 3 s scaled down).
 * An {@link AsyncSemaphore} lets at most two fetches run at once: comments starts when posts is
 * done, so the three take about 400 ms, not 300 (all at once) nor 600 (one after the other), and
 * the results come in argument order. Its asyncio twin, {@code samples/src/test/resources/python/fetch.py},
 * prints the same ({@code PythonTwinsTest}).
 */
public final class Fetching {
    /** The server: reads "NAME DELAY_MS", waits that long (a slow backend), answers "NAME data". */
    @Async
    static Task<Void> serve(StreamReader reader, StreamWriter writer) {
        String[] request = await(reader.readLine(StandardCharsets.UTF_8)).split(" ");
        await(sleep(Long.parseLong(request[1])));
        writer.write(request[0] + " data\n", StandardCharsets.UTF_8);
        return Task.done();                                   // the connection is closed when the handler ends
    }

    @Async
    static Task<String> fetchData(AsyncSemaphore connections, int port, String name, long delayMs) {
        try (Permit slot = await(connections.acquire())) {
            System.out.println("Fetching " + name + "...");
            Connection connection = await(Streams.openConnection("127.0.0.1", port));
            try {
                connection.writer().write(name + " " + delayMs + "\n", StandardCharsets.UTF_8);
                return Task.of(await(connection.reader().readLine(StandardCharsets.UTF_8)));
            } finally {
                await(connection.close());
            }
        }
    }

    @Async
    static Task<Void> main() {
        Server server = await(Streams.startServer(Fetching::serve, "127.0.0.1", 0));
        AsyncSemaphore connections = AsyncSemaphore.create(2); // Max 2 concurrent (a semaphore belongs to one loop)
        return using(server, s -> {
            int port = s.port();
            List<String> results = await(gather(
                    fetchData(connections, port, "users", 200),
                    fetchData(connections, port, "posts", 100),
                    fetchData(connections, port, "comments", 300)));
            System.out.println(results); // All three complete in ~400 ms: two at a time
            return Task.done();
        });
    }

    public static void main(String[] args) {
        Weft.run(Fetching::main);
    }
}
