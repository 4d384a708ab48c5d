package dev.weft;

import dev.weft.internal.Coroutine;
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
 *
 * <p>A task may also adopt a coroutine frame that started elsewhere ({@link #adopt}: asyncio's
 * {@code ensure_future}, which {@code shield}, {@code wait} and {@code as_completed} apply to a
 * coroutine): it is RUNNING from the start, with that frame as its inner task.
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
    /**
     * The coroutine's supplier until the first step, then its task (one field: one per task); which
     * of the two is told by {@link #STARTED}, not by type: the supplier may be the coroutine's frame
     * itself (woven {@code createTask(() -> m(a))}: a frame made with its arguments, see
     * {@code Coroutine.get()}), which is also the task once started.
     */
    private Object body;
    /**
     * Cancellation requests counted for {@code cancelling()}, {@link #IN_CANCEL} while a cancel() goes
     * down from here, and the flags {@link #STARTED}, {@link #ADOPTED}, {@link #SERVES}.
     */
    private int cancelRequests;
    /** Links of the loop's list of live tasks ({@link EventLoop#register}). */
    LoopTask<?> prevLive;
    LoopTask<?> nextLive;

    /** A bit of {@link #cancelRequests}: this task's cancel() is passing the request down its chain of awaits. */
    private static final int IN_CANCEL = 1 << 30;
    /** A bit of {@link #cancelRequests}, set for good: the task adopted a frame started elsewhere ({@link #adopt}). */
    private static final int ADOPTED = 1 << 29;
    /** A bit of {@link #cancelRequests}, set for good: a server connection's handler task ({@link #servingConnection}). */
    private static final int SERVES = 1 << 28;
    /** A bit of {@link #cancelRequests}, set for good at the first step: {@link #body} is the coroutine's task. */
    private static final int STARTED = 1 << 27;
    /** The bits of {@link #cancelRequests} that count the requests. */
    private static final int COUNT = STARTED - 1;

    LoopTask(EventLoop loop, Supplier<? extends Task<T>> coroutine, String name) {
        this(loop, coroutine, name, 0);
    }

    /**
     * The handler task of a connection a server accepted ({@code IoSelector.startTask}): as any, but
     * not reported if still pending when its loop closes (see {@link #servesConnection()}).
     */
    static <T> LoopTask<T> servingConnection(EventLoop loop, Supplier<? extends Task<T>> handler) {
        return new LoopTask<>(loop, handler, null, SERVES);
    }

    private LoopTask(EventLoop loop, Supplier<? extends Task<T>> coroutine, String name, int flags) {
        this.loop = loop;
        this.cancelRequests = flags;
        this.body = Objects.requireNonNull(coroutine, "coroutine");
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

    /**
     * The task of {@link #adopt}: {@code frame}, a frame of {@code loop} that started elsewhere,
     * runs for this task from now on, and the task ends as it ends. Loop thread only.
     */
    private LoopTask(EventLoop loop, Task<T> frame) {
        this.loop = loop;
        this.body = frame;
        this.id = loop.nextTaskId();
        this.cancelRequests = ADOPTED | STARTED;
        // Not tracked in debug mode: the frame is, and whoever holds the frame awaits it, never this task.
        loop.register(this);
        frame.runFor(this);
        frame.addCompletion(this);
    }

    /**
     * Makes {@code t}, if it is a coroutine frame still running that is no loop task's coroutine, the
     * coroutine of a new task of its loop, as asyncio's {@code ensure_future} wraps a coroutine in a
     * task: listed by {@code allTasks()} (named {@code Task-N}), current while the frame and the frames
     * it awaits run, counting the cancellations asked of the frame, and cancelled when the run ends.
     * For a frame that goes on while the task that called it may not await it any longer: given to
     * {@code shield}, {@code waitTasks} or {@code asCompleted}, or left running by a failed gather.
     * Anything else (a done task, a loop's task, a frame with no loop) is left as it is. No cost for
     * frames simply awaited: only those combinators adopt.
     */
    static void adopt(Task<?> t) {
        if (!(t instanceof Coroutine) || t.isDone()) {
            return;
        }
        Object l = t.homeLoop();
        if (!(l instanceof EventLoop)) {
            return; // a frame outside any loop: no loop to own it, nor to end it
        }
        EventLoop frameLoop = (EventLoop) l;
        if (!frameLoop.inLoopThread()) {
            frameLoop.enqueueUnlessClosed(() -> adopt(t)); // the frame's state is its loop's
            return;
        }
        if (!frameLoop.isClosed() && coroutineTaskOf(t) == null) {
            adopt(frameLoop, t);
        }
    }

    /** {@link #adopt} of each of {@code tasks}: the frames a combinator's caller may no longer await. */
    static void adoptAll(Iterable<?> tasks) {
        for (Object t : tasks) {
            adopt((Task<?>) t);
        }
    }

    private static <V> void adopt(EventLoop loop, Task<V> frame) {
        new LoopTask<>(loop, frame);
    }

    /** The loop's task {@code t} is the coroutine of (it started from it, or adopted it), or null. */
    static LoopTask<?> coroutineTaskOf(Task<?> t) {
        if (t instanceof Coroutine) {
            Task<?> owner = t.ownerTask();
            if (owner instanceof LoopTask && ((LoopTask<?>) owner).inner() == t) {
                return (LoopTask<?>) owner;
            }
        }
        return null;
    }

    /**
     * Whether this is a server connection's handler task: if it is still pending when its loop
     * closes, the loop's end closes its connection, and nothing is reported (a server accepting
     * while a run ends, {@code dev.weft.io.Server}).
     */
    boolean servesConnection() {
        return (cancelRequests & SERVES) != 0;
    }

    /** Whether this task adopted a frame started elsewhere ({@link #adopt}). */
    boolean isAdopted() {
        return (cancelRequests & ADOPTED) != 0;
    }

    /**
     * Whether a request to cancel {@code frame} is this task's to count and pass down: the frame is
     * its coroutine, and this task is not passing a request of its own down to it now.
     */
    boolean takesCancelFor(Task<?> frame) {
        return inner() == frame && (cancelRequests & IN_CANCEL) == 0;
    }

    /** The coroutine's task once started (null while its first step runs), else null. */
    @SuppressWarnings("unchecked")
    Task<T> inner() {
        Object b = body; // a task dump may read from another thread: never take a supplier read late for the task
        return b instanceof Task && (cancelRequests & STARTED) != 0 ? (Task<T>) b : null;
    }

    /** Whether the first step ran or runs (for dumps: a task not started is "scheduled"). */
    boolean isStarted() {
        return (cancelRequests & STARTED) != 0;
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
        if ((cancelRequests & STARTED) != 0 || isDone()) {
            return; // started already
        }
        @SuppressWarnings("unchecked")
        Supplier<? extends Task<T>> s = (Supplier<? extends Task<T>>) body;
        body = null;
        cancelRequests |= STARTED;
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
        if (t instanceof Coroutine && t.ownerTask() != this && t.homeLoop() == loop && !t.isDone()
                && coroutineTaskOf(t) == null) {
            // a frame started before, by another task (createTask(() -> frame)): this task's coroutine
            // from now on, as asyncio's create_task(coro) runs coro in the task it makes
            t.runFor(this);
        }
        Object pending = pendingCancel();
        if (pending != null) {
            // it cancelled itself while it ran its first step: counted then, passed down now (as cancel()
            // does, flagged, or the frame, this task's coroutine, would hand it back here to count again)
            cancelRequests |= IN_CANCEL;
            try {
                if (CancellationRequest.cancelKept(t, pending)) {
                    takeCancel();
                }
            } finally {
                cancelRequests &= ~IN_CANCEL;
            }
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
        return cancelRequests & COUNT;
    }

    @Override
    public int uncancel() {
        if ((cancelRequests & COUNT) > 0 && (--cancelRequests & COUNT) == 0) {
            takeCancel();
            Task<T> in = inner();
            if (in != null) {
                in.dropPendingCancel(); // kept down the chain of frames, if the task was running (a frame's hook)
            }
        }
        return cancelRequests & COUNT;
    }

    @Override
    public String name() {
        String name = givenName();
        return name != null ? name : "Task-" + id;
    }

    /**
     * asyncio reports a task's failure nobody retrieved, debug mode or not; so does this, when the
     * task is collected. Not an adopted one's: whoever holds its frame reads the failure from the
     * frame, never from this task (the frame's failure went to what held it before, as ever).
     */
    @Override
    boolean watchUnretrieved(Throwable failure) {
        if (isAdopted()) {
            return false;
        }
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
