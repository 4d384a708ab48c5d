package dev.weft.io;

import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * An {@link Streams#openConnection} under way: resolves the host, then tries its addresses in
 * order until one accepts (asyncio's {@code create_connection}); or an
 * {@link Streams#openUnixConnection} (one socket file, no name to resolve). Then the TLS
 * handshake, if asked for. Its socket is closed on every path that does not hand it over in a
 * {@link Connection}.
 */
final class Connect extends Waiter<Connection> implements LoopSelector.Readiness {
    private final LoopSelector selector;
    /** The host name or literal, null for a Unix socket. */
    private final String host;
    private final int port;
    /** The Unix socket's file, null for TCP. */
    private final java.nio.file.Path path;
    private final ConnectOptions options;
    private Task<InetAddress[]> resolving;
    private InetAddress[] addresses;
    private int next;
    /** The address being connected to, for the failure's message. */
    private InetSocketAddress trying;
    private SocketChannel channel;
    private IOException firstFailure;
    private Handle timer;
    /** The connection whose TLS handshake is under way. */
    private SocketTransport handshaking;

    Connect(LoopSelector selector, String host, int port, ConnectOptions options) {
        super(selector.loop());
        this.selector = selector;
        this.host = host;
        this.port = port;
        this.path = null;
        this.options = options;
    }

    Connect(LoopSelector selector, java.nio.file.Path path, ConnectOptions options) {
        super(selector.loop());
        this.selector = selector;
        this.host = null;
        this.port = -1;
        this.path = path;
        this.options = options;
    }

    @Override
    protected String waitsOn() {
        String to = path != null ? "unix socket " + path : host + ":" + port;
        String step = resolving != null && !resolving.isDone() ? "resolving the host"
                : handshaking != null ? "TLS handshake" : channel != null ? "connecting" : "starting";
        return "a connection: connect to " + to + " (" + step + ")";
    }

    Connect start() {
        if (options.connectTimeout() != null) {
            timer = selector.loop().callLater(options.connectTimeout(), this::timedOut);
        }
        if (path != null) {
            connectUnix();
            return this;
        }
        resolving = Addresses.resolve(host);
        follow(resolving);
        return this;
    }

    @Override
    protected void onFollowed(Task<?> task) {
        if (isDone()) {
            return;
        }
        if (task.isCancelled()) {
            finish(null, new IOException("name resolution of " + host + " was cancelled"));
            return;
        }
        if (task.isFailed()) {
            Throwable e = task.exception();
            finish(null, e);
            return;
        }
        addresses = resolving.result();
        if (addresses == null || addresses.length == 0) {
            finish(null, new java.net.UnknownHostException(host.isEmpty() ? "an empty host name: name the host to connect to" : host));
            return;
        }
        tryNext();
    }

    /** Starts connecting to the next address; finishes with the first failure once none is left. */
    private void tryNext() {
        while (next < addresses.length) {
            InetSocketAddress to = new InetSocketAddress(addresses[next++], port);
            trying = to;
            SocketChannel c = null;
            try {
                c = SocketChannel.open();
                channel = c;
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true); // asyncio's default too
                if (options.localAddress() != null) {
                    try {
                        c.bind(options.localAddress());
                    } catch (IOException e) {
                        throw SocketErrors.binding(e, options.localAddress());
                    }
                }
                if (c.connect(to)) {
                    connected();
                    return;
                }
                selector.register(c, this).interestOps(SelectionKey.OP_CONNECT);
                return;
            } catch (IOException | RuntimeException e) {
                closeChannel();
                failed(e instanceof IOException ? SocketErrors.connecting((IOException) e, to) : new IOException(e.getMessage(), e));
            }
        }
        finish(null, firstFailure);
    }

    /** Connects to the socket file: a Unix connect mostly completes, or fails, at once. */
    private void connectUnix() {
        try {
            SocketChannel c = UnixSockets.openSocket();
            channel = c;
            c.configureBlocking(false); // no TCP_NODELAY: a Unix socket has no such option
            if (UnixSockets.connect(c, path)) {
                connected();
                return;
            }
            selector.register(c, this).interestOps(SelectionKey.OP_CONNECT);
        } catch (IOException | RuntimeException e) {
            closeChannel();
            finish(null, e); // at the await, as a TCP connect's failures
        }
    }

    private void failed(IOException e) {
        if (firstFailure == null) {
            firstFailure = e;
        } else if (firstFailure != e) {
            firstFailure.addSuppressed(e);
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
            if (path != null) {
                finish(null, e);
                return;
            }
            failed(SocketErrors.connecting(e, trying));
            tryNext();
        }
    }

    private void connected() {
        SocketTransport t = new SocketTransport(channel, selector, options.bufferLimit(), options.writeBufferLimit());
        channel = null;
        if (options.tls() == null) {
            finish(new Connection(t), null);
            return;
        }
        // The connect timeout covers the TCP connect; the handshake has its own (TlsOptions).
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        t.peerHost = host;
        t.peerPort = port;
        handshaking = t;
        try {
            t.startTls(options.tls(), null, failure -> handshook(t, failure));
        } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
            handshaking = null;
            t.closeChannel();
            finish(null, e instanceof RuntimeException ? e : new javax.net.ssl.SSLException(e.getMessage(), e));
        }
    }

    /** The TLS handshake ended (on the loop): the connection is handed over, or the failure. */
    private void handshook(SocketTransport t, Throwable failure) {
        if (handshaking != t) {
            return;
        }
        handshaking = null;
        if (failure != null) {
            t.closeChannel();
            finish(null, failure);
        } else {
            finish(new Connection(t), null);
        }
    }

    private void finish(Connection c, Throwable failure) {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        boolean ended = c != null ? grant(c) : refuse(failure);
        if (!ended && c != null) {
            c.writer().abort();
        }
    }

    private void timedOut() {
        timer = null;
        if (isDone()) {
            return;
        }
        closeChannel();
        if (resolving != null && !resolving.isDone()) {
            resolving.cancel();
        }
        refuse(new SocketTimeoutException("connect to " + (path != null ? path : host + ":" + port) + " timed out after "
                + TimeoutText.of(options.connectTimeout())));
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
        } else {
            if (!selector.execute(this::cleanUp)) {
                closeChannel(); // the loop has ended (and closed the socket, or closes it now)
            }
        }
        return true;
    }

    private void cleanUp() {
        closeChannel();
        SocketTransport t = handshaking;
        handshaking = null;
        if (t != null) {
            t.closeChannel(); // cancelled during the TLS handshake
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (resolving != null && !resolving.isDone()) {
            resolving.cancel();
        }
    }

    private void closeChannel() {
        SocketChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // released all the same
            }
        }
    }
}
