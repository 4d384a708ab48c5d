package dev.weft.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The other end of a TLS connection for the TLS scenario tests, written with the JDK's blocking
 * {@link SSLSocket}: a thread of the test that either accepts one connection on an
 * {@link SSLServerSocket} on 127.0.0.1 ({@link #server}) or connects to a port
 * ({@link #client}), and runs a script on the socket, so that a test controls exactly what the
 * other side does: which protocols and certificates it offers, when it renegotiates, half-closes
 * or closes. Every socket it opens is closed on every path; {@link #close()} waits for the thread
 * and rethrows what the script threw.
 */
final class TlsPeer implements AutoCloseable {
    /** What the peer does with its connection, once made (the handshake is up to the script). */
    interface Script {
        void run(SSLSocket socket) throws Exception;
    }

    /** Sets up a socket before its handshake: protocols, client authentication... */
    interface Setup {
        void apply(SSLSocket socket) throws Exception;

        Setup NONE = s -> { };
    }

    private final SSLServerSocket listener;
    private Thread thread;
    private volatile SSLSocket socket;
    private volatile Throwable failure;

    private TlsPeer(SSLServerSocket listener) {
        this.listener = listener;
    }

    private TlsPeer start(Runnable body) {
        thread = new Thread(body, listener != null ? "tls-peer-server" : "tls-peer-client");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** A peer accepting one TLS connection on 127.0.0.1 (any port) with {@code context}'s server side. */
    static TlsPeer server(SSLContext context, Setup setup, Script script) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        TlsPeer peer = new TlsPeer(listener);
        return peer.start(() -> peer.serve(setup, script));
    }

    /**
     * A peer connecting to 127.0.0.1:{@code port} with {@code context}'s client side, SNI
     * {@code host}, checking that the server's certificate names {@code host}.
     */
    static TlsPeer client(SSLContext context, String host, int port, Setup setup, Script script) {
        TlsPeer peer = new TlsPeer(null);
        return peer.start(() -> peer.connect(context, host, port, setup, script));
    }

    private void serve(Setup setup, Script script) {
        try (SSLServerSocket ss = listener; SSLSocket s = (SSLSocket) ss.accept()) {
            socket = s;
            s.setTcpNoDelay(true);
            setup.apply(s);
            script.run(s);
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void connect(SSLContext context, String host, int port, Setup setup, Script script) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            plain.setTcpNoDelay(true);
            try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                socket = s;
                // as a careful client: the certificate must name the host (SSLSocket does not check by default)
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                setup.apply(s);
                script.run(s);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Whether the script has ended. */
    boolean isDone() {
        return !thread.isAlive();
    }

    /** What the script threw, or null (so far). */
    Throwable failure() {
        return failure;
    }

    /** The port a {@link #server} peer listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /**
     * Waits (10 s at most) for the script to end and rethrows its failure. A script still running
     * then has its socket closed, and the test fails.
     */
    @Override
    public void close() throws Exception {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (listener != null) {
            listener.close();
        }
        if (thread.isAlive()) {
            String stack = stackOf(thread);
            SSLSocket s = socket;
            if (s != null) {
                s.close();
            }
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
            throw new AssertionError("the TLS peer's script did not end: " + stack);
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

    /** Sets the protocols the socket may negotiate, e.g. {@code "TLSv1.2"}. */
    static Setup protocols(String... protocols) {
        return s -> s.setEnabledProtocols(protocols);
    }

    /** Writes {@code data} and flushes it: one TLS record (or more if it is large). */
    static void send(SSLSocket s, byte[] data) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(data);
        out.flush();
    }

    static void send(SSLSocket s, String ascii) throws IOException {
        send(s, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads everything until the end of the stream (the peer's close_notify). */
    static byte[] readAll(SSLSocket s) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] b = new byte[16384];
        for (int n; (n = in.read(b)) >= 0;) {
            all.write(b, 0, n);
        }
        return all.toByteArray();
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readExactly(SSLSocket s, int n) throws IOException {
        byte[] b = s.getInputStream().readNBytes(n);
        if (b.length != n) {
            throw new IOException("the TLS peer got " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Reads a line of ASCII ('\n' not included), or null at the end of the stream. */
    static String readLine(SSLSocket s) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int c; (c = in.read()) >= 0;) {
            if (c == '\n') {
                return line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    /**
     * Runs the handshake and returns the exception it failed with, or fails if it succeeded: what a
     * script expecting a refused handshake calls.
     */
    static Exception failedHandshake(SSLSocket s) throws IOException {
        try {
            s.startHandshake();
            // TLS 1.3: a server's verdict on the client's certificate comes after the client's
            // handshake has completed, with the first read
            s.getInputStream().read();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("the handshake succeeded, with " + s.getSession().getProtocol());
    }
}
