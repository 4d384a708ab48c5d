package dev.weft;

import java.util.Arrays;

/**
 * Where a cancellation was asked for: the cause of the {@link CancelledException} a task's
 * {@code cancel()} led to, when a task called it. Its stack trace is the requester's: the frames of
 * the {@code cancel()} call site down to the requesting coroutine, then the frames from {@code Weft.run}
 * down (the runtime's own frames are left out). The cancelled code's side is the
 * {@code CancelledException}'s own trace: the await where the cancellation was delivered, then that
 * coroutine's awaiters.
 *
 * <pre>{@code
 * } catch (CancelledException e) {
 *     e.printStackTrace();   // ... Caused by: dev.weft.CancellationRequest: cancel() called
 * }
 * }</pre>
 *
 * <p>A cancellation the runtime asks for outside any task (the loop's shutdown, a timeout's expiry,
 * another thread's {@code cancel()}) has no request; a timeout names its scope's line in the
 * {@link AsyncTimeoutException} instead. Not made by users.
 */
public final class CancellationRequest extends Throwable {
    private static final long serialVersionUID = 1L;

    /** Whether the trace was cut to the requester's frames already. */
    private transient volatile boolean trimmed;

    private CancellationRequest() {
        super("cancel() called", null, false, true);
    }

    /** Stands in {@link #PASSED} for a kept cancellation that no task asked for. */
    private static final CancellationRequest NO_REQUEST = new CancellationRequest();
    /** The request of a kept cancellation being handed on ({@link #cancelKept}), which no new one replaces. */
    private static final ThreadLocal<CancellationRequest> PASSED = new ThreadLocal<>();

    /** A request made now, by the current task of this thread's loop; null outside any task (or with traces off). */
    static CancellationRequest capture() {
        CancellationRequest passed = PASSED.get();
        if (passed != null) {
            return passed == NO_REQUEST ? null : passed;
        }
        EventLoop l = EventLoop.current();
        if (l == null || l.currentTask() == null || !AsyncTraces.enabled()) {
            return null;
        }
        return new CancellationRequest();
    }

    /**
     * Cancels {@code task} with a cancellation kept until now ({@link PendingCancel}): the cancellation
     * it leads to keeps the kept one's request, not one made where it is handed on.
     */
    static boolean cancelKept(Task<?> task, Object pendingCancel) {
        CancellationRequest r = PendingCancel.request(pendingCancel);
        PASSED.set(r != null ? r : NO_REQUEST);
        try {
            return task.cancel(PendingCancel.message(pendingCancel));
        } finally {
            PASSED.remove();
        }
    }

    /** Cuts the trace to the requester's frames, once: when a cancellation it caused is delivered. */
    void trim() {
        if (trimmed) {
            return;
        }
        trimmed = true;
        StackTraceElement[] st = getStackTrace();
        int from = 0;
        while (from < st.length && AsyncTraces.isRuntime(st[from].getClassName())) {
            from++; // CancellationRequest, Task.cancel, LoopTask.cancel...
        }
        StackTraceElement[] requester = AsyncTraces.throwSite(Arrays.copyOfRange(st, from, st.length), null);
        StackTraceElement[] below = AsyncTraces.below(st);
        StackTraceElement[] out = Arrays.copyOf(requester, requester.length + below.length);
        System.arraycopy(below, 0, out, requester.length, below.length);
        setStackTrace(out);
    }
}
