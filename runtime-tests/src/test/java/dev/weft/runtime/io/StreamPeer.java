package dev.weft.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The other end of a connection for the stream tests: a plain blocking {@link ServerSocket} on
 * 127.0.0.1 whose thread accepts one connection and runs a script on it, so that a test controls
 * the exact bytes, packet splits, half-closes and resets the stream under test sees. The script's
 * socket and the server socket are closed on every path; {@link #close()} waits for the thread
 * and rethrows what the script threw.
 */
final class StreamPeer implements AutoCloseable {
    /** What the peer does with the accepted connection. */
    interface Script {
        void run(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final Thread thread;
    private volatile Throwable failure;

    StreamPeer(Script script) throws IOException {
        this(0, script);
    }

    /** A peer whose accepted socket has a receive buffer of {@code receiveBuffer} bytes (0: the system's). */
    StreamPeer(int receiveBuffer, Script script) throws IOException {
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer); // inherited by the accepted socket
        }
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        thread = new Thread(() -> {
            try (ServerSocket ss = server; Socket s = ss.accept()) {
                s.setTcpNoDelay(true); // each write goes out as its own packet
                script.run(s);
            } catch (Throwable e) {
                failure = e;
            }
        }, "stream-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the script to end (10 s at most) and rethrows its failure. */
    @Override
    public void close() throws Exception {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        server.close();
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("the peer's script did not end: " + stackOf(thread));
        }
        Throwable f = failure;
        if (f instanceof Exception) {
            throw (Exception) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
    }

    private static String stackOf(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("\n\tat ").append(e);
        }
        return b.toString();
    }

    // ---- what scripts use -----------------------------------------------------------------------

    /** Writes {@code data} as one packet (TCP_NODELAY is on). */
    static void send(Socket s, byte[] data) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(data);
        out.flush();
    }

    static void send(Socket s, String ascii) throws IOException {
        send(s, ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends {@code data} in packets split at {@code splits}, pausing between them so that the
     * reader most likely takes each alone (the tests' results do not depend on it).
     */
    static void sendSplit(Socket s, byte[] data, int... splits) throws IOException, InterruptedException {
        int from = 0;
        for (int at : splits) {
            send(s, java.util.Arrays.copyOfRange(data, from, at));
            Thread.sleep(20);
            from = at;
        }
        send(s, java.util.Arrays.copyOfRange(data, from, data.length));
    }

    /** Blocks until the stream under test sends one byte: its signal to go on; returns the byte. */
    static int awaitSignal(Socket s) throws IOException {
        int b = s.getInputStream().read();
        if (b < 0) {
            throw new IOException("the stream under test closed instead of signalling");
        }
        return b;
    }

    /** Reads everything until the end of the stream. */
    static byte[] readAll(Socket s) throws IOException {
        return readAll(s.getInputStream(), 0);
    }

    /** Reads everything until the end of the stream, pausing 1 ms after each {@code pauseEvery} bytes (0: never). */
    static byte[] readAll(InputStream in, int pauseEvery) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        long sincePause = 0;
        for (int n; (n = in.read(b)) >= 0;) {
            all.write(b, 0, n);
            sincePause += n;
            if (pauseEvery > 0 && sincePause >= pauseEvery) {
                sincePause = 0;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }
        return all.toByteArray();
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readExactly(Socket s, int n) throws IOException {
        byte[] b = s.getInputStream().readNBytes(n);
        if (b.length != n) {
            throw new IOException("the peer got " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Closes with SO_LINGER 0: the other side gets a reset (RST), not an end of stream. */
    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }
}
