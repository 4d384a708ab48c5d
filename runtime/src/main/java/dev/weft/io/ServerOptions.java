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
            StreamWriter.DEFAULT_WRITE_LIMIT, true);

    private final int backlog;
    private final int bufferLimit;
    private final int writeBufferLimit;
    private final boolean reuseAddress;

    private ServerOptions(int backlog, int bufferLimit, int writeBufferLimit, boolean reuseAddress) {
        this.backlog = backlog;
        this.bufferLimit = bufferLimit;
        this.writeBufferLimit = writeBufferLimit;
        this.reuseAddress = reuseAddress;
    }

    /** @return a backlog of 100, a 64 KiB read limit, a 16 MiB write-buffer limit, and address reuse on (asyncio's defaults) */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param backlog how many connections the operating system may queue before they are accepted
     * @return a copy with the backlog
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(ConnectOptions.positive(backlog, "backlog"), bufferLimit, writeBufferLimit, reuseAddress);
    }

    /**
     * @param bytes each connection's reader limit ({@link StreamReader#limit()})
     * @return a copy with the limit
     */
    public ServerOptions withBufferLimit(int bytes) {
        return new ServerOptions(backlog, ConnectOptions.positive(bytes, "buffer limit"), writeBufferLimit, reuseAddress);
    }

    /**
     * @param bytes how much each connection's writer may buffer before a write throws
     * @return a copy with the limit
     */
    public ServerOptions withWriteBufferLimit(int bytes) {
        return new ServerOptions(backlog, bufferLimit, ConnectOptions.positive(bytes, "write buffer limit"), reuseAddress);
    }

    /**
     * @param reuse whether to bind with {@code SO_REUSEADDR}, so that a restarted server can bind
     *     while the old one's connections linger in TIME_WAIT
     * @return a copy with the setting
     */
    public ServerOptions withReuseAddress(boolean reuse) {
        return new ServerOptions(backlog, bufferLimit, writeBufferLimit, reuse);
    }

    /** @return the backlog */
    public int backlog() {
        return backlog;
    }

    /** @return each reader's limit in bytes */
    public int bufferLimit() {
        return bufferLimit;
    }

    /** @return each writer's buffer limit in bytes */
    public int writeBufferLimit() {
        return writeBufferLimit;
    }

    /** @return whether the server binds with {@code SO_REUSEADDR} */
    public boolean isReuseAddress() {
        return reuseAddress;
    }

    @Override
    public String toString() {
        return "ServerOptions[backlog=" + backlog + ", bufferLimit=" + bufferLimit + ", writeBufferLimit="
                + writeBufferLimit + ", reuseAddress=" + reuseAddress + "]";
    }
}
