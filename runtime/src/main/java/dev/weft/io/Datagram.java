package dev.weft.io;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One datagram a {@link DatagramEndpoint} received: its bytes and who sent it (asyncio's
 * {@code datagram_received(data, addr)} arguments). A value: two datagrams with the same bytes from
 * the same sender are equal.
 *
 * <pre>{@code
 * Datagram d = await(endpoint.receive());
 * endpoint.send(d.data(), d.sender());          // echo it back
 * }</pre>
 */
public final class Datagram {
    private final byte[] data;
    private final SocketAddress sender;

    /**
     * A datagram with a copy of {@code data}, for comparisons in tests.
     *
     * @param data its bytes
     * @param sender the address it came from
     */
    public Datagram(byte[] data, SocketAddress sender) {
        this(Objects.requireNonNull(data, "data").clone(), Objects.requireNonNull(sender, "sender"), true);
    }

    /** Adopts {@code data}, made for it alone. */
    Datagram(byte[] data, SocketAddress sender, boolean owned) {
        this.data = data;
        this.sender = sender;
    }

    /**
     * The datagram's bytes: its own array, not a copy (so that receiving copies the bytes once);
     * changing it changes this datagram.
     *
     * @return the bytes, as many as were sent
     */
    public byte[] data() {
        return data;
    }

    /**
     * The address it came from: the sender's IP address and port.
     *
     * @return the sender's address
     */
    public SocketAddress sender() {
        return sender;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Datagram)) {
            return false;
        }
        Datagram d = (Datagram) o;
        return sender.equals(d.sender) && Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
        return 31 * sender.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + sender + "]";
    }
}
