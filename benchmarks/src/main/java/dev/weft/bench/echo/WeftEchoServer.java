package dev.weft.bench.echo;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weft: {@code Streams.startServer} on one {@code Weft.run} loop, each connection an {@code @Async}
 * handler that reads what has come, writes it back and drains, until the end of the stream.
 */
public final class WeftEchoServer {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private WeftEchoServer() {}

    public static void main(String[] args) {
        Weft.run(WeftEchoServer::serve);
    }

    @Async
    private static Task<Void> serve() {
        Server server = await(Streams.startServer(WeftEchoServer::echo, "127.0.0.1", 0,
                ServerOptions.defaults().withBacklog(EchoServer.BACKLOG)));
        ServerControl.start(server.port(), OPEN::get);
        await(server.serveForever());
        return Task.done();
    }

    @Async
    private static Task<Void> echo(StreamReader reader, StreamWriter writer) {
        OPEN.incrementAndGet();
        try {
            while (true) {
                byte[] data = await(reader.read(64 * 1024));
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                await(writer.drain());
            }
        } finally {
            OPEN.decrementAndGet();
        }
        return Task.done();
    }
}
