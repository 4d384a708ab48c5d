package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection a {@link Server} accepted, with its handler task: listed by the server until the task
 * ended. It is the task's body and done-callback itself, so that an idle connection costs little.
 */
final class ServedConnection extends SocketTransport implements Supplier<Task<Object>>, Consumer<Task<?>> {
    private final Server server;
    /** The handler's task, once started. */
    volatile Task<?> task;
    /** Links of the server's list (guarded by the server). */
    ServedConnection prev;
    ServedConnection next;

    ServedConnection(Server server, SocketChannel channel, LoopSelector selector, int limit, int writeLimit) {
        super(channel, selector, limit, writeLimit);
        this.server = server;
    }

    /** Starts the handler task on {@code loop}, from the accepting loop. */
    void start(LoopSelector loop) {
        Task<?> t = loop.startTask(this); // itself as body and callback: an idle connection costs less
        task = t;
        t.whenDone(this); // on the accepting loop
    }

    /** The task's body, on the connection's loop. */
    @Override
    public Task<Object> get() {
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
        if (t.isFailed()) {
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
            server.ended(this);
        }
    }
}
