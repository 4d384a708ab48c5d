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
            StreamWriter.DEFAULT_WRITE_LIMIT, null);

    private final Duration connectTimeout;
    private final InetSocketAddress localAddress;
    private final int bufferLimit;
    private final int writeBufferLimit;
    private final TlsOptions tls;

    private ConnectOptions(Duration connectTimeout, InetSocketAddress localAddress, int bufferLimit, int writeBufferLimit,
            TlsOptions tls) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.localAddress = localAddress;
        this.bufferLimit = bufferLimit;
        this.writeBufferLimit = writeBufferLimit;
    }

    /**
     * No connect timeout, any local address, a 64 KiB read limit and a 16 MiB write-buffer limit.
     *
     * @return the defaults
     */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another connect timeout.
     *
     * @param timeout how long the connect may take, name resolution included; it then fails with a
     *     {@link java.net.SocketTimeoutException}
     * @return a copy with the timeout
     */
    public ConnectOptions withConnectTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative connect timeout: " + timeout);
        }
        return new ConnectOptions(timeout, localAddress, bufferLimit, writeBufferLimit, tls);
    }

    /**
     * A copy with another local address.
     *
     * @param address the local address and port to bind the socket to before it connects
     * @return a copy with the address
     */
    public ConnectOptions withLocalAddress(InetSocketAddress address) {
        return new ConnectOptions(connectTimeout, Objects.requireNonNull(address, "address"), bufferLimit, writeBufferLimit, tls);
    }

    /**
     * A copy with another buffer limit.
     *
     * @param bytes the reader's limit ({@link StreamReader#limit()})
     * @return a copy with the limit
     */
    public ConnectOptions withBufferLimit(int bytes) {
        return new ConnectOptions(connectTimeout, localAddress, positive(bytes, "buffer limit"), writeBufferLimit, tls);
    }

    /**
     * A copy with another write buffer limit.
     *
     * @param bytes how much the writer may buffer before a write throws (see {@link StreamWriter})
     * @return a copy with the limit
     */
    public ConnectOptions withWriteBufferLimit(int bytes) {
        return new ConnectOptions(connectTimeout, localAddress, bufferLimit, positive(bytes, "write buffer limit"), tls);
    }

    /**
     * The connect timeout, or null for none.
     *
     * @return the connect timeout, or null for none
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The local address to bind to, or null for any.
     *
     * @return the local address to bind to, or null for any
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The reader's limit in bytes.
     *
     * @return the reader's limit in bytes
     */
    public int bufferLimit() {
        return bufferLimit;
    }

    /**
     * The writer's buffer limit in bytes.
     *
     * @return the writer's buffer limit in bytes
     */
    public int writeBufferLimit() {
        return writeBufferLimit;
    }

    /**
     * A copy that opens a TLS connection: {@link Streams#openConnection} completes once the
     * handshake is done, and the reader and writer carry plaintext. The server name sent (SNI) and
     * verified is the host given to {@code openConnection} unless the options name another.
     *
     * <pre>{@code
     * Connection c = await(Streams.openConnection("example.org", 443,
     *         ConnectOptions.defaults().withTls(TlsOptions.client())));
     * }</pre>
     *
     * @param tls client options ({@link TlsOptions#client()}), or null for plain TCP
     * @return a copy with TLS
     * @throws IllegalArgumentException for server options
     */
    public ConnectOptions withTls(TlsOptions tls) {
        if (tls != null && !tls.isClient()) {
            throw new IllegalArgumentException("a connection needs TlsOptions.client(...), not server options");
        }
        return new ConnectOptions(connectTimeout, localAddress, bufferLimit, writeBufferLimit, tls);
    }

    /**
     * The TLS options, or null for plain TCP.
     *
     * @return the TLS options, or null
     */
    public TlsOptions tls() {
        return tls;
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
                + bufferLimit + ", writeBufferLimit=" + writeBufferLimit + (tls != null ? ", tls=" + tls : "") + "]";
    }
}
