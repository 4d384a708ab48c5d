package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Task;
import java.net.SocketAddress;

/**
 * An open TCP connection from {@link Streams#openConnection}: its {@link StreamReader} and
 * {@link StreamWriter} (asyncio's {@code (reader, writer)} pair).
 *
 * <pre>{@code
 * Connection c = await(Streams.openConnection("127.0.0.1", 8888));
 * c.writer().write("Hello World!".getBytes(StandardCharsets.UTF_8));
 * byte[] reply = await(c.reader().read(100));
 * await(c.close());
 * }</pre>
 *
 * <p>It belongs to the loop it was opened on; under {@code Weft.runParallel}, use it from that
 * loop's tasks ({@code createLocalTask}).
 */
public final class Connection implements AsyncCloseable {
    private final SocketTransport transport;

    Connection(SocketTransport transport) {
        this.transport = transport;
    }

    /** @return the reading side */
    public StreamReader reader() {
        return transport.reader;
    }

    /** @return the writing side */
    public StreamWriter writer() {
        return transport.writer;
    }

    /** @return the peer's address, or null once the connection is closed */
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** @return this side's address, or null once the connection is closed */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    /**
     * Closes the connection once what is written is sent: {@link StreamWriter#close()}.
     *
     * @return a task that completes when the connection is closed
     */
    @Override
    public Task<Void> close() {
        return transport.writer.close();
    }

    @Override
    public String toString() {
        return "Connection[" + transport + "]";
    }
}
