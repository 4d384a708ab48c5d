package dev.weft.bench.echo;

import dev.weft.bench.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking {@code java.net} sockets on virtual threads, one per connection, with an 8 KiB read
 * buffer each; run in a JVM whose scheduler has one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}, see {@link EchoServer}).
 */
public final class VirtualThreadEchoServer {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private VirtualThreadEchoServer() {}

    public static void main(String[] args) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), EchoServer.BACKLOG);
        VirtualThreads.start(() -> accept(listener));
        ServerControl.run(listener.getLocalPort(), OPEN::get);
    }

    private static void accept(ServerSocket listener) {
        while (true) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                OPEN.incrementAndGet();
                VirtualThreads.start(() -> echo(s));
            } catch (IOException e) {
                e.printStackTrace();
                return;
            }
        }
    }

    private static void echo(Socket s) {
        byte[] buffer = new byte[8192];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away: the connection ends
        } finally {
            OPEN.decrementAndGet();
        }
    }
}
