package dev.weft;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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

    private CancellationRequest(StackTraceElement[] trace) {
        super("cancel() called", null, false, true);
        setStackTrace(trace);
    }

    /** Not filled: the trace is the requester's frames, walked by {@link #capture}. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** Made once; a first batch of frames that holds a cancel() call's usual ones. */
    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES), 16);

    /** This thread's last request and the place of its call, reused by calls from the same place and loop. */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[3]);

    /** Stands in {@link #PASSED} for a kept cancellation that no task asked for. */
    private static final CancellationRequest NO_REQUEST = new CancellationRequest(new StackTraceElement[0]);
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
        // The requester's frames: from the cancel() call down to the runtime's first (its coroutine's
        // resumption, or its task's first step); then the frames below Weft.run, the same for the loop.
        List<StackWalker.StackFrame> frames = WALKER.walk(st -> st.dropWhile(f -> AsyncTraces.isRuntime(f.getClassName()))
                        .takeWhile(f -> !AsyncTraces.isRuntime(f.getClassName()))
                        .limit(AsyncTraces.MAX_AWAITERS)
                        .collect(Collectors.toList()));
        StringBuilder key = new StringBuilder();
        for (StackWalker.StackFrame f : frames) {
            key.append(f.getClassName()).append('.').append(f.getMethodName()).append('@').append(f.getByteCodeIndex()).append(' ');
        }
        String place = key.toString();
        Object[] last = LAST.get();
        if (last[0] != null && ((WeakReference<?>) last[0]).get() == l && place.equals(last[1])) {
            return (CancellationRequest) last[2]; // many cancel() calls from one place: one request
        }
        StackTraceElement[] below = AsyncTraces.belowHere();
        StackTraceElement[] trace = new StackTraceElement[frames.size() + below.length];
        for (int i = 0; i < frames.size(); i++) {
            trace[i] = frames.get(i).toStackTraceElement();
        }
        System.arraycopy(below, 0, trace, frames.size(), below.length);
        CancellationRequest r = new CancellationRequest(trace);
        last[0] = new WeakReference<>(l); // not keeping a finished loop alive
        last[1] = place;
        last[2] = r;
        return r;
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
}
