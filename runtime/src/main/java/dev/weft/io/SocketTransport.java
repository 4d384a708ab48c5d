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
        return channel.read(dst);
    }

    @Override
    int send(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    void wantRead() throws IOException {
        want(SelectionKey.OP_READ);
    }

    @Override
    void unwantRead() {
        unwant(SelectionKey.OP_READ);
    }

    @Override
    void wantWrite() throws IOException {
        want(SelectionKey.OP_WRITE);
    }

    @Override
    void unwantWrite() {
        unwant(SelectionKey.OP_WRITE);
    }

    @Override
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
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
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writer.writable();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !reader.readable()) {
            unwant(SelectionKey.OP_READ); // nobody reads now: stop watching until a read waits
        }
    }

    @Override
    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released all the same
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
