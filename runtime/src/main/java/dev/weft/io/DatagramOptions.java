package dev.weft.io;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;

/**
 * Options of {@link Datagrams#open(DatagramOptions)} (asyncio's {@code create_datagram_endpoint}
 * arguments); immutable, each {@code with} method returns a copy.
 *
 * <pre>{@code
 * DatagramOptions options = DatagramOptions.defaults()
 *         .withLocalAddress(new InetSocketAddress("127.0.0.1", 9999));
 * DatagramEndpoint server = await(Datagrams.open(options));
 * }</pre>
 */
public final class DatagramOptions {
    private static final DatagramOptions DEFAULTS = new DatagramOptions(null, null, false, false, 0,
            StreamWriter.DEFAULT_WRITE_LIMIT, null);

    private final InetSocketAddress localAddress;
    private final InetSocketAddress remoteAddress;
    private final boolean broadcast;
    private final boolean reuseAddress;
    private final int receiveBufferSize;
    private final int sendBufferLimit;
    private final StandardProtocolFamily family;

    private DatagramOptions(InetSocketAddress localAddress, InetSocketAddress remoteAddress, boolean broadcast,
            boolean reuseAddress, int receiveBufferSize, int sendBufferLimit, StandardProtocolFamily family) {
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.broadcast = broadcast;
        this.reuseAddress = reuseAddress;
        this.receiveBufferSize = receiveBufferSize;
        this.sendBufferLimit = sendBufferLimit;
        this.family = family;
    }

    /**
     * Bound to the wildcard address on a port the system chooses, not connected, no broadcast, no
     * address reuse, the system's receive buffer size, a 16 MiB send-buffer limit.
     *
     * @return the defaults
     */
    public static DatagramOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy that binds to {@code address} (asyncio {@code local_addr}); port 0 lets the system
     * choose one ({@link DatagramEndpoint#localAddress()} says which).
     *
     * @param address the local address and port
     * @return a copy with the address
     * @throws IllegalArgumentException if the address is unresolved
     */
    public DatagramOptions withLocalAddress(InetSocketAddress address) {
        return new DatagramOptions(resolved(address), remoteAddress, broadcast, reuseAddress, receiveBufferSize,
                sendBufferLimit, family);
    }

    /**
     * A copy that connects to {@code address} (asyncio {@code remote_addr}): {@code send(data)}
     * goes there, only its datagrams are received, and ICMP errors (nothing listening there) are
     * reported to {@link DatagramEndpoint#receive()}.
     *
     * @param address the peer's address and port
     * @return a copy with the address
     * @throws IllegalArgumentException if the address is unresolved
     */
    public DatagramOptions withRemoteAddress(InetSocketAddress address) {
        return new DatagramOptions(localAddress, resolved(address), broadcast, reuseAddress, receiveBufferSize,
                sendBufferLimit, family);
    }

    /**
     * A copy that sets {@code SO_BROADCAST} or not (asyncio {@code allow_broadcast}): without it,
     * a datagram sent to a broadcast address is refused.
     *
     * @param broadcast whether the endpoint may send to broadcast addresses
     * @return a copy with the setting
     */
    public DatagramOptions withBroadcast(boolean broadcast) {
        return new DatagramOptions(localAddress, remoteAddress, broadcast, reuseAddress, receiveBufferSize,
                sendBufferLimit, family);
    }

    /**
     * A copy that binds with {@code SO_REUSEADDR} or not: several endpoints (of this process or
     * others) may then bind the same port, as multicast receivers do. asyncio no longer offers it
     * for UDP, since any process of the machine could then receive the port's datagrams: use it
     * for multicast only.
     *
     * @param reuse whether to bind with {@code SO_REUSEADDR}
     * @return a copy with the setting
     */
    public DatagramOptions withReuseAddress(boolean reuse) {
        return new DatagramOptions(localAddress, remoteAddress, broadcast, reuse, receiveBufferSize, sendBufferLimit,
                family);
    }

    /**
     * A copy with another {@code SO_RCVBUF}: how much the operating system keeps of the datagrams
     * not received yet; what arrives while it is full is dropped.
     *
     * @param bytes the size asked for (the system may round it)
     * @return a copy with the size
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public DatagramOptions withReceiveBufferSize(int bytes) {
        return new DatagramOptions(localAddress, remoteAddress, broadcast, reuseAddress,
                ConnectOptions.positive(bytes, "receive buffer size"), sendBufferLimit, family);
    }

    /**
     * A copy with another send-buffer limit: how much {@link DatagramEndpoint#send} may queue
     * while the socket's buffer is full before a send throws {@link IllegalStateException}.
     *
     * @param bytes the limit (each datagram counts its length and 8 bytes)
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public DatagramOptions withSendBufferLimit(int bytes) {
        return new DatagramOptions(localAddress, remoteAddress, broadcast, reuseAddress, receiveBufferSize,
                ConnectOptions.positive(bytes, "send buffer limit"), family);
    }

    /**
     * A copy that opens the socket for {@code family} (asyncio {@code family}). By default the
     * family is the local address's, else the remote address's, else the JDK's default (IPv6
     * accepting IPv4 too, where the system has IPv6).
     *
     * @param family {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}
     * @return a copy with the family
     * @throws IllegalArgumentException for another family
     */
    public DatagramOptions withFamily(StandardProtocolFamily family) {
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("a datagram endpoint is INET or INET6, not " + family);
        }
        return new DatagramOptions(localAddress, remoteAddress, broadcast, reuseAddress, receiveBufferSize,
                sendBufferLimit, family);
    }

    /**
     * The local address to bind to.
     *
     * @return the address, or null for the wildcard address on any port
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The address to connect to.
     *
     * @return the address, or null for an endpoint that is not connected
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Whether {@code SO_BROADCAST} is set.
     *
     * @return whether the endpoint may send to broadcast addresses
     */
    public boolean isBroadcast() {
        return broadcast;
    }

    /**
     * Whether the endpoint binds with {@code SO_REUSEADDR}.
     *
     * @return whether the endpoint binds with {@code SO_REUSEADDR}
     */
    public boolean isReuseAddress() {
        return reuseAddress;
    }

    /**
     * The {@code SO_RCVBUF} asked for.
     *
     * @return the size in bytes, or 0 for the system's default
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * The send-buffer limit in bytes.
     *
     * @return the send-buffer limit in bytes
     */
    public int sendBufferLimit() {
        return sendBufferLimit;
    }

    /**
     * The protocol family asked for.
     *
     * @return the family, or null to take the addresses'
     */
    public StandardProtocolFamily family() {
        return family;
    }

    /** The family the socket is opened for: the one asked for, else the first address's, else null (the JDK's). */
    StandardProtocolFamily socketFamily() {
        if (family != null) {
            return family;
        }
        InetSocketAddress a = localAddress != null ? localAddress : remoteAddress;
        if (a == null) {
            return null;
        }
        InetAddress ip = a.getAddress();
        return ip instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + address + ": resolve the host name first");
        }
        return address;
    }

    @Override
    public String toString() {
        return "DatagramOptions[localAddress=" + localAddress + ", remoteAddress=" + remoteAddress + ", broadcast="
                + broadcast + ", reuseAddress=" + reuseAddress + ", receiveBufferSize=" + receiveBufferSize
                + ", sendBufferLimit=" + sendBufferLimit + ", family=" + family + "]";
    }
}
