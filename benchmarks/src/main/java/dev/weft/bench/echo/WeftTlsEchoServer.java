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
import dev.weft.io.TlsOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Weft: {@code Streams.startServer} with {@code ServerOptions.withTls} on one {@code Weft.run}
 * loop, each connection the TCP echo workload's {@code @Async} handler (read what has come, write
 * it back, drain, until the end of the stream): {@code WeftTlsEchoServer <key store>}.
 */
public final class WeftTlsEchoServer {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private WeftTlsEchoServer() {}

    public static void main(String[] args) {
        SSLContext context = TlsKeys.sslContext(Path.of(args[0]));
        Weft.run(() -> serve(context));
    }

    @Async
    private static Task<Void> serve(SSLContext context) {
        Server server = await(Streams.startServer(WeftTlsEchoServer::echo, "127.0.0.1", 0,
                ServerOptions.defaults().withBacklog(EchoServer.BACKLOG).withTls(TlsOptions.server(context))));
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
