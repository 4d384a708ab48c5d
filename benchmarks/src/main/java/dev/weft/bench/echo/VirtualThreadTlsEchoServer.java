package dev.weft.bench.echo;

import dev.weft.bench.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Blocking {@link SSLSocket}s on virtual threads: an {@link SSLServerSocket} accepting on one, and
 * one per connection echoing through a 16 KiB buffer (a TLS record's most plaintext), in a JVM
 * whose scheduler has one carrier (see {@link TlsEchoServer}): {@code VirtualThreadTlsEchoServer <key store>}.
 */
public final class VirtualThreadTlsEchoServer {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private VirtualThreadTlsEchoServer() {}

    public static void main(String[] args) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) TlsKeys.sslContext(Path.of(args[0]))
                .getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), EchoServer.BACKLOG);
        VirtualThreads.start(() -> accept(listener));
        ServerControl.run(listener.getLocalPort(), OPEN::get);
    }

    private static void accept(SSLServerSocket listener) {
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

    /** Echoes until the end of the stream (the client's close_notify); the handshake happens at the first read. */
    private static void echo(Socket s) {
        byte[] buffer = new byte[16 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away, or its handshake failed: the connection ends
        } finally {
            OPEN.decrementAndGet();
        }
    }
}
