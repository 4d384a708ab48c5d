package dev.weft.io;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link Streams#openConnection(String, int, ConnectOptions)}; immutable, each
 * {@code with} method returns a copy.
 *
 * <pre>{@code
 * ConnectOptions options = ConnectOptions.defaults().withConnectTimeout(Duration.ofSeconds(5));
 * Connection c = await(Streams.openConnection("example.org", 80, options));
 * }</pre>
 */
public final class ConnectOptions {
    private static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, StreamReader.DEFAULT_LIMIT,
            StreamWriter.DEFAULT_WRITE_LIMIT);

    private final Duration connectTimeout;
    private final InetSocketAddress localAddress;
    private final int bufferLimit;
    private final int writeBufferLimit;

    private ConnectOptions(Duration connectTimeout, InetSocketAddress localAddress, int bufferLimit, int writeBufferLimit) {
        this.connectTimeout = connectTimeout;
        this.localAddress = localAddress;
        this.bufferLimit = bufferLimit;
        this.writeBufferLimit = writeBufferLimit;
    }

    /** @return no connect timeout, any local address, a 64 KiB read limit and a 16 MiB write-buffer limit */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param timeout how long the connect may take, name resolution included; it then fails with a
     *     {@link java.net.SocketTimeoutException}
     * @return a copy with the timeout
     */
    public ConnectOptions withConnectTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative connect timeout: " + timeout);
        }
        return new ConnectOptions(timeout, localAddress, bufferLimit, writeBufferLimit);
    }

    /**
     * @param address the local address and port to bind the socket to before it connects
     * @return a copy with the address
     */
    public ConnectOptions withLocalAddress(InetSocketAddress address) {
        return new ConnectOptions(connectTimeout, Objects.requireNonNull(address, "address"), bufferLimit, writeBufferLimit);
    }

    /**
     * @param bytes the reader's limit ({@link StreamReader#limit()})
     * @return a copy with the limit
     */
    public ConnectOptions withBufferLimit(int bytes) {
        return new ConnectOptions(connectTimeout, localAddress, positive(bytes, "buffer limit"), writeBufferLimit);
    }

    /**
     * @param bytes how much the writer may buffer before a write throws (see {@link StreamWriter})
     * @return a copy with the limit
     */
    public ConnectOptions withWriteBufferLimit(int bytes) {
        return new ConnectOptions(connectTimeout, localAddress, bufferLimit, positive(bytes, "write buffer limit"));
    }

    /** @return the connect timeout, or null for none */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the local address to bind to, or null for any */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** @return the reader's limit in bytes */
    public int bufferLimit() {
        return bufferLimit;
    }

    /** @return the writer's buffer limit in bytes */
    public int writeBufferLimit() {
        return writeBufferLimit;
    }

    static int positive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "ConnectOptions[connectTimeout=" + connectTimeout + ", localAddress=" + localAddress + ", bufferLimit="
                + bufferLimit + ", writeBufferLimit=" + writeBufferLimit + "]";
    }
}
