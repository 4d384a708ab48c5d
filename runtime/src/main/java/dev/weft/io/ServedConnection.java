package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection a {@link Server} accepted, with its handler task: listed by the server until the task
 * has ended and the connection is closed (what the handler wrote is sent: asyncio's
 * {@code wait_closed} waits for it). It is the task's body and done-callback itself, so that an
 * idle connection costs little.
 */
final class ServedConnection extends SocketTransport implements Supplier<Task<Object>>, Consumer<Task<?>> {
    private final Server server;
    /** The handler's task, once started. */
    volatile Task<?> task;
    /** Links of the server's list (guarded by the server). */
    ServedConnection prev;
    ServedConnection next;
    /** The TLS handshake failed: the connection closes, and nothing is reported (as asyncio's, at debug level only). */
    private volatile boolean handshakeFailed;
    /** Of the handler's end and the connection's close, how many are still to come (two, then one, then none). */
    private volatile int toEnd = 2;
    private static final AtomicIntegerFieldUpdater<ServedConnection> TO_END =
            AtomicIntegerFieldUpdater.newUpdater(ServedConnection.class, "toEnd");
    /** The connection is closed (on its loop). */
    private boolean closeSeen;

    ServedConnection(Server server, SocketChannel channel, LoopSelector selector, int limit, int writeLimit) {
        super(channel, selector, limit, writeLimit);
        this.server = server;
    }

    /** Starts the handler task on {@code loop}, from the accepting loop. */
    void start(LoopSelector loop) {
        Task<?> t = loop.startTask(this); // itself as body and callback: an idle connection costs less
        task = t;
        t.whenDone(this); // on the accepting loop
        if (server.isAborting()) {
            t.cancel(); // closeNow() listed this connection before its task was there to cancel
        }
    }

    /** The task's body, on the connection's loop. */
    @Override
    public Task<Object> get() {
        TlsOptions tls = server.tls();
        if (tls != null) {
            return new TlsServed(tls).start();
        }
        return handler();
    }

    /** The handler's task. */
    private Task<Object> handler() {
        Task<?> h;
        try {
            h = server.handle(this);
        } catch (Throwable e) {
            return Task.failed(e);
        }
        if (h == null) {
            return Task.failed(new NullPointerException("the ConnectionHandler returned null instead of a task"));
        }
        @SuppressWarnings("unchecked")
        Task<Object> cast = (Task<Object>) h;
        return cast;
    }

    /** The handler task ended (on the accepting loop): close the connection on its own loop. */
    @Override
    public void accept(Task<?> t) {
        if (t.isFailed() && !handshakeFailed) {
            server.report("Unhandled exception in the connection handler of " + this, t.exception());
        }
        boolean cancelled = t.isCancelled();
        Runnable close = () -> {
            if (!isOpen()) {
                return;
            }
            if (cancelled) {
                writer.abort();
            } else {
                writer.close();
            }
        };
        try {
            // Not callSoonThreadSafe: at the end of a runParallel the connection's loop may stop
            // before it runs this, which is no fault to report (its end closes the channel too).
            if (!selector.execute(close)) {
                closeChannel(); // its loop has ended: nobody else will
            }
        } finally {
            oneEnded();
        }
    }

    /**
     * For {@link Server#closeNow()}: cancels the handler; once it has ended, aborts the connection
     * instead, which may still be sending what the handler wrote to a slow peer.
     */
    void abortNow() {
        Task<?> t = task;
        if (t == null) {
            return;
        }
        if (!t.isDone()) {
            t.cancel();
        } else if (!selector.execute(() -> writer.abort())) {
            closeChannel();
        }
    }

    @Override
    void onClosed() {
        if (!closeSeen) {
            closeSeen = true;
            oneEnded();
        }
    }

    @Override
    public void loopEnded() {
        onClosed(); // the loop closed the channel itself
    }

    /** The handler ended, or the connection closed: after both, the server no longer counts it. */
    private void oneEnded() {
        if (TO_END.decrementAndGet(this) == 0) {
            server.ended(this);
        }
    }

    /**
     * The task of a TLS connection: its handshake, then its handler. Cancelled during the
     * handshake (closeNow), it aborts the connection; afterwards a cancel goes to the handler,
     * and this task ends as the handler does.
     */
    private final class TlsServed extends dev.weft.Waiter<Object> {
        private final TlsOptions options;
        private volatile Task<Object> handlerTask;

        TlsServed(TlsOptions options) {
            super(selector.loop());
            this.options = options;
        }

        Task<Object> start() {
            try {
                startTls(options, null, this::handshook);
            } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
                handshakeFailed = true;
                closeChannel();
                refuse(e);
            }
            return this;
        }

        private void handshook(Throwable failure) {
            if (isDone()) {
                return;
            }
            if (failure != null) {
                handshakeFailed = true;
                closeChannel();
                refuse(failure);
                return;
            }
            Task<Object> h = handler();
            handlerTask = h;
            follow(h);
        }

        @Override
        protected void onFollowed(Task<?> task) {
            if (task.isCancelled()) {
                super.cancel("the connection handler was cancelled");
            } else if (task.isFailed()) {
                refuse(task.exception());
            } else {
                grant(task.result());
            }
        }

        @Override
        public boolean cancel(String message) {
            Task<Object> h = handlerTask;
            if (h != null) {
                return h.cancel(message); // this task ends as the handler does
            }
            if (!super.cancel(message)) {
                return false;
            }
            handshakeFailed = true; // nothing to report: the connection is aborted
            if (!selector.execute(ServedConnection.this::closeChannel)) {
                closeChannel();
            }
            return true;
        }
    }
}
