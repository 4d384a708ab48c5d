package dev.weft.internal;

import dev.weft.Task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The frame of one suspended invocation of a woven method, and that invocation's task.
 *
 * <p>Not for users: the weaver generates one subclass per async method, whose fields hold the
 * invocation's live values across a suspension, and calls the public and protected members here from
 * woven code: they are contract {@value Contract#VERSION} (see the package's documentation). One
 * frame serves every suspension of its invocation, and is its own task, its own completion (the
 * runtime tells it through {@code awaitedDone}) and its own entry in its loop's queue, so that a
 * suspension allocates nothing beyond what the awaited task needs.
 *
 * <pre>
 *   state          meaning                                          next
 *   NEW            the body runs from the method's own call (the    SUSPENDED (first suspension)
 *                  frame was made at its first await)
 *   RUNNING        the body runs on some thread                     SUSPENDING (in a resumption off
 *                                                                   any loop), SUSPENDED
 *   SUSPENDING     suspended in resumeHere(), not yet returned      SUSPENDED, EARLY
 *   EARLY          the awaited task completed before resumeHere()   RUNNING (resumeHere() goes on
 *                  returned                                         at once)
 *   SUSPENDED      waiting for the awaited task                     RUNNING (resumed on the loop)
 *   DELEGATING     the body returned a task that is not yet done    done
 * </pre>
 *
 * <p>Frames are resumed through the runtime's trampoline: one after another, never one inside another,
 * so that a chain of any depth resumes in constant stack. A frame that ends in its own task's step
 * resumes its awaiter of the same task within that step (asyncio runs {@code await coro()} inline);
 * anything else resumes it on a later turn of its loop. A frame that returns to its caller, when that
 * is the one frame awaiting it and nothing else waits in the trampoline, does not tell it: the same
 * resumption goes on with the caller's step, as a call returns.
 *
 * @param <T> the type of the value
 */
public abstract class Coroutine<T> extends Task<T> implements Supplier<Task<T>> {
    private static final RuntimeAccess RT = RuntimeAccess.get();
    /** What a frame awaits while it is its own entry in its loop's ready queue (a {@code sleep(0)}). */
    private static final Task<?> YIELD = RT.yieldMark();
    /** What a frame awaits while it is its own entry in its loop's timer heap (a timed sleep). */
    private static final Task<?> SLEEP = RT.sleepMark();
    /** What a frame awaits once its timer fired: a done sleep. */
    private static final Task<?> SLEPT = RT.slept();
    /**
     * What {@link #returned} gives a body that returns a value once it has a frame: {@link #finish}
     * completes the frame with the value waiting in {@link #awaited}. Never seen outside {@link #drive}.
     */
    private static final Task<?> RETURNED = Task.done();
    /** The slot of a frame whose queued entry is stale: its timer fired, then it was cancelled and queued anew. */
    private static final int STALE = -1;
    /** The bits of {@link #state} that hold the phase (NEW ... RUNNING); the slot is above them. */
    private static final int PHASE = 7;
    private static final int SLOT_SHIFT = 3;
    private static final int NEW = 0;
    private static final int SUSPENDING = 1;
    private static final int EARLY = 2;
    private static final int SUSPENDED = 3;
    private static final int DELEGATING = 4;
    private static final int RUNNING = 5;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Coroutine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Which await the invocation is suspended at (1-based); read by the woven prologue. */
    public int label;
    /**
     * The phase (NEW ... RUNNING) in the low {@value #SLOT_SHIFT} bits; above them the timer slot:
     * while the frame sleeps as its own entry, its index in its loop's timer heap plus one; 0 when it
     * is in none (so a new frame needs no store); {@link #STALE} to skip a stale entry in the ready
     * queue. One field for the two: a frame whose woven fields fill 8-byte words stays a word smaller.
     * The slot changes only on the loop's thread while the frame is SUSPENDED, when nothing else
     * writes the phase; every phase change happens with the slot 0.
     */
    private volatile int state;
    /**
     * Where this invocation runs, in one field: the task ({@code createTask}/{@code run}) it runs
     * for, which is current while it runs and knows its loop; else (it first suspended on a loop
     * outside any task: a callback) that loop (a {@code dev.weft.EventLoop}); null when it first
     * suspended outside any loop. See {@link #owner()} and {@link #loop()}. While a cancellation is
     * kept (asked for while the awaited task could not take it), a {@link Kept} with that home and
     * the request: rare, so a frame has no field of its own for it (a frame with one int of its own
     * fits 40 bytes).
     */
    private Object home;
    /**
     * The task awaited (while suspended), or delegated to (while delegating); null while the body
     * runs; from {@link #returned} until {@link #finish}, the value the body returned (never a task).
     */
    private Object awaited;

    /** Called by the frame's constructor, at the invocation's first suspension. */
    protected Coroutine() {
        super(RT);
    }

    /**
     * Runs the woven body from {@link #label}; returns what the body returned, or anything if it suspended.
     *
     * @return the body's return value, or anything if it suspended
     */
    protected abstract Object step();

    /**
     * The woven method's name in source terms, {@code "pkg.Owner.method"}, for reports: a constant
     * the weaver writes into the frame class, so naming a frame costs nothing until a report asks.
     */
    protected abstract String method();

    /**
     * Contract 4: starts a frame that woven code made before its invocation ran, holding the
     * arguments at label 0. The weaver turns {@code createTask(() -> m(a))} (and its twins on
     * {@code createLocalTask} and {@code TaskGroup.createTask}) into {@code createTask(frame)} with
     * such a frame, so that the task's first step runs the body from the frame: no lambda, and no
     * second frame at the first suspension. This does what calling the woven method does: runs the
     * body in the current task until its first suspension and returns the invocation's task (this
     * frame, or what the body returned, or a failed task if it threw). A frame starts once.
     *
     * @return the invocation's task
     * @throws IllegalStateException if the frame started before (it is no frame made for a start)
     */
    @Override
    @SuppressWarnings("unchecked")
    public final Task<T> get() {
        if (label != 0 || home != null || phase() != NEW || awaited != null || isDone()) {
            throw new IllegalStateException("coroutine " + method() + " started before: a frame starts once");
        }
        Object r;
        try {
            r = step();
        } catch (Throwable failure) {
            return failedTask(failure);
        }
        if (r == RETURNED) {
            Object value = awaited; // returned(value, this) before any suspension: what the entry's Task.of(value) is
            awaited = null;
            return (Task<T>) Task.of(value);
        }
        return (Task<T>) r; // this frame (it suspended), or the task the body returned
    }

    // ---- called by woven code --------------------------------------------------------------

    /**
     * {@code Weft.sleep(millis)} whose task goes straight into an await: the weaver calls this
     * instead. The same checks and errors as {@code Weft.sleep}; what it returns is a shared mark
     * that the await right after suspends on, making the frame its own entry in the loop's ready
     * queue or timer heap, so that the sleep allocates nothing.
     *
     * @param millis how long to sleep, in milliseconds
     * @return a mark for the await
     * @throws IllegalStateException outside a running event loop
     */
    public static Task<Void> sleepAwaited(long millis) {
        return cast(RT.sleepAwaited(millis));
    }

    /**
     * Like {@link #sleepAwaited(long)} for {@code Weft.sleep(Duration)}.
     *
     * @param delay how long to sleep
     * @return a mark for the await
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalStateException outside a running event loop
     */
    public static Task<Void> sleepAwaited(Duration delay) {
        return cast(RT.sleepAwaited(delay));
    }

    @SuppressWarnings("unchecked")
    private static Task<Void> cast(Task<?> mark) {
        return (Task<Void>) mark;
    }

    /**
     * {@code return Task.of(value)} (or {@code Task.done()}, with null) in the body of a method
     * declared to return {@code Task}: the weaver calls this instead, with the body's frame. Before
     * the first suspension ({@code frame} null) it is {@code Task.of(value)}. After it, the body runs
     * in its frame's step, whose end completes the frame with this value: so it keeps the value in
     * the frame and returns a shared mark instead of a task that would only be read and dropped.
     *
     * @param value the value returned
     * @param frame the body's frame, or null before its first suspension
     * @return {@code Task.of(value)}, or a mark that the frame's step recognises
     */
    public static Task<?> returned(Object value, Coroutine<?> frame) {
        if (frame == null || value instanceof Task) {
            // a task as the value stays in a task: awaited holds no task between returned and finish
            return Task.of(value);
        }
        frame.awaited = value;
        return RETURNED;
    }

    /**
     * Fast-path test: is the awaited task done.
     *
     * @param awaited the awaited task
     * @return true if it is done
     */
    public static boolean isDone(Task<?> awaited) {
        return nonNull(awaited).isDone();
    }

    /**
     * Fast-path test: is the awaited stage done.
     *
     * @param awaited the awaited stage
     * @return true if it is done
     */
    public static boolean isDone(CompletionStage<?> awaited) {
        Object s = nonNull(awaited);
        if (s instanceof Task) {
            return ((Task<?>) s).isDone();
        }
        return RT.isDone((CompletionStage<?>) s);
    }

    /**
     * The value of a done task, or its failure thrown as it is.
     *
     * @param done a done task
     * @return its value
     */
    public static Object valueOf(Task<?> done) {
        try {
            return RT.valueOf(done);
        } catch (Throwable failure) {
            throw RT.rethrowInline(done, failure); // the async stack trace: a failure path only
        }
    }

    /**
     * The value of a done stage, or its failure thrown as it is (unwrapped).
     *
     * @param done a done stage
     * @return its value
     */
    public static Object valueOf(CompletionStage<?> done) {
        try {
            return RT.valueOf(done);
        } catch (Throwable failure) {
            throw RT.rethrowInline(done instanceof Task ? (Task<?>) done : null, failure);
        }
    }

    /**
     * Suspends this invocation at await {@code label} until {@code awaited} completes. Returns true
     * on the invocation's first suspension, when the woven method must return this frame to its
     * caller; false when the loop resumed it, and what the body returns is ignored.
     *
     * @param awaited the task to wait for
     * @param label the await's number, where {@link #step()} resumes
     * @return true on the first suspension
     */
    public final boolean suspend(Task<?> awaited, int label) {
        Object h = home;
        if (h == null || h instanceof Kept && ((Kept) h).home == null) {
            firstSuspension();
        }
        if (awaited == YIELD || awaited == SLEEP) {
            return sleepHere(awaited, label); // the hot path of await(sleep(0)): nothing else applies to a mark
        }
        if (awaited == this || awaited == owner()) {
            awaited = Task.failed(selfAwait(awaited)); // fails at the await, inside the handlers around it
        }
        this.label = label;
        this.awaited = awaited;
        if (RT.isTracked(this)) {
            trackSuspension();
        }
        // Read the state before registering: once registered, another thread may resume this frame.
        boolean first = phase() == NEW;
        // On a loop, a completion only ever queues the frame on that loop, which runs it after this
        // step returned; so no hand-shake with the completer is needed. Off any loop, the completer
        // runs the frame itself and must not do so while resumeHere() is still unwinding (SUSPENDING).
        // A release store is enough (no fence): a thread that completes the awaited task learns of
        // this frame through the registration's CAS, which publishes the store before it, or is this
        // thread (a task of this loop), or the loop the registration was handed over to.
        STATE.setRelease(this, first || home() != null ? SUSPENDED : SUSPENDING);
        Object cancel = pendingCancel();
        RT.await(awaited, this);
        if (cancel != null && RT.cancelKept(awaited, cancel)) {
            // asyncio: a cancellation asked for while the task ran cancels the next thing it awaits
            pendingCancel(null);
        }
        return first;
    }

    /**
     * Makes this frame its own entry: at the end of its loop's ready queue for a yield, in its timer
     * heap for a timed sleep (at the deadline {@link #sleepAwaited} computed). On the loop's thread
     * (the mark came from it), which alone ever resumes the frame, so a plain store of the state does.
     */
    private boolean sleepHere(Task<?> mark, int label) {
        this.label = label;
        this.awaited = mark;
        if (RT.isTracked(this)) {
            trackSuspension();
        }
        boolean first = phase() == NEW;
        // home read once: its loop, and whether a cancellation is kept (the hot path of a yield)
        Object h = home;
        Object cancel = null;
        if (h instanceof Kept) {
            cancel = ((Kept) h).cancel;
            h = ((Kept) h).home;
        }
        Object l = h instanceof Task ? RT.loopOf((Task<?>) h) : h;
        STATE.setRelease(this, SUSPENDED);
        if (mark == YIELD) {
            RT.yieldHere(l, this);
        } else {
            RT.sleepHere(l, this);
        }
        if (cancel != null) {
            // asyncio: a cancellation asked for while the task ran cancels the next thing it awaits
            pendingCancel(null);
            cancelSleep(mark, null, cancel);
        }
        return first;
    }

    /**
     * Cancels the sleep this frame awaits as its own entry, as cancelling a {@code Yield} or
     * {@code Sleep} task cancels it: the frame then awaits such a task, cancelled with the same
     * message and request. A yielding frame stays where it is in the ready queue (asyncio delivers
     * the cancellation at the task's next step, in its place); a sleeping one leaves the timer heap
     * and is queued, as a cancelled sleep's awaiter is. Loop thread only.
     */
    private void cancelSleep(Task<?> mark, String message, Object pendingCancel) {
        Object l = loop();
        boolean timed = mark == SLEEP;
        boolean wasInHeap = timed && RT.unschedule(l, this);
        Task<?> standIn = RT.sleepStandIn(l, timed);
        if (pendingCancel != null) {
            RT.cancelKept(standIn, pendingCancel);
        } else {
            standIn.cancel(message);
        }
        awaited = standIn;
        if (timed) {
            if (!wasInHeap) {
                setSlot(STALE); // its timer fired and its entry waits in the queue: that one is skipped
            }
            RT.yieldHere(l, this);
        }
    }

    /** Debug mode: where this frame suspends (the woven method's await), for slow-step reports. */
    private void trackSuspension() {
        RT.suspendedAt(this, StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> f.getClassName().equals(Coroutine.class.getName())).findFirst())
                .map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }

    /** asyncio's "Task cannot await on itself": thrown at the await, which would wait forever. */
    private IllegalStateException selfAwait(Task<?> awaited) {
        return new IllegalStateException(awaited == this
                ? "coroutine " + method() + " cannot await its own task: it would wait for itself forever"
                : "task '" + awaited.name() + "' cannot await itself: it would wait for itself forever");
    }

    /** The task this invocation runs for, or null. */
    private Task<?> owner() {
        Object h = home();
        return h instanceof Task ? (Task<?>) h : null;
    }

    /** The loop that resumes this frame (a {@code dev.weft.EventLoop}); null when it first suspended outside any loop. */
    private Object loop() {
        Object h = home();
        return h instanceof Task ? RT.loopOf((Task<?>) h) : h;
    }

    /** Where this invocation runs (see {@link #home}): its task, its loop, or null. */
    private Object home() {
        Object h = home;
        return h instanceof Kept ? ((Kept) h).home : h;
    }

    /** Moves this invocation to {@code newHome}, keeping a kept cancellation. */
    private void home(Object newHome) {
        Object h = home;
        home = h instanceof Kept ? new Kept(newHome, ((Kept) h).cancel) : newHome;
    }

    /** The cancellation kept, encoded as the runtime keeps them; null if none. */
    private Object pendingCancel() {
        Object h = home;
        return h instanceof Kept ? ((Kept) h).cancel : null;
    }

    /** Keeps {@code cancel} (replacing any kept), or drops the one kept if it is null. */
    private void pendingCancel(Object cancel) {
        Object h = home;
        if (cancel != null) {
            home = new Kept(h instanceof Kept ? ((Kept) h).home : h, cancel);
        } else if (h instanceof Kept) {
            home = ((Kept) h).home;
        }
    }

    /** {@link #home} while a cancellation is kept. */
    private static final class Kept {
        final Object home;
        final Object cancel;

        Kept(Object home, Object cancel) {
            this.home = home;
            this.cancel = cancel;
        }
    }

    private void firstSuspension() {
        Object l = RT.currentLoop();
        if (l != null) {
            Task<?> owner = RT.currentTask(l);
            home(owner != null ? owner : l);
            if (RT.isDebug(l)) {
                RT.track(this, l, describe());
            }
        }
    }

    /**
     * Like {@link #suspend(Task, int)} for a stage.
     *
     * @param awaited the stage to wait for
     * @param label the await's number, where {@link #step()} resumes
     * @return true on the first suspension
     */
    public final boolean suspend(CompletionStage<?> awaited, int label) {
        return suspend(awaited instanceof Task ? (Task<?>) awaited : Task.from(awaited), label);
    }

    /**
     * The awaited value after a resume, or the awaited failure (or a cancellation) thrown as it is.
     *
     * @return the awaited value
     */
    public final Object resumeValue() {
        if (awaited == YIELD && !(home instanceof Kept)) {
            awaited = null;
            return null; // a sleep(0)'s: small enough to inline into the woven body, with no call
        }
        return resumeAwaited();
    }

    /** {@link #resumeValue()} for anything but a plain yield. */
    private Object resumeAwaited() {
        Task<?> a = (Task<?>) awaited;
        awaited = null;
        Object cancel = pendingCancel();
        if (cancel != null) {
            Object carried = RT.uncarried(cancel);
            if (carried != null) {
                pendingCancel(carried); // for the next await
            } else if (a != YIELD && RT.keptCancelGivesWay(a)) {
                // asyncio: what the task awaited was cancelled (by the first request), and that
                // cancellation is thrown in as it is; the kept request, a later one, is dropped
                pendingCancel(null);
            } else {
                RT.undelivered(a); // prompt cancellation: a lock, permit or item granted to a gives it back
                pendingCancel(null);
                throw RT.deliverCancel(cancel, resumedAt(), method());
            }
        }
        if (a == YIELD) {
            return null;
        }
        try {
            return RT.valueOf(a);
        } catch (Throwable failure) {
            throw RT.rethrow(a, failure, resumedAt(), method()); // the async stack trace: a failure path only
        }
    }

    /** The await this invocation resumes from, for async stack traces: from the debug table, else without a line. */
    private StackTraceElement resumedAt() {
        StackTraceElement at = DebugTables.awaitSite(getClass(), label);
        if (at != null) {
            return at;
        }
        String m = method();
        int dot = m.lastIndexOf('.');
        return new StackTraceElement(m.substring(0, Math.max(dot, 0)), m.substring(dot + 1), null, -1);
    }

    /**
     * What the first suspension of a method declared to return a stage or future gives its caller.
     *
     * @return the future that completes as this invocation does
     */
    public final CompletableFuture<T> suspendedFuture() {
        return toCompletableFuture();
    }

    /**
     * The task a method returning {@link Task} gives when its body throws before suspending.
     *
     * @param <V> the method's value type
     * @param failure what the body threw
     * @return a task failed with {@code failure}
     */
    public static <V> Task<V> failedTask(Throwable failure) {
        return RT.failedEagerly(failure);
    }

    /**
     * The future a method returning a stage or future gives when its body throws before suspending.
     *
     * @param <V> the method's value type
     * @param failure what the body threw
     * @return a future failed with {@code failure}
     */
    public static <V> CompletableFuture<V> failedFuture(Throwable failure) {
        RT.thrownEagerly(failure);
        return CompletableFuture.failedFuture(failure);
    }

    // ---- resumption ------------------------------------------------------------------------

    /**
     * Told by the runtime when the task this frame awaits (or delegates to) completes, on the thread
     * that completed it. Not API.
     *
     * @hidden
     */
    @Override
    protected final void awaitedDone(Task<?> task) {
        Object l = loop();
        if (l == null) {
            // A plain read first: the CAS can only succeed while resumeHere() is unwinding, which is rare.
            if (state == SUSPENDING && STATE.compareAndSet(this, SUSPENDING, EARLY)) {
                return; // resumeHere() is still unwinding on its thread and will go on by itself
            }
            RT.resumeHere(null, this);
        } else if (RT.inLoopThread(l) && (task == RT.yielding(l) || continuesAtOnce(l, task))) {
            // a sleep(0) ending on the loop is this frame's turn (see Yield); otherwise the same step goes on
            RT.resumeHere(l, this);
        } else {
            RT.resumeLater(l, this);
        }
    }

    /**
     * Whether {@code done} ends within a step of this frame's task, so this frame goes on in that step:
     * a frame of the task ending as it runs (asyncio's {@code await coro()}), or a {@code Handoff}.
     */
    private boolean continuesAtOnce(Object l, Task<?> done) {
        if (done == RT.resumingNow(l)) {
            return ((Coroutine<?>) done).owner() == owner();
        }
        return RT.isHandoff(done) && RT.inStepOf(l, owner());
    }

    /**
     * Goes on from the await, or ends the delegation; called by the runtime's trampoline only. Not API.
     *
     * @hidden
     */
    @Override
    protected final void resumeHere() {
        Object l = loop();
        if (awaited == SLEEP) {
            // its timer fired: this is the sleep's own turn (a Sleep task completing), and the frame
            // resumes on the next, as an awaiter of a completed sleep does (and asyncio's)
            awaited = SLEPT;
            RT.yieldHere(l, this);
            return;
        }
        if (state >> SLOT_SHIFT == STALE) {
            setSlot(0); // the entry of a timer that fired before a cancel: the frame was queued anew
            return;
        }
        Task<?> previous = l == null ? null : RT.swapCurrent(l, owner());
        Coroutine<?> f = this;
        try {
            if (phase() == DELEGATING) {
                RT.completeFrom(this, (Task<?>) awaited);
            } else {
                // a frame that returns to its caller of the same task goes on as that caller, here: a
                // loop, not a call, so that a chain of any depth returns in constant stack
                for (Coroutine<?> next = drive(l); next != null; next = next.drive(l)) {
                    f = next;
                }
            }
        } catch (Throwable failure) {
            // drive() catches what the body throws; this came from telling the waiters, or from the
            // machinery itself (a StackOverflowError, say): never lost, never ending the trampoline
            if (!RT.fail(f, failure)) {
                RT.report(l, "Exception while completing " + f.describe(), failure);
            }
        } finally {
            if (l != null) {
                RT.swapCurrent(l, previous);
            }
        }
    }

    /**
     * Runs the body until it suspends or ends; returns the frame that goes on next in this step (its
     * caller, to which it returned: see {@link #callerAwaiting}), or null.
     */
    private Coroutine<?> drive(Object l) {
        for (;;) {
            STATE.setRelease(this, RUNNING); // read by other threads only after a later registration
            Object returned;
            try {
                returned = step();
            } catch (Throwable failure) {
                RT.failFromBody(this, failure, method());
                return null;
            }
            int s = phase();
            if (s == RUNNING) {
                if (home instanceof Kept && !handCancelToAwaiter()) {
                    // asyncio: a task cancelled while it ran ends cancelled even if the body returned.
                    Object cancel = pendingCancel();
                    pendingCancel(null);
                    if (returned == RETURNED) {
                        awaited = null; // the value the body returned: not kept by a cancelled frame
                    }
                    RT.fail(this, RT.cancellationOf(cancel));
                    return null;
                }
                return finish(returned, l);
            }
            if (s == SUSPENDED || s == SUSPENDING && STATE.compareAndSet(this, SUSPENDING, SUSPENDED)) {
                return null;
            }
            // EARLY: the awaited task is done already; go on without a trip through the loop.
        }
    }

    /**
     * Hands the kept cancellation to the frame of the same task that awaits this one and goes on in
     * this step: asyncio's coroutines return to one another within the task, which is cancelled at
     * its next await. False if there is no such frame (this frame's end is its task's).
     */
    private boolean handCancelToAwaiter() {
        Object w = RT.soleWaiter(this);
        if (!(w instanceof Coroutine)) {
            return false;
        }
        Coroutine<?> awaiter = (Coroutine<?>) w;
        if (awaiter.awaited != this || awaiter.home() != home() || awaiter.home instanceof Kept) {
            return false;
        }
        awaiter.pendingCancel(RT.carried(pendingCancel()));
        pendingCancel(null);
        return true;
    }

    /** Completes the frame with what its body returned; returns its caller if that goes on next in this step. */
    private Coroutine<?> finish(Object returned, Object l) {
        Task<?> result;
        if (returned == RETURNED || returned == null) {
            Object value = returned == null ? null : awaited;
            awaited = null;
            Coroutine<?> caller = l != null ? callerAwaiting() : null;
            if (caller != null && RT.returnTo(l, this, value, caller)) {
                return caller;
            }
            RT.complete(this, value);
            return null;
        } else if (returned instanceof Task) {
            result = (Task<?>) returned;
        } else {
            result = Task.from((CompletionStage<?>) returned);
        }
        if (result.isDone()) {
            RT.completeFrom(this, result);
        } else {
            awaited = result;
            state = DELEGATING;
            RT.addWaiter(result, this);
        }
        return null;
    }

    /**
     * The frame of the same task that awaits this one, suspended, and alone: the caller of this
     * invocation, which asyncio's {@code await coro()} goes back to within the step. Its resumption
     * would only check what this tests (a frame awaiting a frame is in no timer or queue: no slot),
     * make the same task current and read this frame's value. Null if there is none.
     */
    private Coroutine<?> callerAwaiting() {
        Object w = RT.soleWaiter(this);
        if (!(w instanceof Coroutine)) {
            return null;
        }
        Coroutine<?> c = (Coroutine<?>) w;
        Object h = home();
        return c.awaited == this && c.home() == h && h instanceof Task && c.state == SUSPENDED ? c : null;
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        Object l = loop();
        if (l != null && !RT.inLoopThread(l)) {
            // From another loop or thread: the frame's state is its loop's, so the request goes there.
            RT.onLoopLater(l, () -> cancel(message));
            return true;
        }
        Task<?> task = owner();
        if (task != null && (task = RT.taskToCancel(task, this)) != null) {
            // the coroutine of a loop's task (one that adopted it, say): asyncio cancels the task, which
            // counts the request for cancelling() and passes it down here again
            return task.cancel(message);
        }
        // The request goes down the chain of frames awaiting one another to what the deepest awaits;
        // if that cannot take it, the deepest frame keeps it. A loop, not recursion: chains can be
        // 100,000 deep. Each retry starts with one more frame done, so the loop ends. A chain that
        // comes back to a frame of its own (a coroutine awaiting its own frame: a deadlock) has no
        // deepest frame: the frame where it closes keeps the request (a second pointer at half
        // speed finds the cycle without allocating). The chain stops at the coroutine of another
        // task: the request goes to that task, as to any task awaited.
        for (;;) {
            Coroutine<?> deepest = this;
            Coroutine<?> behind = this;
            boolean move = false;
            for (Object a = deepest.awaited; a instanceof Coroutine && !((Coroutine<?>) a).isDone()
                    && ((Coroutine<?>) a).isLocal() && !((Coroutine<?>) a).startsTaskApartFrom(deepest); a = deepest.awaited) {
                deepest = (Coroutine<?>) a;
                if (deepest == behind) {
                    return deepest.keepCancel(message);
                }
                if (move) {
                    behind = (Coroutine<?>) behind.awaited;
                }
                move = !move;
            }
            Task<?> a = deepest.awaitedTask();
            if (a == YIELD || a == SLEEP) {
                deepest.cancelSleep(a, message, null);
                return true;
            }
            if (a instanceof Coroutine && ((Coroutine<?>) a).startsTaskApartFrom(deepest)) {
                a = ((Coroutine<?>) a).owner(); // the task, not the frame: a cycle of such tasks ends at the one passing it down
            }
            if (a != null && a.cancel(message)) {
                return true;
            }
            if (deepest.keepCancel(message)) {
                return true;
            }
            if (deepest == this) {
                return false;
            }
        }
    }

    /**
     * Not API: the loop that resumes this frame, whose thread alone completes it: the loop runs its
     * resumptions, and {@link #cancel(String)} from another thread goes to the loop.
     *
     * @return the frame's loop; null for a frame without a loop
     * @hidden
     */
    @Override
    protected final Object homeLoop() {
        return loop();
    }

    /**
     * Whether this frame is the coroutine of a loop's task that {@code awaiter} does not run for: a
     * task of its own (adopted by {@code shield}, say), awaited by another's frame.
     */
    private boolean startsTaskApartFrom(Coroutine<?> awaiter) {
        Object h = home();
        return h != awaiter.home() && h instanceof Task && RT.isCoroutineOf((Task<?>) h, this);
    }

    /**
     * Not API: from its next resumption on, this frame runs for {@code task} (current while it runs,
     * counting its cancellations), and so does each frame down its chain of awaits that ran for the
     * same task as it: a loop's task adopted it ({@code LoopTask.adopt}). On the frame's loop.
     *
     * @param task the frame's task from now on
     * @hidden
     */
    @Override
    protected final void runFor(Task<?> task) {
        Object old = home();
        if (old == task) {
            return;
        }
        // A frame moved has home == task: a chain that comes back to one ends there. The chain also
        // ends at the coroutine of the old task itself (awaited by a frame of it): that stays its.
        Task<?> oldTask = old instanceof Task ? (Task<?>) old : null;
        for (Object t = this; t instanceof Coroutine && ((Coroutine<?>) t).home() == old && !((Coroutine<?>) t).isDone()
                && (t == this || oldTask == null || !RT.isCoroutineOf(oldTask, (Coroutine<?>) t)); t = ((Coroutine<?>) t).awaited) {
            ((Coroutine<?>) t).home(task);
        }
    }

    /** Whether this frame's state may be touched on this thread: it has no loop, or runs on this one. */
    private boolean isLocal() {
        Object l = loop();
        return l == null || RT.inLoopThread(l);
    }

    /** Keeps a cancellation its awaited task could not take; a delegating frame ends cancelled instead. */
    private boolean keepCancel(String message) {
        if (isDone()) {
            return false;
        }
        if (phase() != DELEGATING) {
            pendingCancel(RT.pendingCancel(message));
            return true;
        }
        return RT.fail(this, RT.cancellation(message));
    }

    /**
     * Drops a kept cancellation here and down the chain of frames this one awaits; called by the
     * runtime when its task's {@code uncancel()} reaches 0. Not API.
     *
     * @hidden
     */
    @Override
    protected final void dropPendingCancel() {
        // frame k of the chain against frame k / 2: equal only where the chain comes back to itself (see cancel)
        Task<?> behind = this;
        int k = 0;
        Coroutine<?> previous = null;
        for (Object t = this; t instanceof Coroutine; previous = (Coroutine<?>) t, t = ((Coroutine<?>) t).awaited, k++) {
            if (k > 0 && (k & 1) == 0) {
                behind = ((Coroutine<?>) behind).awaitedTask();
            }
            if (k > 0 && t == behind) {
                return; // every frame of the cycle is done
            }
            if (previous != null && ((Coroutine<?>) t).startsTaskApartFrom(previous)) {
                return; // another task's coroutine: its requests are that task's own
            }
            ((Coroutine<?>) t).pendingCancel(null);
        }
    }

    /**
     * Names the invocation for reports: {@code coroutine pkg.Owner.method}, with the source line of
     * the await it last suspended at (debug mode). Not API.
     *
     * @hidden
     */
    @Override
    protected final String describe() {
        StackTraceElement at = RT.suspendedAt(this);
        return "coroutine " + method() + (at != null && at.getLineNumber() > 0
                ? " resumed at (" + at.getFileName() + ":" + at.getLineNumber() + ")" : "");
    }

    /**
     * Where this invocation waits while suspended: its method's class, name, source file and the line
     * of the await it is suspended at, from the frame class's {@link DebugMetadata}; null while it is
     * not suspended at an await or when the class carries no table. For async stack traces and task
     * dumps. Not API.
     *
     * @return the await's place, or null
     * @hidden
     */
    public final StackTraceElement awaitSite() {
        int s = phase();
        if (s != SUSPENDED && s != SUSPENDING) {
            return null;
        }
        return DebugTables.awaitSite(getClass(), label);
    }

    /**
     * For task dumps: the task this frame awaits (or delegates to), null while it runs. Not API.
     *
     * @return the awaited task, or null
     * @hidden
     */
    @Override
    protected final Task<?> awaitedTask() {
        Object a = awaited;
        return a instanceof Task ? (Task<?>) a : null; // else a value returned, about to complete the frame
    }

    /**
     * For task dumps: the task ({@code createTask}/{@code run}) this invocation runs for, null if it
     * first suspended outside any loop. Not API.
     *
     * @return the owning task, or null
     * @hidden
     */
    @Override
    protected final Task<?> ownerTask() {
        return owner();
    }

    /**
     * Not API: the frame's index in its loop's timer heap while it sleeps as its own entry.
     *
     * @return the index, or a negative number
     * @hidden
     */
    @Override
    protected final int timerIndex() {
        return (state >> SLOT_SHIFT) - 1;
    }

    /**
     * Not API: set by the loop's timer heap.
     *
     * @param index the index, or -1
     * @hidden
     */
    @Override
    protected final void timerIndex(int index) {
        setSlot(index + 1);
    }

    /** The phase, without the timer slot. */
    private int phase() {
        return state & PHASE;
    }

    /**
     * Sets the timer slot, keeping the phase (SUSPENDED: nothing else writes it now); a release
     * store, not a volatile one: the timer heap moves entries often, and only this loop reads it.
     */
    private void setSlot(int slot) {
        STATE.setRelease(this, slot << SLOT_SHIFT | (state & PHASE));
    }

    private static <A> A nonNull(A awaited) {
        if (awaited == null) {
            throw new NullPointerException("await(null): the awaited task or stage is null");
        }
        return awaited;
    }
}
