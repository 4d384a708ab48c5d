package dev.weft.io;

import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TCP connections and servers on the event loop (asyncio's {@code open_connection} and
 * {@code start_server}), and their Unix domain socket twins ({@code open_unix_connection},
 * {@code start_unix_server}).
 *
 * <pre>{@code
 * @Async
 * static Task<Void> echoClient(String message) {
 *     Connection c = await(Streams.openConnection("127.0.0.1", 8888));
 *     c.writer().write(message.getBytes(StandardCharsets.UTF_8));
 *     byte[] data = await(c.reader().read(100));
 *     System.out.println("Received: " + new String(data, StandardCharsets.UTF_8));
 *     await(c.close());
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>The loop waits for its sockets in a {@link java.nio.channels.Selector}, opened at the first
 * connection or server; a program without I/O never opens one. Host names are resolved off the
 * loop (on {@link dev.weft.Weft#toThread}); literal addresses at once.
 */
public final class Streams {
    private Streams() {
    }

    /**
     * Opens a TCP connection with the default options.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @return a task with the connection; see {@link #openConnection(String, int, ConnectOptions)}
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Connection> openConnection(String host, int port) {
        return openConnection(host, port, ConnectOptions.defaults());
    }

    /**
     * Opens a TCP connection: resolves {@code host}, then tries its addresses in order until one
     * accepts. The socket has {@code TCP_NODELAY} on, as asyncio's.
     *
     * <pre>{@code
     * Connection c = await(Streams.openConnection("127.0.0.1", 8888,
     *         ConnectOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))));
     * }</pre>
     *
     * <p><b>Cancellation:</b> the task is cancelled at once and the socket being connected (or
     * shaking hands) is closed; a connection made just before the cancellation reached the caller
     * is closed too.
     *
     * @param host a host name or a literal address
     * @param port the port
     * @param options the connect timeout, local address and buffer limits
     * @return a task with the connection; it fails with the JDK's exceptions:
     *     {@link java.net.UnknownHostException}, {@link java.net.ConnectException} (refused; the
     *     other addresses' failures added as suppressed), {@link java.net.SocketTimeoutException}
     *     (the connect timeout); with TLS ({@link ConnectOptions#withTls}), the JDK's
     *     {@link javax.net.ssl.SSLHandshakeException} (its cause kept: a
     *     {@link java.security.cert.CertificateException} for a certificate of another host, say)
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Connection> openConnection(String host, int port, ConnectOptions options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        return new Connect(LoopSelector.current("openConnection"), host, port, options).start();
    }

    /**
     * Starts a TCP server with the default options.
     *
     * @param handler what serves each connection, as a task of its own
     * @param host the address to listen on, or null for every interface
     * @param port the port, or 0 for one the system chooses ({@link Server#port()})
     * @return a task with the listening server
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Server> startServer(ConnectionHandler handler, String host, int port) {
        return startServer(handler, host, port, ServerOptions.defaults());
    }

    /**
     * Starts a TCP server: binds to {@code host}'s first address and accepts at once. Each
     * connection runs {@code handler} as a task of its own; when that task ends, the connection is
     * closed.
     *
     * <pre>{@code
     * Server server = await(Streams.startServer(Echo::echo, "127.0.0.1", 8888,
     *         ServerOptions.defaults().withBacklog(1024)));
     * }</pre>
     *
     * <p><b>Cancellation:</b> a start cancelled while it resolves the host name binds nothing.
     *
     * @param handler what serves each connection
     * @param host the address to listen on, or null for every interface
     * @param port the port, or 0 for one the system chooses
     * @param options the backlog, buffer limits and address reuse
     * @return a task with the listening server; it fails with the JDK's exceptions
     *     ({@link java.net.BindException} if the address is in use)
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Server> startServer(ConnectionHandler handler, String host, int port, ServerOptions options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        LoopSelector selector = LoopSelector.current("startServer");
        Task<InetAddress[]> resolving = Addresses.resolve(host);
        if (resolving.isDone() && !resolving.isFailed()) {
            try {
                return Task.of(Server.open(selector, at(resolving.result(), port), handler, options));
            } catch (IOException | RuntimeException e) {
                return Task.failed(e); // at the await, as from the path that resolves a name first
            }
        }
        return new Bind(selector, resolving, port, handler, options);
    }

    /**
     * Opens a Unix domain socket connection with the default options.
     *
     * @param path the server's socket file
     * @return a task with the connection; see {@link #openUnixConnection(Path, ConnectOptions)}
     * @throws UnsupportedOperationException on JDK 11 to 15, which have no Unix domain socket channels
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Connection> openUnixConnection(Path path) {
        return openUnixConnection(path, ConnectOptions.defaults());
    }

    /**
     * Opens a connection to the Unix domain socket at {@code path} (asyncio's
     * {@code open_unix_connection}); JDK 16 or later. The connection is the same as a TCP one, its
     * {@link Connection#remoteAddress()} a {@code java.net.UnixDomainSocketAddress} (this side's
     * has an empty path).
     *
     * <pre>{@code
     * Connection c = await(Streams.openUnixConnection(Path.of("/run/app.sock")));
     * c.writer().write("ping\n", StandardCharsets.UTF_8);
     * String reply = await(c.reader().readLine(StandardCharsets.UTF_8));
     * await(c.close());
     * }</pre>
     *
     * <p>A Unix connect is mostly answered at once; the connect timeout counts for one the system
     * leaves pending. With {@link ConnectOptions#withTls} the task completes after the handshake;
     * the certificate is verified against {@link TlsOptions#withServerName}'s name (asyncio's
     * {@code server_hostname}). <b>Cancellation:</b> as
     * {@link #openConnection(String, int, ConnectOptions)}.
     *
     * @param path the server's socket file
     * @param options the connect timeout and buffer limits; a local address is for TCP only
     * @return a task with the connection; it fails with the JDK's exceptions, their messages naming
     *     the path: {@link java.net.SocketException} ("No such file or directory", or a path too long
     *     for the system), {@link java.net.ConnectException} (nobody listens there)
     * @throws UnsupportedOperationException on JDK 11 to 15, which have no Unix domain socket channels
     * @throws IllegalArgumentException if {@code path} is empty, {@code options} has a local address, or TLS
     *     that verifies the host name without {@link TlsOptions#withServerName} (a socket file has no host name)
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Connection> openUnixConnection(Path path, ConnectOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        checkNotEmpty(path);
        UnixSockets.checkSupported();
        if (options.localAddress() != null) {
            throw new IllegalArgumentException("a Unix connection binds no local address: withLocalAddress is for TCP");
        }
        TlsOptions tls = options.tls();
        if (tls != null && tls.serverName() == null && tls.isHostnameVerified()) {
            throw new IllegalArgumentException("a TLS connection over a Unix socket has no host name to verify: name the "
                    + "one the certificate must have with TlsOptions.withServerName (asyncio's server_hostname)");
        }
        return new Connect(LoopSelector.current("openUnixConnection"), path, options).start();
    }

    /**
     * Starts a Unix domain socket server with the default options.
     *
     * @param handler what serves each connection, as a task of its own
     * @param path the socket file to make
     * @return a task with the listening server; see {@link #startUnixServer(ConnectionHandler, Path, ServerOptions)}
     * @throws UnsupportedOperationException on JDK 11 to 15, which have no Unix domain socket channels
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Server> startUnixServer(ConnectionHandler handler, Path path) {
        return startUnixServer(handler, path, ServerOptions.defaults());
    }

    /**
     * Starts a server on a Unix domain socket made at {@code path} (asyncio's
     * {@code start_unix_server}); JDK 16 or later. It serves as a TCP server does
     * ({@link Server#path()} tells the file; its {@code port()} is -1), and removes the socket file
     * when it closes, or when its {@code Weft.run} ends.
     *
     * <pre>{@code
     * Server server = await(Streams.startUnixServer(Echo::echo, Path.of("/tmp/echo.sock")));
     * await(server.serveForever());
     * }</pre>
     *
     * <p>A socket file left at {@code path} by a server that did not close is removed first, as
     * asyncio does; unlike asyncio, one a live server accepts on is not (a {@link java.net.BindException}:
     * that server sees a connection that ends at once). Address reuse does not apply.
     *
     * @param handler what serves each connection
     * @param path the socket file to make
     * @param options the backlog and buffer limits
     * @return a task with the listening server; it fails with a {@link java.net.BindException}
     *     naming the path if a live server or a file that is not a socket is there, or a
     *     {@link java.net.SocketException} if the path is too long for the system
     * @throws UnsupportedOperationException on JDK 11 to 15, which have no Unix domain socket channels
     * @throws IllegalArgumentException if {@code path} is empty
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<Server> startUnixServer(ConnectionHandler handler, Path path, ServerOptions options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        checkNotEmpty(path);
        UnixSockets.checkSupported();
        LoopSelector selector = LoopSelector.current("startUnixServer");
        try {
            return Task.of(Server.openUnix(selector, path, handler, options));
        } catch (IOException | RuntimeException e) {
            return Task.failed(e); // at the await, as a TCP server's
        }
    }

    private static InetSocketAddress at(InetAddress[] addresses, int port) {
        return addresses == null ? new InetSocketAddress(port) : new InetSocketAddress(addresses[0], port);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A server start waiting for its host name. */
    private static final class Bind extends Waiter<Server> {
        private final LoopSelector selector;
        private final Task<InetAddress[]> resolving;
        private final int port;
        private final ConnectionHandler handler;
        private final ServerOptions options;

        @Override
        protected String waitsOn() {
            return "a server's bind to port " + port + (resolving.isDone() ? "" : " (resolving the host)");
        }

        Bind(LoopSelector selector, Task<InetAddress[]> resolving, int port, ConnectionHandler handler,
                ServerOptions options) {
            super(selector.loop());
            this.selector = selector;
            this.resolving = resolving;
            this.port = port;
            this.handler = handler;
            this.options = options;
            follow(resolving);
        }

        @Override
        protected void onFollowed(Task<?> task) {
            if (isDone()) {
                return;
            }
            if (task.isFailed()) {
                refuse(task.exception());
                return;
            }
            Server s;
            try {
                s = Server.open(selector, at(resolving.result(), port), handler, options);
            } catch (IOException | RuntimeException e) {
                refuse(e);
                return;
            }
            if (!grant(s)) {
                s.close();
            }
        }

        @Override
        protected void onUndelivered(Server s) {
            s.close();
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            resolving.cancel();
            return true;
        }
    }

    /** The empty path reads as the current directory, which a bind would report as "a file that is not a socket". */
    private static void checkNotEmpty(Path path) {
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("an empty path: name the Unix domain socket's file");
        }
    }
}
