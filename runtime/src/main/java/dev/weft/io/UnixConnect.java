package dev.weft.io;

import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Streams#openUnixConnection} under way. A Unix connect mostly completes (or fails) at
 * once, and then {@link #open} returns a done task; this waiter is for one the system leaves
 * pending, or a TLS handshake. Its socket is closed on every path that does not hand it over in a
 * {@link Connection}.
 */
final class UnixConnect extends Waiter<Connection> implements LoopSelector.Readiness {
    private final LoopSelector selector;
    private final Path path;
    private final ConnectOptions options;
    private SocketChannel channel;
    private Handle timer;
    /** The connection whose TLS handshake is under way. */
    private SocketTransport handshaking;

    private UnixConnect(LoopSelector selector, Path path, ConnectOptions options, SocketChannel channel) {
        super(selector.loop());
        this.selector = selector;
        this.path = path;
        this.options = options;
        this.channel = channel;
    }

    /** Connects to {@code path}: a done task if the system answered at once, else a waiter. */
    static Task<Connection> open(LoopSelector selector, Path path, ConnectOptions options) {
        SocketChannel c = null;
        try {
            c = UnixSockets.openSocket();
            c.configureBlocking(false); // no TCP_NODELAY: a Unix socket has no such option
            boolean now = UnixSockets.connect(c, path);
            if (now && options.tls() == null) {
                return Task.of(connection(c, selector, options));
            }
            UnixConnect waiting = new UnixConnect(selector, path, options, c);
            if (now) {
                waiting.connected(); // the TLS handshake next
                return waiting;
            }
            selector.register(c, waiting).interestOps(SelectionKey.OP_CONNECT);
            if (options.connectTimeout() != null) {
                waiting.timer = selector.loop().callLater(options.connectTimeout(), waiting::timedOut);
            }
            return waiting;
        } catch (IOException | RuntimeException e) {
            close(c);
            return Task.failed(e); // at the await, as a TCP connect's failures
        }
    }

    private static Connection connection(SocketChannel c, LoopSelector selector, ConnectOptions options) {
        return new Connection(transport(c, selector, options));
    }

    private static SocketTransport transport(SocketChannel c, LoopSelector selector, ConnectOptions options) {
        return new SocketTransport(c, selector, options.bufferLimit(), options.writeBufferLimit());
    }

    /** Connected: the connection is handed over, or its TLS handshake starts. */
    private void connected() {
        SocketTransport t = transport(channel, selector, options);
        channel = null;
        cancelTimer(); // the connect timeout covers the connect; a handshake has its own (TlsOptions)
        if (options.tls() == null) {
            handOver(t);
            return;
        }
        handshaking = t;
        try {
            t.startTls(options.tls(), null, failure -> handshook(t, failure));
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            handshaking = null;
            t.closeChannel();
            refuse(e instanceof RuntimeException ? e : new javax.net.ssl.SSLException(e.getMessage(), e));
        }
    }

    /** The TLS handshake ended (on the loop): the connection is handed over, or the failure. */
    private void handshook(SocketTransport t, Throwable failure) {
        if (handshaking != t) {
            return; // cancelled meanwhile: closed already
        }
        handshaking = null;
        if (failure != null) {
            t.closeChannel();
            refuse(failure);
        } else {
            handOver(t);
        }
    }

    private void handOver(SocketTransport t) {
        if (!grant(new Connection(t))) {
            t.writer.abort(); // cancelled first
        }
    }

    @Override
    public void ready(int readyOps) {
        if (isDone()) {
            closeChannel();
            return;
        }
        try {
            if (channel.finishConnect()) {
                selector.register(channel, this).interestOps(0); // a connected socket stays connect-ready
                connected();
            }
        } catch (IOException e) {
            closeChannel();
            cancelTimer();
            refuse(e);
        }
    }

    private void timedOut() {
        timer = null;
        if (isDone()) {
            return;
        }
        closeChannel();
        refuse(new SocketTimeoutException("connect to " + path + " timed out after "
                + TimeUnit.NANOSECONDS.toMillis(options.connectTimeout().toNanos()) + " ms"));
    }

    @Override
    protected void onUndelivered(Connection c) {
        c.writer().abort(); // connected, but the coroutine that asked was cancelled first
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (selector.inLoopThread()) {
            cleanUp();
        } else if (!selector.execute(this::cleanUp)) {
            closeChannel(); // the loop has ended (and closed the socket, or closes it now)
        }
        return true;
    }

    private void cleanUp() {
        closeChannel();
        cancelTimer();
        SocketTransport t = handshaking;
        handshaking = null;
        if (t != null) {
            t.closeChannel(); // cancelled during the TLS handshake
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void closeChannel() {
        SocketChannel c = channel;
        channel = null;
        close(c);
    }

    private static void close(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // released all the same
            }
        }
    }
}
