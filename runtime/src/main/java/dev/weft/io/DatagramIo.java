package dev.weft.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The two system calls of a {@link DatagramEndpoint}, apart so that a test can make the socket's
 * buffer look full: on Linux a datagram sent over loopback leaves the sender's buffer at once, so
 * a real one never fills there.
 */
class DatagramIo {
    static final DatagramIo SYSTEM = new DatagramIo();

    /** Receives one datagram into {@code dst}: its sender, or null if none is there. */
    SocketAddress receive(DatagramChannel channel, ByteBuffer dst) throws IOException {
        return channel.receive(dst);
    }

    /**
     * Sends {@code src} as one datagram to {@code target} (null: the connected peer). Returns the
     * count sent: all of it, or 0 when the socket's buffer has no room.
     */
    int send(DatagramChannel channel, ByteBuffer src, SocketAddress target) throws IOException {
        return target == null ? channel.write(src) : channel.send(src, target);
    }
}
