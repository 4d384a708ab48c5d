package dev.weft.io;

/**
 * Options of {@link Streams#startServer(ConnectionHandler, String, int, ServerOptions)}; immutable,
 * each {@code with} method returns a copy.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().withBacklog(1024);
 * Server server = await(Streams.startServer(App::serve, "0.0.0.0", 8080, options));
 * }</pre>
 */
public final class ServerOptions {
    private static final ServerOptions DEFAULTS = new ServerOptions(100, StreamReader.DEFAULT_LIMIT,
            StreamWriter.DEFAULT_WRITE_LIMIT, true, null);

    private final int backlog;
    private final int bufferLimit;
    private final int writeBufferLimit;
    private final boolean reuseAddress;
    private final TlsOptions tls;

    private ServerOptions(int backlog, int bufferLimit, int writeBufferLimit, boolean reuseAddress, TlsOptions tls) {
        this.tls = tls;
        this.backlog = backlog;
        this.bufferLimit = bufferLimit;
        this.writeBufferLimit = writeBufferLimit;
        this.reuseAddress = reuseAddress;
    }

    /**
     * A backlog of 100, a 64 KiB read limit, a 16 MiB write-buffer limit, and address reuse on (asyncio's defaults).
     *
     * @return the defaults
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another backlog.
     *
     * @param backlog how many connections the operating system may queue before they are accepted
     * @return a copy with the backlog
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(ConnectOptions.positive(backlog, "backlog"), bufferLimit, writeBufferLimit, reuseAddress, tls);
    }

    /**
     * A copy with another buffer limit.
     *
     * @param bytes each connection's reader limit ({@link StreamReader#limit()})
     * @return a copy with the limit
     */
    public ServerOptions withBufferLimit(int bytes) {
        return new ServerOptions(backlog, ConnectOptions.positive(bytes, "buffer limit"), writeBufferLimit, reuseAddress, tls);
    }

    /**
     * A copy with another write buffer limit.
     *
     * @param bytes how much each connection's writer may buffer before a write throws
     * @return a copy with the limit
     */
    public ServerOptions withWriteBufferLimit(int bytes) {
        return new ServerOptions(backlog, bufferLimit, ConnectOptions.positive(bytes, "write buffer limit"), reuseAddress, tls);
    }

    /**
     * A copy that binds with or without {@code SO_REUSEADDR}.
     *
     * @param reuse whether to bind with {@code SO_REUSEADDR}, so that a restarted server can bind
     *     while the old one's connections linger in TIME_WAIT
     * @return a copy with the setting
     */
    public ServerOptions withReuseAddress(boolean reuse) {
        return new ServerOptions(backlog, bufferLimit, writeBufferLimit, reuse, tls);
    }

    /**
     * The backlog.
     *
     * @return the backlog
     */
    public int backlog() {
        return backlog;
    }

    /**
     * Each reader's limit in bytes.
     *
     * @return each reader's limit in bytes
     */
    public int bufferLimit() {
        return bufferLimit;
    }

    /**
     * Each writer's buffer limit in bytes.
     *
     * @return each writer's buffer limit in bytes
     */
    public int writeBufferLimit() {
        return writeBufferLimit;
    }

    /**
     * Whether the server binds with {@code SO_REUSEADDR}.
     *
     * @return whether the server binds with {@code SO_REUSEADDR}
     */
    public boolean isReuseAddress() {
        return reuseAddress;
    }

    /**
     * A copy that serves TLS: each connection's handshake runs before its handler, which then
     * reads and writes plaintext; a connection whose handshake fails is closed, and no handler runs
     * for it (asyncio logs it at debug level only; it is not reported).
     *
     * <pre>{@code
     * Server s = await(Streams.startServer(App::serve, "0.0.0.0", 8443,
     *         ServerOptions.defaults().withTls(TlsOptions.server(context))));
     * }</pre>
     *
     * @param tls server options ({@link TlsOptions#server}), or null for plain TCP
     * @return a copy with TLS
     * @throws IllegalArgumentException for client options
     */
    public ServerOptions withTls(TlsOptions tls) {
        if (tls != null && tls.isClient()) {
            throw new IllegalArgumentException("a server needs TlsOptions.server(context), not client options");
        }
        return new ServerOptions(backlog, bufferLimit, writeBufferLimit, reuseAddress, tls);
    }

    /**
     * The TLS options, or null for plain TCP.
     *
     * @return the TLS options, or null
     */
    public TlsOptions tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "ServerOptions[backlog=" + backlog + ", bufferLimit=" + bufferLimit + ", writeBufferLimit="
                + writeBufferLimit + ", reuseAddress=" + reuseAddress + (tls != null ? ", tls=" + tls : "") + "]";
    }
}
