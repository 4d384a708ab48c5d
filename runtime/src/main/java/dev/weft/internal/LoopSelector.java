package dev.weft.internal;

import dev.weft.Loop;
import dev.weft.Task;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.function.Supplier;

/**
 * What {@code dev.weft.io} needs of an event loop: the loop's {@link java.nio.channels.Selector},
 * made at its first use, so that a program without I/O never opens one. Not for users, and not part
 * of the contract; the one implementation lives package-private in {@code dev.weft}.
 *
 * <p>Everything but {@link #peers()}, {@link #startTask} and {@link #loop()} is for the loop's own
 * thread: a channel registered here belongs to this loop.
 */
public abstract class LoopSelector {
    /** For the runtime's own implementation only. */
    protected LoopSelector() {
        if (!getClass().getName().equals("dev.weft.IoSelector")) {
            throw new IllegalStateException("dev.weft.internal.LoopSelector is the runtime's own");
        }
    }

    /**
     * The selector of the loop running on this thread, made now if it has none yet.
     *
     * @param operation what needs it, for the message when no loop runs here
     * @return the selector
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static LoopSelector current(String operation) {
        RuntimeAccess rt = RuntimeAccess.get();
        if (rt == null) {
            Task.done(); // initializes Task, which installs the access
            rt = RuntimeAccess.get();
        }
        LoopSelector s = rt.currentSelector();
        if (s == null) {
            throw new IllegalStateException(operation + " needs a running event loop: call it from code run by Weft.run");
        }
        return s;
    }

    /** What a registered channel's attachment is told when the channel is ready. */
    public interface Readiness {
        /**
         * Called on the loop's thread while it collects ready channels, before the turn's ready
         * queue runs: it must not run user code (grant a waiter, which resumes its coroutine in this
         * turn, instead). The interest is left as it is: the handler stops watching what it no
         * longer waits for (the selector is level-triggered: an operation left watched while ready
         * wakes every select).
         *
         * @param readyOps the operations the channel is ready for
         */
        void ready(int readyOps);

        /**
         * The loop has ended and closed the channel: release what else it held (a Unix server's
         * socket file). On the thread that ends the loop; it must not throw.
         */
        default void loopEnded() {
        }
    }

    /** @return the loop this selector belongs to */
    public abstract Loop loop();

    /** @return whether the calling thread is this selector's loop's */
    public abstract boolean inLoopThread();

    /**
     * Registers {@code channel} (non-blocking) with no interest yet.
     *
     * @param channel the channel
     * @param handler its attachment, told of readiness
     * @return the key
     * @throws IOException if the channel is closed
     */
    public abstract SelectionKey register(SelectableChannel channel, Readiness handler) throws IOException;

    /**
     * Releases now the descriptors of the channels closed since the loop last selected: a selector
     * keeps a registered channel's descriptor open until it deregisters it at its next select, so
     * that a listening socket closed in a step would go on accepting connections (and then reset
     * them) until the loop's next turn. Nothing ready is collected. Loop thread only; within a
     * readiness handler it does nothing (the next select deregisters them).
     */
    public abstract void releaseClosed();

    /**
     * How many times the loop has asked the selector what is ready: a socket found empty since the
     * last time has nothing new that the next poll would not report.
     *
     * @return the count, wrapping around
     */
    public abstract int polls();

    /**
     * A direct buffer the loop's socket reads and writes share (64 KiB): cleared before each use, never kept.
     *
     * @return the buffer
     */
    public abstract ByteBuffer ioBuffer();

    /**
     * The selectors of every loop of the group under {@code Weft.runParallel}, in the group's order
     * (made now if need be); this one alone under {@code Weft.run}. From any thread.
     *
     * @return the selectors
     */
    public abstract LoopSelector[] peers();

    /**
     * Starts {@code body}, a served connection's handler, as a task of this selector's loop (from any
     * thread), as {@code createTask}; one still pending when the loop closes is not reported as
     * other tasks are: the loop's end closes its connection.
     *
     * @param <T> the type of the value
     * @param body the task's body, called on this loop
     * @return the task
     */
    public abstract <T> Task<T> startTask(Supplier<? extends Task<T>> body);

    /**
     * Runs {@code action} on this selector's loop: now if called on its thread, else on its next
     * turn. Unlike {@code callSoonThreadSafe}, an action the loop never runs because it ends first
     * is dropped silently: it is housekeeping (closing a channel) that the loop's end does anyway.
     * From any thread.
     *
     * @param action what to run; it must not throw
     * @return false if the loop has closed already: then {@code action} is not run
     */
    public abstract boolean execute(Runnable action);

    /**
     * Has {@code resource} closed when the loop ends, before the channels still registered are
     * closed: for what the loop owns besides channels (a child process it started). From any thread;
     * closed at once if the loop has ended already. Its {@code close()} runs once, on the thread
     * closing the loop, and what it throws is reported.
     *
     * @param resource what to close at the end
     */
    public abstract void closeAtEnd(AutoCloseable resource);

    /**
     * Forgets a resource given to {@link #closeAtEnd} (it closed itself). From any thread.
     *
     * @param resource the resource
     */
    public abstract void forgetAtEnd(AutoCloseable resource);

    /**
     * Reports a failure no task can receive to the loop's reporter.
     *
     * @param message what happened
     * @param exception the failure
     */
    public abstract void report(String message, Throwable exception);
}
