package dev.weft.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The baseline echo server: one thread, one {@link Selector}, non-blocking channels and one direct
 * buffer shared by every connection. A connection holds nothing of its own but its channel and key,
 * unless the socket would not take a whole reply: then the rest waits in a buffer of its own
 * (attached to the key) and the connection stops reading until it is written.
 */
public final class SelectorEchoServer {
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile int open;

    private SelectorEchoServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), EchoServer.BACKLOG);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    public static void main(String[] args) throws IOException {
        SelectorEchoServer server = new SelectorEchoServer();
        ServerControl.start(((InetSocketAddress) server.listener.getLocalAddress()).getPort(), () -> server.open);
        server.serve();
    }

    private void serve() throws IOException {
        while (true) {
            selector.select(this::ready);
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                accept();
            } else if (key.isWritable()) {
                finishWrite(key);
            } else if (key.isReadable()) {
                echo(key);
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while ((c = listener.accept()) != null) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ);
            open++; // only this thread writes it; the control thread reads it
        }
    }

    private void echo(SelectionKey key) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        buffer.clear();
        int n = c.read(buffer);
        if (n < 0) {
            close(key);
            return;
        }
        buffer.flip();
        c.write(buffer);
        if (buffer.hasRemaining()) {
            ByteBuffer rest = ByteBuffer.allocate(buffer.remaining());
            rest.put(buffer).flip();
            key.attach(rest);
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void finishWrite(SelectionKey key) throws IOException {
        ByteBuffer rest = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(rest);
        if (!rest.hasRemaining()) {
            key.attach(null);
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open--;
    }
}
