package dev.weft;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A task the loop owns (asyncio {@code Task}): made by {@code createTask} and {@code run}, it has a
 * name, is listed by {@code allTasks}, is current while its code runs, and counts cancellation
 * requests for {@code cancelling()}/{@code uncancel()}.
 *
 * <pre>
 *   state     meaning                                           next
 *   SCHEDULED the coroutine starts on the next turn             RUNNING, done (cancelled before start)
 *   RUNNING   inner is the coroutine's task, not done yet       done (as inner ends)
 * </pre>
 *
 * Cancellation goes to the inner task (which passes it down the chain of awaits to where the code is
 * suspended); if the inner task cannot take it now, it is kept ({@link #keepCancel}) and delivered
 * at the start, or by ending the task cancelled if the inner task ends with a value.
 */
final class LoopTask<T> extends Task<T> implements Runnable, Completion {

    private final EventLoop loop;
    /**
     * The name given (a String), or null for {@code Task-<id>} (built on demand, not kept per task);
     * while a cancellation is kept, a {@link Kept} with both. One field for the two: a kept
     * cancellation is rare, and a field less keeps the task at 48 bytes.
     */
    private Object nameOrKept;
    private final int id;
    /** The coroutine's supplier until the first step, then its task (one field: one per task). */
    private Object body;
    /** Cancellation requests counted for {@code cancelling()}, and {@link #IN_CANCEL} while a cancel() goes down from here. */
    private int cancelRequests;
    /** Links of the loop's list of live tasks ({@link EventLoop#register}). */
    LoopTask<?> prevLive;
    LoopTask<?> nextLive;

    /** A bit of {@link #cancelRequests}: this task's cancel() is passing the request down its chain of awaits. */
    private static final int IN_CANCEL = 1 << 30;

    LoopTask(EventLoop loop, Supplier<? extends Task<T>> coroutine, String name) {
        this.loop = loop;
        Objects.requireNonNull(coroutine, "coroutine");
        // body tells started from not by its type, so a supplier must not itself be a task.
        this.body = coroutine instanceof Task ? (Supplier<Task<T>>) () -> coroutine.get() : coroutine;
        this.nameOrKept = name;
        this.id = loop.nextTaskId();
        if (loop.isDebug()) {
            DebugState.track(this, loop, "task '" + name() + "'");
        }
        if (loop.inLoopThread()) {
            loop.register(this);
            loop.enqueue(this);
        } else {
            // Made by another loop of a parallel group (or by runParallel's caller): the loop's
            // task set is its own, so it registers the task itself, and starts it on the turn after,
            // as createTask does; a cancel() sent right after lands in between and wins.
            loop.enqueueThreadSafe(() -> {
                loop.register(this);
                loop.enqueue(this);
            });
        }
    }

    /** The coroutine's task once started, else null. */
    @SuppressWarnings("unchecked")
    Task<T> inner() {
        Object b = body;
        return b instanceof Task ? (Task<T>) b : null;
    }

    /** Whether the first step ran (for dumps: a task not started is "scheduled"). */
    boolean isStarted() {
        return !(body instanceof Supplier);
    }

    /** The number of its default name {@code Task-N}: the order tasks were made in, across a group's loops. */
    int id() {
        return id;
    }

    /** The loop this task runs on, from its first step to its end. */
    EventLoop loop() {
        return loop;
    }

    /** The first step: starts the coroutine with this task current. */
    @Override
    public void run() {
        if (body == null || body instanceof Task || isDone()) {
            return; // started already
        }
        @SuppressWarnings("unchecked")
        Supplier<? extends Task<T>> s = (Supplier<? extends Task<T>>) body;
        body = null;
        if (nameOrKept instanceof Kept) {
            fail(CancelledException.of(takeCancel())); // cancelled before it started: the body never runs
            return;
        }
        Task<T> t;
        Task<?> previous = loop.swapCurrent(this);
        Trampoline tr = loop.trampoline();
        boolean outermost = tr.enter(); // frames this step resumes run within it, after it
        try {
            t = Objects.requireNonNull(s.get(), "the coroutine returned null instead of a task");
        } catch (Throwable e) {
            fail(e);
            return;
        } finally {
            loop.swapCurrent(previous);
            if (outermost) {
                tr.exit();
            }
        }
        body = t;
        Object pending = pendingCancel();
        if (pending != null && CancellationRequest.cancelKept(t, pending)) {
            takeCancel(); // it cancelled itself while it ran its first step
        }
        t.addCompletion(this);
    }

    @Override
    public void onComplete(Task<?> done) {
        if (loop.inLoopThread()) {
            settleFromInner(); // the usual case: no Runnable made (escape analysis does not always spare it)
        } else {
            loop.enqueueThreadSafe(this::settleFromInner);
        }
    }

    private void settleFromInner() {
        Task<T> inner = inner();
        if (nameOrKept instanceof Kept && !inner.isFailed() && !inner.isCancelled()) {
            fail(CancelledException.of(takeCancel())); // asyncio: cancelled right before it returned
        } else {
            completeFrom(inner);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        if (!loop.inLoopThread()) {
            loop.enqueueThreadSafe(() -> cancel(message));
            return true;
        }
        if ((cancelRequests & IN_CANCEL) != 0) {
            // the chain of awaits came back here: tasks awaiting one another in a cycle (a deadlock).
            // Kept, not passed round again (asyncio recurses until its RecursionError).
            keepCancel(PendingCancel.of(message));
            return true;
        }
        cancelRequests++;
        Task<T> in = inner();
        if (in != null) {
            cancelRequests |= IN_CANCEL;
            try {
                if (in.cancel(message)) {
                    return true;
                }
            } finally {
                cancelRequests &= ~IN_CANCEL;
            }
        }
        keepCancel(PendingCancel.of(message));
        return true;
    }

    /** The cancellation kept ({@link PendingCancel}), or null. */
    private Object pendingCancel() {
        Object k = nameOrKept;
        return k instanceof Kept ? ((Kept) k).pending : null;
    }

    /** Keeps a cancellation (asyncio's {@code _must_cancel}), replacing any kept before. */
    private void keepCancel(Object pending) {
        nameOrKept = new Kept(givenName(), pending);
    }

    /** Drops the cancellation kept and returns it (null if none). */
    private Object takeCancel() {
        Object k = nameOrKept;
        if (!(k instanceof Kept)) {
            return null;
        }
        nameOrKept = ((Kept) k).name;
        return ((Kept) k).pending;
    }

    /** The name given, or null. */
    private String givenName() {
        Object k = nameOrKept;
        return k instanceof Kept ? ((Kept) k).name : (String) k;
    }

    /** A kept cancellation, with the task's name it stands in for in {@link #nameOrKept}. */
    private static final class Kept {
        final String name;
        final Object pending;

        Kept(String name, Object pending) {
            this.name = name;
            this.pending = pending;
        }
    }

    /**
     * Counts a cancellation request that a scope delivers itself (a task group to its body, a
     * timeout to its body), for {@code cancelling()}; the scope takes it back with {@link #uncancel}.
     */
    void addCancelRequest() {
        cancelRequests++;
    }

    /**
     * Counts a request as {@link #addCancelRequest} and cancels {@code target} (a scope's body) with
     * it, marked as passing down from this task as one from {@link #cancel} is: a timeout scope the
     * request reaches then knows this task counts it ({@link #isPassingCancelDown}).
     */
    void cancelCounted(Task<?> target) {
        cancelRequests++;
        boolean outermost = (cancelRequests & IN_CANCEL) == 0;
        cancelRequests |= IN_CANCEL;
        try {
            target.cancel();
        } finally {
            if (outermost) {
                cancelRequests &= ~IN_CANCEL;
            }
        }
    }

    /** Whether a cancellation this task counted is passing down its chain of awaits now (loop thread only). */
    boolean isPassingCancelDown() {
        return (cancelRequests & IN_CANCEL) != 0;
    }

    @Override
    public int cancelling() {
        return cancelRequests & ~IN_CANCEL;
    }

    @Override
    public int uncancel() {
        if ((cancelRequests & ~IN_CANCEL) > 0 && (--cancelRequests & ~IN_CANCEL) == 0) {
            takeCancel();
            Task<T> in = inner();
            if (in != null) {
                in.dropPendingCancel(); // kept down the chain of frames, if the task was running (a frame's hook)
            }
        }
        return cancelRequests & ~IN_CANCEL;
    }

    @Override
    public String name() {
        String name = givenName();
        return name != null ? name : "Task-" + id;
    }

    /** asyncio reports a task's failure nobody retrieved, debug mode or not; so does this, when the task is collected. */
    @Override
    boolean watchUnretrieved(Throwable failure) {
        DebugState.watchFailure(this, loop, "task '" + name() + "'", failure);
        return true;
    }

    /** Called once when the task completes, before its waiters are told: it leaves the loop's live list. */
    void onSettled() {
        if (loop.inLoopThread()) {
            loop.unregister(this);
        } else {
            loop.enqueueThreadSafe(() -> loop.unregister(this));
        }
    }
}
