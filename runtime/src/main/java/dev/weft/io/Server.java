package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Waiter;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening TCP server from {@link Streams#startServer}, or a Unix domain socket one from
 * {@link Streams#startUnixServer} (asyncio {@code Server}): it accepts
 * connections and runs its {@link ConnectionHandler} for each, as a task of its own.
 *
 * <pre>{@code
 * Server server = await(Streams.startServer(Echo::echo, "127.0.0.1", 0));
 * System.out.println("Serving on " + server.address());
 * await(using(server, s -> s.serveForever()));
 * }</pre>
 *
 * <p>It accepts on the loop it was started on; under {@code Weft.runParallel} it hands the
 * connections to the loops in turn (round-robin), and each handler task runs on its connection's
 * loop. {@link #close()} stops accepting and lets the running handlers finish; {@link #closeNow()}
 * also cancels them. A server not closed is closed when its {@code Weft.run} ends.
 *
 * <p><b>Cancellation:</b> cancelling {@link #serveForever()} closes the server; a task cancelled in
 * {@link #waitClosed()} gets {@link dev.weft.CancelledException} there, and the server is unaffected.
 */
public final class Server implements AsyncCloseable {
    /** asyncio waits this long before accepting again after accept() failed (out of descriptors, say). */
    private static final Duration ACCEPT_RETRY = Duration.ofSeconds(1);

    private final LoopSelector selector;
    private final ServerSocketChannel channel;
    private final ConnectionHandler handler;
    private final ServerOptions options;
    /** The TCP address listened on; null for a Unix server. */
    private final InetSocketAddress address;
    /** The socket file of a Unix server; null for TCP. */
    private final Path path;
    /** The socket file's key, so that close removes our file only (see UnixSockets.removeSocketFile). */
    private final Object pathKey;
    private final LoopSelector[] loops;
    private final Accepter accepter = new Accepter();
    private int nextLoop;
    private SelectionKey key;
    private Forever forever;

    // Guarded by this: handlers end on other loops under runParallel.
    private boolean closed;
    private ServedConnection first;
    private int active;
    /** Set by closeNow(): every handler is to be cancelled. */
    private boolean aborting;
    private Promise<Void> closedPromise;
    /** Set once a Unix server's socket file is removed (by close, or the loop's end). */
    private boolean fileRemoved;

    private Server(LoopSelector selector, ServerSocketChannel channel, ConnectionHandler handler, ServerOptions options,
            Path path, Object pathKey) throws IOException {
        this.selector = selector;
        this.channel = channel;
        this.handler = handler;
        this.options = options;
        this.address = path == null ? (InetSocketAddress) channel.getLocalAddress() : null;
        this.path = path;
        this.pathKey = pathKey;
        this.loops = selector.peers();
    }

    /** Binds and starts accepting; the channel is closed if that fails. On the loop's thread. */
    static Server open(LoopSelector selector, InetSocketAddress at, ConnectionHandler handler, ServerOptions options)
            throws IOException {
        ServerSocketChannel c = ServerSocketChannel.open();
        try {
            c.configureBlocking(false);
            c.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, options.isReuseAddress());
            try {
                c.bind(at, options.backlog());
            } catch (IOException e) {
                throw SocketErrors.binding(e, at);
            }
            Server s = new Server(selector, c, handler, options, null, null);
            s.key = selector.register(c, s.accepter);
            s.key.interestOps(SelectionKey.OP_ACCEPT);
            return s;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Binds a Unix domain socket at {@code path} and starts accepting; the channel is closed (and
     * its file removed) if that fails. On the loop's thread.
     */
    static Server openUnix(LoopSelector selector, Path path, ConnectionHandler handler, ServerOptions options)
            throws IOException {
        ServerSocketChannel c = UnixSockets.openServer();
        Object fileKey = null;
        boolean bound = false;
        try {
            c.configureBlocking(false);
            fileKey = UnixSockets.bind(c, path, options.backlog()); // no SO_REUSEADDR: a file, not a port
            bound = true;
            Server s = new Server(selector, c, handler, options, path, fileKey);
            s.key = selector.register(c, s.accepter);
            s.key.interestOps(SelectionKey.OP_ACCEPT);
            return s;
        } catch (IOException | RuntimeException e) {
            c.close();
            if (bound) {
                UnixSockets.removeSocketFile(path, fileKey);
            }
            throw e;
        }
    }

    /**
     * The port the server listens on: the one the system chose if it was started with port 0.
     *
     * @return the port, or -1 for a Unix server
     */
    public int port() {
        return address == null ? -1 : address.getPort();
    }

    /**
     * The address and port the server listens on.
     *
     * @return the address, or null for a Unix server
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The socket file a Unix server listens at ({@link Streams#startUnixServer}); it is removed when
     * the server closes.
     *
     * @return the path it was started with, or null for a TCP server
     */
    public Path path() {
        return path;
    }

    /** What the server listens on, for messages: its address, or its socket file. */
    private Object where() {
        return path != null ? path : address;
    }

    /**
     * Whether the server accepts connections: until it is closed (asyncio {@code is_serving}).
     *
     * @return true until {@link #close()}, {@link #closeNow()} or the end of {@link #serveForever()}
     */
    public synchronized boolean isServing() {
        return !closed;
    }

    /**
     * A task that completes when the server is closed: it serves until then (asyncio
     * {@code serve_forever}). Cancelling it closes the server and ends it at once (asyncio also awaits {@code wait_closed()} first).
     *
     * <pre>{@code
     * Server server = await(Streams.startServer(App::serve, "127.0.0.1", 8080));
     * await(server.serveForever());
     * }</pre>
     *
     * @return the task
     * @throws IllegalStateException if the server is closed, or another serveForever() waits already,
     *     or off the server's loop
     */
    public Task<Void> serveForever() {
        checkThread();
        if (!isServing()) {
            throw new IllegalStateException("server " + where() + " is closed");
        }
        if (forever != null) {
            throw new IllegalStateException("server " + where() + " is already being awaited on serveForever()");
        }
        forever = new Forever();
        return forever;
    }

    /**
     * Stops accepting connections; the running handlers go on, and each connection closes once its
     * handler has ended and what it wrote is sent (asyncio {@code close}).
     *
     * @return {@link #waitClosed()}
     */
    @Override
    public Task<Void> close() {
        stopAccepting();
        return waitClosed();
    }

    /**
     * Stops accepting connections and cancels the running handlers (their connections are then
     * aborted once their tasks end, dropping what they buffered); a connection whose handler had
     * ended already, still sending what it wrote, is aborted at once. asyncio's {@code close} with
     * {@code abort_clients} aborts the connections instead and leaves the handlers running.
     *
     * @return {@link #waitClosed()}
     */
    public Task<Void> closeNow() {
        stopAccepting();
        List<ServedConnection> listed = new ArrayList<>();
        synchronized (this) {
            aborting = true; // a handler listed but not started yet cancels itself (ServedConnection.start)
            for (ServedConnection c = first; c != null; c = c.next) {
                listed.add(c);
            }
        }
        for (ServedConnection c : listed) {
            c.abortNow();
        }
        return waitClosed();
    }

    /**
     * A task that completes once the server is closed, every handler has ended and every
     * connection is closed, what its handler wrote sent (asyncio {@code wait_closed}): a program
     * that ends after it cuts no response short.
     *
     * @return the task
     */
    public Task<Void> waitClosed() {
        synchronized (this) {
            if (closed && active == 0) {
                return Task.done();
            }
            if (closedPromise == null) {
                closedPromise = Task.promise();
            }
            return closedPromise;
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "Server[" + where() + (closed ? ", closed" : ", serving") + ", " + active + " connections]";
        }
    }

    // ---- accepting ----------------------------------------------------------------------------

    private void checkThread() {
        if (!selector.inLoopThread()) {
            throw new IllegalStateException("a server belongs to the event loop it was started on: use it from that loop's tasks");
        }
    }

    private void stopAccepting() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (selector.inLoopThread()) {
            closeChannel();
        } else if (!selector.execute(this::closeChannel)) {
            try {
                channel.close(); // the server's loop has ended (and closed it already, or closes it now)
            } catch (IOException e) {
                // released all the same
            }
            removeSocketFile();
        }
        maybeClosed();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            selector.report("Cannot close " + this, e);
        }
        selector.releaseClosed(); // else the socket listens (and resets what it took) until the loop selects
        removeSocketFile();
        Forever f = forever;
        forever = null;
        if (f != null) {
            f.end();
        }
    }

    /** The listening socket has connections: accept them (as many as the backlog per turn). */
    private void acceptReady() {
        for (int i = 0; i < options.backlog(); i++) {
            SocketChannel c;
            try {
                c = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                selector.report("Error on accept() of " + this + "; accepting again in "
                        + ACCEPT_RETRY.toMillis() + " ms", e);
                key.interestOps(0);
                selector.loop().callLater(ACCEPT_RETRY, this::watchAccept);
                return;
            }
            if (c == null) {
                break;
            }
            serve(c);
        }
    }

    private void watchAccept() {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Starts the handler task of a new connection on the next loop. */
    private void serve(SocketChannel c) {
        LoopSelector target = loops[nextLoop];
        nextLoop = (nextLoop + 1) % loops.length;
        ServedConnection sc;
        try {
            c.configureBlocking(false);
            if (path == null) {
                c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // a Unix socket has no such option
            }
            sc = new ServedConnection(this, c, target, options.bufferLimit(), options.writeBufferLimit());
            sc.register(); // from now on the target loop closes it if it ends first
        } catch (java.nio.channels.ClosedSelectorException e) {
            close(c); // the target loop has ended (the end of a runParallel): no fault to report
            return;
        } catch (IOException | RuntimeException e) {
            close(c);
            selector.report("Cannot set up an accepted connection of " + this, e);
            return;
        }
        synchronized (this) {
            if (closed) {
                // close() came from another loop's thread and its hand-over has not run yet
                sc.closeChannel();
                return;
            }
            active++;
            sc.next = first;
            if (first != null) {
                first.prev = sc;
            }
            first = sc;
        }
        sc.start(target);
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // released all the same
        }
    }

    /** @return whether closeNow() was called: a handler started from now on is cancelled */
    synchronized boolean isAborting() {
        return aborting;
    }

    /** @return the TLS options each connection's handshake uses, or null for plain TCP */
    TlsOptions tls() {
        return options.tls();
    }

    Task<?> handle(SocketTransport t) throws Exception {
        return handler.handle(t.reader, t.writer);
    }

    void report(String message, Throwable exception) {
        selector.report(message, exception);
    }

    /** {@code sc}'s handler ended and its connection is closed: it no longer counts. */
    void ended(ServedConnection sc) {
        synchronized (this) {
            if (sc.prev != null) {
                sc.prev.next = sc.next;
            } else if (first == sc) {
                first = sc.next;
            }
            if (sc.next != null) {
                sc.next.prev = sc.prev;
            }
            sc.prev = sc.next = null;
            active--;
        }
        maybeClosed();
    }

    private void maybeClosed() {
        Promise<Void> p;
        synchronized (this) {
            if (!closed || active > 0 || closedPromise == null) {
                return;
            }
            p = closedPromise;
        }
        p.complete(null);
    }

    /** Removes a Unix server's socket file (once its channel is closed); a failure is reported. */
    private void removeSocketFile() {
        synchronized (this) {
            if (path == null || fileRemoved) {
                return;
            }
            fileRemoved = true;
        }
        IOException e = UnixSockets.removeSocketFile(path, pathKey);
        if (e != null) {
            selector.report("Cannot remove the socket file of " + this, e);
        }
    }

    /** The listening channel's readiness handler (a field, so that Server shows no such method). */
    private final class Accepter implements LoopSelector.Readiness {
        @Override
        public void ready(int readyOps) {
            acceptReady();
        }

        @Override
        public void loopEnded() {
            removeSocketFile(); // the server was not closed: its loop's end closed the channel
        }
    }

    /** {@link #serveForever()}'s task: ends when the server closes; cancelling it closes the server. */
    private final class Forever extends Waiter<Void> {
        Forever() {
            super(selector.loop());
        }

        @Override
        protected String waitsOn() {
            return "serveForever(): connections to accept on " + Server.this;
        }

        void end() {
            grant(null);
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            stopAccepting();
            return true;
        }
    }
}
