package dev.weft.io;

import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One TCP connection on one loop: its channel, its registration with the loop's selector, and the
 * reader and writer that share them. Readiness goes to the reader (read) and the writer (write).
 */
class SocketTransport extends Transport implements LoopSelector.Readiness {
    final SocketChannel channel;
    /** Registered at the first wait, or at once for a connection accepted for another loop. */
    private SelectionKey key;
    /**
     * The addresses, kept from the start: a closed channel no longer tells them, and asyncio's
     * transport keeps its {@code peername} and {@code sockname}. The channel holds these objects
     * already, so keeping them costs two references.
     */
    private final SocketAddress remote;
    private final SocketAddress local;
    /** TLS on this connection, once installed (at connect, at accept, or by startTls); null for plain TCP. */
    private TlsLayer tls;
    /** The channel went to a {@link LingeringClose}: to this transport it is closed. */
    private boolean handedOver;
    /** The host and port given to openConnection: a TLS client's default server name. */
    String peerHost;
    int peerPort = -1;

    SocketTransport(SocketChannel channel, LoopSelector selector, int limit, int writeLimit) {
        super(selector, limit, writeLimit);
        this.channel = channel;
        this.remote = address(channel, true);
        this.local = address(channel, false);
    }

    private static SocketAddress address(SocketChannel channel, boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
        } catch (IOException e) {
            return null; // closed already (reset before it was handed over): unknown
        }
    }

    /** Registers the channel now (from any thread): the loop closes it if it ends before the connection is used. */
    void register() throws IOException {
        key = selector.register(channel, this);
    }

    @Override
    int receive(ByteBuffer dst) throws IOException {
        TlsLayer t = tls;
        return t == null ? channel.read(dst) : t.receive(dst);
    }

    @Override
    int send(ByteBuffer src) throws IOException {
        TlsLayer t = tls;
        return t == null ? channel.write(src) : t.send(src);
    }

    @Override
    void wantRead() throws IOException {
        if (tls != null) {
            tls.wantRead();
        } else {
            want(SelectionKey.OP_READ);
        }
    }

    @Override
    void unwantRead() {
        if (tls != null) {
            tls.unwantRead();
        } else {
            unwant(SelectionKey.OP_READ);
        }
    }

    @Override
    void wantWrite() throws IOException {
        if (tls != null) {
            tls.wantWrite();
        } else {
            want(SelectionKey.OP_WRITE);
        }
    }

    @Override
    void unwantWrite() {
        if (tls != null) {
            tls.unwantWrite();
        } else {
            unwant(SelectionKey.OP_WRITE);
        }
    }

    @Override
    int readEpoch() {
        TlsLayer t = tls;
        // plaintext may come in without a poll (a handshake step, a delegated task's end)
        return t == null ? selector.polls() : selector.polls() + t.epoch;
    }

    @Override
    void shutdownOutput() throws IOException {
        if (tls != null) {
            tls.shutdownOutput();
        } else {
            channel.shutdownOutput();
        }
    }

    @Override
    boolean canShutdownOutput() {
        return tls == null || tls.isTls13(); // TLS 1.2's close_notify closes both ways
    }

    @Override
    void closeGracefully() {
        if (tls != null) {
            tls.closeGracefully();
        } else {
            closeLingering();
        }
    }

    // ---- TLS ----------------------------------------------------------------------------------

    /**
     * Installs TLS and starts its handshake; {@code done} is told its end on the loop (null for
     * success). {@code pending}: bytes read already that are the start of the TLS stream.
     */
    void startTls(TlsOptions options, byte[] pending, java.util.function.Consumer<Throwable> done)
            throws java.security.NoSuchAlgorithmException {
        if (tls != null) {
            throw new IllegalStateException("TLS is on already on " + this);
        }
        String host = peerHost;
        if (host == null && remote instanceof java.net.InetSocketAddress) {
            host = ((java.net.InetSocketAddress) remote).getAddress().getHostAddress();
        }
        int port = peerPort >= 0 ? peerPort
                : remote instanceof java.net.InetSocketAddress ? ((java.net.InetSocketAddress) remote).getPort() : -1;
        TlsLayer t = new TlsLayer(this, options.newEngine(host, port), options);
        tls = t;
        t.start(pending, done);
    }

    /** The TLS layer, or null on a plain connection. */
    TlsLayer tls() {
        return tls;
    }

    /** Sets what the loop watches the channel for (the TLS layer decides it itself). */
    void interest(int ops) throws IOException {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            if (ops == 0) {
                return;
            }
            key = k = selector.register(channel, this);
        }
        if (k.interestOps() != ops) {
            k.interestOps(ops);
        }
    }

    /** Adds {@code op} to what the loop watches the channel for. */
    private void want(int op) throws IOException {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            key = k = selector.register(channel, this);
        }
        k.interestOps(k.interestOps() | op);
    }

    /** Stops watching for {@code op}. */
    private void unwant(int op) {
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps(k.interestOps() & ~op);
        }
    }

    @Override
    public void ready(int readyOps) {
        if (tls != null) {
            tls.ready(readyOps);
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writer.writable();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !reader.readable()) {
            unwant(SelectionKey.OP_READ); // nobody reads now: stop watching until a read waits
        }
    }

    @Override
    boolean isOpen() {
        return !handedOver && channel.isOpen();
    }

    @Override
    void closeChannel() {
        if (handedOver) {
            return; // closed to this transport; the channel closes after the peer (LingeringClose)
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released all the same
        }
        if (tls != null) {
            tls.closed();
        }
        closedNow();
    }

    /**
     * Closes once the output has ended (all we wrote is in the kernel, or a failed TLS handshake's
     * alert is): for this transport and its users at once, for the socket once the peer has closed
     * too (see {@link LingeringClose}), so that it is not reset with our bytes still on their way.
     */
    void closeLingering() {
        if (handedOver || !channel.isOpen()) {
            closeChannel();
            return;
        }
        handedOver = true;
        LingeringClose.start(channel, selector, key);
        if (tls != null) {
            tls.closed();
        }
        closedNow();
    }

    @Override
    SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    SocketAddress localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "connection " + localAddress() + " -> " + remoteAddress();
    }
}
