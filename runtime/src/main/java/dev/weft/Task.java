package dev.weft;

import dev.weft.internal.Coroutine;
import dev.weft.internal.RuntimeAccess;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The eventual outcome of an asynchronous computation: it succeeds with a result, fails with an
 * exception, or is cancelled. These are the three ends of Java 19's {@code Future.State}: a
 * cancellation is not a failure.
 *
 * <pre>{@code
 * Task<String> t = fetch("users");      // an @Async method
 * String s = await(t);                  // inside another @Async method
 * Task<Integer> ready = Task.of(42);    // an already completed task
 * }</pre>
 *
 * <p>A task completes once; later attempts are ignored. Done callbacks ({@link #whenDone}) run on
 * the loop they were added on, on the next turn; coroutines awaiting it are resumed on their own
 * event loop.
 *
 * <p>A done task is read the way {@code await} reads it: {@link #result()} gives the result or
 * throws the exception as it is; {@link #exception()} gives the exception without throwing it.
 *
 * <p>Not for subclassing: tasks are made by {@link Weft#createTask}, {@link #promise()}, {@link #of}
 * and the other factories. The loop relies on how each kind of task completes and tells its waiters,
 * so the only subclasses outside this package are the weaver's frames ({@code dev.weft.internal});
 * the protected members exist for them alone.
 *
 * @param <T> the type of the result
 */
public class Task<T> {
    /** Stands for a {@code null} value, so that a null {@link #result} means "not done". */
    private static final Object NIL = new Object();
    /** Stands in {@link #waiters} once the completing thread took them: later callbacks run at once. */
    private static final Object TAKEN = new Object();

    private static final VarHandle RESULT;
    private static final VarHandle WAITERS;
    /** What the frames in dev.weft.internal use of this package; installed before any frame class initializes. */
    private static final RuntimeAccess ACCESS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RESULT = lookup.findVarHandle(Task.class, "result", Object.class);
            WAITERS = lookup.findVarHandle(Task.class, "waiters", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ACCESS = new RuntimeAccessImpl();
    }

    /** null while pending; then the value, {@link #NIL}, or a {@link Failure}. */
    private volatile Object result;
    /** null, one waiter (a {@link Completion} or a {@link Coroutine}), a {@link Waiters} chain, or {@link #TAKEN}. */
    private volatile Object waiters;
    // Debug mode's state of a task (whether anyone looked at the outcome...) is in DebugState's
    // side table, not in a field: every task and frame would pay for it.

    Task() {
    }

    /**
     * Not API: the constructor of the weaver's frames ({@link Coroutine}), which live in another
     * package. Refuses anyone else, so that Task stays closed to subclassing (see above).
     *
     * @param access the runtime's own access, which only the frames' package can pass
     * @throws UnsupportedOperationException for any other caller
     * @hidden
     */
    protected Task(RuntimeAccess access) {
        if (access != ACCESS) {
            throw new UnsupportedOperationException("Task is not for subclassing: make tasks with Weft.createTask,"
                    + " Task.promise() or Task.of");
        }
    }

    // ---- factories ------------------------------------------------------------------------

    /**
     * A task that already succeeded with {@code result}.
     *
     * @param <T> the type of the result
     * @param result the result
     * @return a done task
     */
    public static <T> Task<T> of(T result) {
        return doneWith(result == null ? NIL : result);
    }

    /**
     * A task that already succeeded with a {@code null} result, for {@code Task<Void>} methods.
     *
     * @param <T> the type of the result
     * @return a done task with the result null
     */
    public static <T> Task<T> done() {
        return of(null);
    }

    /**
     * A task that already failed with {@code exception} (cancelled, if it is a {@link CancelledException}).
     *
     * @param <T> the type of the result
     * @param exception the exception
     * @return a done, failed task
     */
    public static <T> Task<T> failed(Throwable exception) {
        return doneWith(Failure.of(Objects.requireNonNull(exception, "exception")));
    }

    /** A task failed with what a woven method's body threw before its first suspension (its async trace starts there). */
    static <T> Task<T> failedEagerly(Throwable exception) {
        Failure f = new Failure(Objects.requireNonNull(exception, "exception"));
        AsyncTraces.ofEagerBody(f);
        return doneWith(f);
    }

    /**
     * A new task done with {@code outcome}. Its fields are set with a release store, as
     * {@code CompletableFuture}'s constructor sets its result, not a volatile one: a volatile store is a
     * full fence (most of what a {@code Task.of} kept beyond its method cost), and a new task reaches
     * another thread only through something that publishes it.
     */
    private static <T> Task<T> doneWith(Object outcome) {
        Task<T> t = new Task<>();
        WAITERS.set(t, TAKEN);
        RESULT.setRelease(t, outcome); // last: a thread that sees the outcome sees the waiters taken
        return t;
    }

    /**
     * A task that completes as {@code stage} completes. A {@link CompletionException} wrapper
     * is removed, so the task fails with the original exception.
     *
     * @param <T> the type of the value
     * @param stage the stage to follow
     * @return a task that completes as {@code stage} does
     */
    public static <T> Task<T> from(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        if (stage instanceof CompletableFuture) {
            CompletableFuture<T> f = Stages.readable((CompletableFuture<T>) stage);
            if (f.isDone() && !f.isCompletedExceptionally()) {
                return of(f.join());
            }
            stage = f; // a minimal stage refuses cancel(): the task cancels the readable copy instead
        }
        Task<T> t = new StageTask<>(stage);
        stage.whenComplete((v, e) -> {
            if (e == null) {
                t.complete(v);
            } else {
                t.fail(fromStageFailure(e));
            }
        });
        return t;
    }

    /**
     * A task that can be completed by hand, for bridging callback APIs.
     *
     * @param <T> the type of the value
     * @return a new, pending promise
     */
    public static <T> Promise<T> promise() {
        return new Promise<>();
    }

    // ---- state -----------------------------------------------------------------------------

    /**
     * Whether the task succeeded, failed or was cancelled.
     *
     * @return true if the task is done
     */
    public final boolean isDone() {
        return result != null;
    }

    /**
     * Whether the task was cancelled. A {@code gather} that a child's cancellation failed is not
     * itself cancelled (as asyncio's): it failed with that {@link CancelledException}, which
     * {@link #exception()} returns.
     *
     * @return true if the task was cancelled
     */
    public final boolean isCancelled() {
        Object r = result;
        return r instanceof Failure && ((Failure) r).cancelled;
    }

    /**
     * Whether the task failed: it ended with an exception. A cancelled task did not fail
     * ({@link #isCancelled()}), as in Java 19's {@code Future.State}; a {@code gather} that a
     * child's cancellation failed did.
     *
     * @return true if the task failed
     */
    public final boolean isFailed() {
        Object r = result;
        return r instanceof Failure && !((Failure) r).cancelled;
    }

    /**
     * The result of a done task. As {@code await}, it throws the exception of a failed task as it is
     * (a checked one too, undeclared), and the {@link CancelledException} of a cancelled one.
     *
     * @return the task's value
     * @throws IllegalStateException if the task is not done
     * @throws CancelledException if the task was cancelled
     */
    public final T result() {
        if (result == null) {
            throw new IllegalStateException("Task is not done yet; await it instead");
        }
        return valueOrThrow();
    }

    /**
     * The exception of a done task that failed, or {@code null} if it succeeded; the
     * {@link CancelledException} of a gather that a child's cancellation failed.
     *
     * @return the failure, or null
     * @throws IllegalStateException if the task is not done
     * @throws CancelledException if the task was cancelled
     */
    public final Throwable exception() {
        Object r = result;
        markObserved(r);
        if (r == null) {
            throw new IllegalStateException("Task is not done yet");
        }
        if (!(r instanceof Failure)) {
            return null;
        }
        Failure f = (Failure) r;
        if (f.cancelled) {
            throw (CancelledException) f.cause;
        }
        return f.cause;
    }

    /**
     * Cancels the task: a pending task completes with {@link CancelledException}. Returns whether
     * this call cancelled it.
     *
     * @return true if this call cancelled the task; false if it was done already
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the task with a message carried by its {@link CancelledException}.
     *
     * @param message the message of the {@link CancelledException}
     * @return true if this call cancelled the task; false if it was done already
     */
    public boolean cancel(String message) {
        return fail(CancelledException.requested(message));
    }

    /**
     * How many cancellation requests are pending on this task (asyncio {@code Task.cancelling()}):
     * {@link #cancel} adds one, {@link #uncancel} removes one. Counted for tasks of
     * {@link Weft#createTask} and {@link Weft#run}, and for an {@code @Async} method's task that
     * became a task of its own (given to {@link Weft#shield}, {@link Weft#waitTasks} or
     * {@link Weft#asCompleted}, as asyncio wraps a coroutine in a task there): that task's count;
     * 0 for other tasks.
     *
     * @return the number of pending cancellation requests
     */
    public int cancelling() {
        LoopTask<?> own = LoopTask.coroutineTaskOf(this);
        return own != null ? own.cancelling() : 0;
    }

    /**
     * Removes one pending cancellation request and returns how many remain (asyncio
     * {@code Task.uncancel()}); for code that catches a cancellation it caused itself and goes on.
     * When none remain, a cancellation not yet delivered is dropped. For the tasks {@link #cancelling()}
     * counts for; 0 for other tasks.
     *
     * @return the number of pending cancellation requests left
     */
    public int uncancel() {
        LoopTask<?> own = LoopTask.coroutineTaskOf(this);
        return own != null ? own.uncancel() : 0;
    }

    /**
     * The task's name: set by {@link Weft#createTask(java.util.function.Supplier, String)}, else
     * {@code Task-N}; for an {@code @Async} method's task that became a task of its own (see
     * {@link #cancelling()}), that task's; null for other tasks.
     *
     * @return the name, or null
     */
    public String name() {
        LoopTask<?> own = LoopTask.coroutineTaskOf(this);
        return own != null ? own.name() : null;
    }

    /**
     * Runs {@code callback} once this task is done (asyncio {@code add_done_callback}): on the
     * turn after the task ended, on the loop it was added on, also when the task is done already;
     * callbacks run in the order they were added. Added outside any loop (or once that loop has
     * closed), it runs on the thread that completes the task, or at once if the task is done.
     *
     * <pre>{@code
     * Task<String> t = createTask(() -> fetch("a"));
     * t.whenDone(done -> log("fetched: " + done.result()));
     * }</pre>
     *
     * @param callback what to run, given this task
     */
    public final void whenDone(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        addCompletion(new CallbackCompletion<>(this, callback));
    }

    /**
     * A {@link CompletableFuture} that completes as this task does. Cancelling the future cancels
     * the task.
     *
     * @return a future that follows this task
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                Task.this.cancel();
                return cancelled;
            }
        };
        addCompletion(t -> {
            Object r = result;
            if (r instanceof Failure && ((Failure) r).cancelled) {
                f.cancel(false); // CompletableFuture's own notion of cancelled: isCancelled(), CancellationException
            } else if (r instanceof Failure) {
                f.completeExceptionally(((Failure) r).cause);
            } else {
                f.complete(r == NIL ? null : castValue(r));
            }
        });
        return f;
    }

    /**
     * The await sites this task is suspended at, innermost first, as a Java stack trace reads
     * (asyncio {@code Task.get_stack()}): one element per suspended coroutine frame of the task, with
     * the class, method, source file and line of its {@code await} (the outermost 1,000 of a deeper
     * chain). Empty for a task that is done, not
     * started, or not made of coroutines (a sleep, a promise). Call it on the task's loop: the frames
     * are that loop's.
     *
     * <pre>{@code
     * for (StackTraceElement e : worker.stack()) {
     *     System.out.println("  at " + e);
     * }
     * }</pre>
     *
     * @return the task's suspended frames, innermost first
     */
    public final java.util.List<StackTraceElement> stack() {
        return TaskDump.stackOf(this);
    }

    /**
     * Prints this task, its suspended frames (outermost first) and what it waits on to
     * {@code System.out} (asyncio {@code Task.print_stack()}); see {@link #dump(Appendable)}.
     */
    public final void dump() {
        TaskDump.print(this::dump);
    }

    /**
     * Writes this task, its suspended frames (outermost first, as asyncio's {@code print_stack}) and
     * what the innermost waits on to {@code out}, in the form of {@link Weft#dumpTasks(Appendable)}
     * without the tasks it awaits:
     * <pre>
     * Task 'worker' (waiting)
     *     at demo.Worker.run(Worker.java:21)
     *     at demo.Worker.step(Worker.java:35)
     *     waits on sleep, 1.000 s left (until 3.000 s on the loop clock)
     * </pre>
     *
     * @param out where the text goes
     * @throws java.io.UncheckedIOException if {@code out} throws an {@code IOException}
     */
    public final void dump(Appendable out) {
        TaskDump.dumpOne(this, out);
    }

    /**
     * For task dumps: what this task waits on while pending, in words ("sleep, 1.000 s left", "a
     * CompletableFuture"); subclasses say more. Called on the task's loop.
     */
    String waitsOn() {
        return getClass().getSimpleName();
    }

    /**
     * For stall reports under a virtual clock: whether another thread completes this waiter (a
     * {@code toThread} call, a {@code CompletableFuture}), so that the loop waits for it instead of
     * jumping its clock. Called on the task's loop.
     */
    boolean waitsOffLoop() {
        return false;
    }

    /**
     * For task dumps: the tasks this one waits for (a gather's children, a shield's task), which a
     * dump shows under it; none by default.
     */
    java.util.Collection<? extends Task<?>> awaitedTasks() {
        return java.util.List.of();
    }

    @Override
    public String toString() {
        Object r = result;
        String state = r == null ? "pending"
                : isCancelled() ? "cancelled"
                : r instanceof Failure ? "failed: " + ((Failure) r).cause
                : "succeeded: " + (r == NIL ? null : r);
        String n = name();
        return getClass().getSimpleName() + "[" + (n == null ? "" : n + ", ") + state + "]";
    }

    // ---- completion, for the runtime -------------------------------------------------------

    /** Completes with a value; false if the task was already done. */
    boolean complete(T value) {
        return settle(value == null ? NIL : value);
    }

    /** Completes with a failure; false if the task was already done. */
    boolean fail(Throwable failure) {
        return settle(Failure.of(Objects.requireNonNull(failure, "failure")));
    }

    /** Completes a frame with what the body of the woven {@code method} threw (its async trace goes on from there). */
    final boolean failFromBody(Throwable failure, String method) {
        Failure f = new Failure(failure);
        AsyncTraces.ofBody(f, method);
        return settle(f);
    }

    /** Completes with the failure {@code from} (a child: a gather's) failed with, its async trace's chain kept. */
    final boolean failAs(Task<?> from, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        Failure g = from.failureRecord();
        if (g == null || g.cause != failure) {
            return settle(Failure.of(failure));
        }
        // the child's own chain, never the last hop on this thread: that may be another awaiter's of the same child
        Failure f = new Failure(failure);
        f.trace = g.trace;
        f.thrower = g.thrower;
        return settle(f);
    }

    /** The failure of a done, failed task, or null. */
    final Failure failureRecord() {
        Object r = result;
        return r instanceof Failure ? (Failure) r : null;
    }

    /** Completes with a cancellation that does not make this task cancelled (a gather's child's); false if already done. */
    final boolean failNotCancelling(CancelledException cancellation) {
        return settle(Failure.notCancelling(cancellation));
    }

    /** Completes this task as {@code other} completed. */
    final void completeFrom(Task<? extends T> other) {
        Object r = other.result;
        settle(r instanceof Failure ? ((Failure) r).passedOn() : r);
    }

    private boolean settle(Object outcome) {
        boolean here = isConfinedHere();
        if (here) {
            if (result != null) {
                return false;
            }
            RESULT.setRelease(this, outcome); // no CAS: no other thread completes this task (see below)
        } else if (!RESULT.compareAndSet(this, null, outcome)) {
            return false;
        }
        tellWaiters(outcome, here);
        return true;
    }

    /**
     * The loop whose thread alone completes this task and changes its waiters while that loop is
     * open, or null: a loop's task's, a frame's with a loop. Such a task is completed on its loop
     * alone: by its steps and resumptions, which its loop runs, and by cancel(), which another
     * thread sends to the loop instead; a waiter added on another thread goes there too
     * ({@link #addWaiter(Object)}). Once the loop has closed, every thread takes the atomic paths.
     */
    private EventLoop confinement() {
        if (this instanceof LoopTask) {
            return ((LoopTask<?>) this).loop();
        }
        if (this instanceof Coroutine || this instanceof BareWaiter) {
            Object l = homeLoop(); // a frame's; a lock's grant's
            return l instanceof EventLoop ? (EventLoop) l : null;
        }
        return null;
    }

    /**
     * Whether this task belongs to a loop in debug mode: only such a task (a loop's task or a frame)
     * is ever tracked ({@link DebugState#track}), so any other skips the side table, which another
     * loop's debug mode may have filled.
     */
    final boolean isOnDebugLoop() {
        EventLoop l = confinement();
        return l != null && l.isDebug();
    }

    /** Whether {@code loop}'s thread alone completes this task while {@code loop} is open (see {@link #confinement()}). */
    final boolean isConfinedTo(EventLoop loop) {
        return confinement() == loop;
    }

    /** Whether this thread alone completes this task and changes its waiters now: its loop's, while open. */
    private boolean isConfinedHere() {
        EventLoop l = confinement();
        return l != null && l.isConfining();
    }

    /**
     * Completes with a value, for a task that one thread alone ever completes or cancels (a
     * {@link Yield}, on its loop): a release store instead of a CAS. False if already done.
     */
    final boolean completeExclusively(T value) {
        if (result != null) {
            return false;
        }
        Object outcome = value == null ? NIL : value;
        RESULT.setRelease(this, outcome);
        tellWaiters(outcome, isConfinedHere());
        return true;
    }

    /**
     * Completes a frame with a value on the thread it is confined to, taking its waiters without
     * telling them: its one waiter, its caller, goes on at once in the same step (see
     * {@link Trampoline#returnTo}). Nothing else of {@link #tellWaiters} applies to a value. False
     * if the frame is done already.
     */
    final boolean completeUntold(Object value) {
        if (RESULT.get(this) != null) {
            return false;
        }
        RESULT.setRelease(this, value == null ? NIL : value);
        WAITERS.setRelease(this, TAKEN);
        return true;
    }

    /** Tells the waiters, taking them with plain accesses when {@code here}: see {@link #confinement()}. */
    private void tellWaiters(Object outcome, boolean here) {
        DebugState d = outcome instanceof Failure ? DebugState.tracked(this) : null;
        boolean watched = false;
        if (d != null && outcome instanceof Failure) {
            d.failed(((Failure) outcome).cause);
        } else if (outcome instanceof Failure && !((Failure) outcome).cancelled && waiters == null) {
            // Nobody waits for this failure (yet): asyncio's "Task exception was never retrieved".
            watched = watchUnretrieved(((Failure) outcome).cause);
        }
        if (this instanceof LoopTask) {
            ((LoopTask<?>) this).onSettled(); // a type test, not a virtual call: every frame class passes here
        }
        Object w;
        if (here) {
            w = WAITERS.get(this);
            WAITERS.setRelease(this, TAKEN);
        } else {
            w = WAITERS.getAndSet(this, TAKEN);
        }
        if (watched && w != null) {
            markObserved(outcome); // a waiter came in between: it will look
        }
        if (w instanceof Waiters) {
            tellInOrder((Waiters) w);
        } else if (w != null && w != TAKEN) {
            tell(w);
        }
    }

    /**
     * Called when the task fails while nobody waits for it and nobody looked: a subclass may watch
     * the failure ({@link DebugState#watchFailure}) to report it if the task is collected before
     * anyone retrieves it. Returns whether it watches.
     */
    boolean watchUnretrieved(Throwable failure) {
        return false;
    }

    /**
     * Tells two or more waiters in the order they were added: reverses their links, newest first,
     * in place (the completer alone walks them, once it took them) and walks them back.
     */
    private void tellInOrder(Waiters newest) {
        Waiters n = newest;
        Waiters toward = null; // the reversed links point from older to newer
        Object first;
        for (;;) {
            Object older = n.older;
            n.older = toward;
            toward = n;
            if (older instanceof Waiters) {
                n = (Waiters) older;
            } else {
                first = older;
                break;
            }
        }
        tell(first);
        for (Waiters x = toward; x != null; x = (Waiters) x.older) {
            tell(x.waiter);
        }
    }

    /** Tells one waiter; one that throws is reported, and the others are still told. */
    private void tell(Object c) {
        try {
            tellNow(c);
        } catch (Throwable failure) {
            EventLoop.report(null, "Exception while telling a waiter that " + this + " completed", failure);
        }
    }

    /** Tells {@code waiter}, a {@link Completion}, a {@link Waiter} or a frame (neither is a Completion: their hooks are not public), that this task is done. */
    private void tellNow(Object waiter) {
        if (waiter instanceof Coroutine) {
            ((Task<?>) waiter).awaitedDone(this);
        } else if (waiter instanceof LoopTask) {
            ((LoopTask<?>) waiter).onComplete(this); // a createTask task told by its coroutine: a direct call
        } else if (waiter instanceof Waiter) {
            ((Waiter<?>) waiter).followedDone(this);
        } else {
            ((Completion) waiter).onComplete(this);
        }
    }

    /** The one waiter (a {@link Completion} or a frame) registered so far, or null if there is none or more than one. */
    final Object soleWaiter() {
        Object w = waiters;
        return w instanceof Waiters || w == TAKEN ? null : w;
    }

    // ---- hooks of the weaver's frames (dev.weft.internal.Coroutine), which live in another package ----

    /**
     * Not API: tells a frame that the task it awaits completed. Only frames are registered for it.
     *
     * @param done the completed task
     * @hidden
     */
    protected void awaitedDone(Task<?> done) {
        throw new UnsupportedOperationException();
    }

    /**
     * Not API: resumes a frame, on the thread and in the order the runtime's trampoline chose.
     *
     * @hidden
     */
    protected void resumeHere() {
        throw new UnsupportedOperationException();
    }

    /**
     * Not API: drops a cancellation a frame keeps, once its task's {@link #uncancel()} reached 0.
     *
     * @hidden
     */
    protected void dropPendingCancel() {
    }

    /**
     * Not API: the loop whose thread alone completes a frame or a lock's grant and adds its waiters
     * while that loop is open (another thread hands both over to the loop), or null for a frame
     * with no loop and for other tasks.
     *
     * @return the loop, or null
     * @hidden
     */
    protected Object homeLoop() {
        return null;
    }

    /**
     * Not API: names a frame in reports.
     *
     * @return a description for reports
     * @hidden
     */
    protected String describe() {
        return toString();
    }

    /**
     * Not API: for task dumps, the task a frame awaits (or delegates to); null for other tasks.
     *
     * @return the awaited task, or null
     * @hidden
     */
    protected Task<?> awaitedTask() {
        return null;
    }

    /**
     * Not API: for task dumps, the task a frame runs for; null for other tasks.
     *
     * @return the owning task, or null
     * @hidden
     */
    protected Task<?> ownerTask() {
        return null;
    }

    /**
     * Not API: makes {@code task} the task a frame runs for, from its next resumption on: the
     * frame's, and that of each frame down its chain of awaits that ran for the same task as it
     * ({@code LoopTask.adopt}). Only frames are ever adopted.
     *
     * @param task the frame's task from now on, a task of the frame's own loop
     * @hidden
     */
    protected void runFor(Task<?> task) {
        throw new UnsupportedOperationException();
    }

    /**
     * Not API: a frame's index in its loop's timer heap while it sleeps as its own entry; negative
     * when it is in none, and for other tasks.
     *
     * @return the index, or a negative number
     * @hidden
     */
    protected int timerIndex() {
        return -1;
    }

    /**
     * Not API: set by the loop's timer heap on a frame that sleeps as its own entry.
     *
     * @param index the index, or -1
     * @hidden
     */
    protected void timerIndex(int index) {
        throw new UnsupportedOperationException();
    }

    /**
     * Debug mode's "someone looked at the outcome" ({@code outcome}: the result as the caller read
     * it, null while pending). A failure may also be watched as never retrieved, in any mode: that
     * asks the side table (one volatile read while it is empty). Any other outcome matters only to a
     * task tracked in debug mode, so the success path of every await reads one plain flag instead.
     */
    private void markObserved(Object outcome) {
        boolean failed = outcome instanceof Failure;
        if (failed ? DebugState.isInUse() : DebugState.wasEverTracking()) {
            DebugState d = DebugState.of(this, failed);
            if (d != null) {
                d.observed = true;
            }
        }
    }

    /** Registers {@code c} to be told of completion; tells it at once if the task is done. */
    final void addCompletion(Completion c) {
        addWaiter(c);
    }

    /** Registers a waiter to be told of completion (through {@link Waiter#followedDone}); tells it at once if the task is done. */
    final void addFollower(Waiter<?> waiter) {
        addWaiter((Object) waiter);
    }

    /** Registers a frame to be told of completion (through {@link #awaitedDone}); tells it at once if the task is done. */
    final void addWaiter(Coroutine<?> frame) {
        addWaiter((Object) frame);
    }

    private void addWaiter(Object c) {
        EventLoop l = confinement();
        if (l != null && !l.isClosed()) {
            if (l.inLoopThread()) {
                addHere(c);
                return;
            }
            // Another thread: it must not change the waiters its loop changes with plain accesses.
            if (result == null && l.handOver(() -> addWaiter(c))) {
                return; // the loop adds it (its close() does, if it closes first)
            }
            Object r = result;
            if (r != null) {
                tellAtOnce(c, r); // done: its loop may still be taking the waiters, so this one is told here
                return;
            }
            // pending, and the loop closed meanwhile: every thread now takes the atomic path
        }
        for (;;) {
            Object w = waiters;
            if (w == TAKEN) {
                tellAtOnce(c, result);
                return;
            }
            Object next = w == null ? c : new Waiters(c, w);
            if (WAITERS.compareAndSet(this, w, next)) {
                // Still pending when it registered: a failure watched as never retrieved is watched
                // only while nobody waits (tellWaiters marks it if this waiter came in between).
                markObserved(null);
                return;
            }
        }
    }

    /** Tells a waiter added once the task is done ({@code outcome}), on the adding thread. */
    private void tellAtOnce(Object c, Object outcome) {
        markObserved(outcome);
        tellNow(c);
    }

    /** Adds a waiter on the one thread that changes the waiters: plain accesses. */
    private void addHere(Object c) {
        Object w = WAITERS.get(this);
        if (w == TAKEN) {
            tellAtOnce(c, result);
            return;
        }
        WAITERS.setRelease(this, w == null ? c : new Waiters(c, w));
        markObserved(null);
    }

    /** The value of a done task, or its failure thrown as it is (checked or not). */
    final T valueOrThrow() {
        // A plain read: every caller knows the task is done (its await read isDone, or the task's
        // completion told it), so the one write of result happens-before this read, which sees it.
        Object r = RESULT.get(this);
        markObserved(r);
        if (r instanceof Failure) {
            throw Failure.sneaky(((Failure) r).cause);
        }
        return r == NIL ? null : castValue(r);
    }

    /** The failure of a done task, or null. */
    final Throwable failureOrNull() {
        Object r = result;
        markObserved(r);
        return r instanceof Failure ? ((Failure) r).cause : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T castValue(Object r) {
        return (T) r;
    }

    /** A stage's failure as a task failure: unwrapped, and a {@code CancellationException} as a {@link CancelledException}. */
    static Throwable fromStageFailure(Throwable e) {
        Throwable u = unwrap(e);
        if (u instanceof java.util.concurrent.CancellationException) {
            CancelledException c = new CancelledException(u.getMessage());
            c.initCause(u);
            return c;
        }
        return u;
    }

    static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Two or more waiters, newest first: an add links one node in front of what was there (the first
     * waiter itself at the end), so adding costs one node and copies nothing, however many wait.
     */
    private static final class Waiters {
        final Object waiter;
        /** The node added before this one, or the first waiter; reversed by {@link #tellInOrder} once taken. */
        Object older;

        Waiters(Object waiter, Object older) {
            this.waiter = waiter;
            this.older = older;
        }
    }

    /** A task bridged from a stage: cancelling the task cancels a {@code CompletableFuture} too. */
    private static final class StageTask<T> extends Task<T> {
        private final CompletionStage<T> stage;

        StageTask(CompletionStage<T> stage) {
            this.stage = stage;
        }

        @Override
        String waitsOn() {
            return stage instanceof CompletableFuture ? "a CompletableFuture" : "a CompletionStage";
        }

        @Override
        boolean waitsOffLoop() {
            return true;
        }

        @Override
        public boolean cancel(String message) {
            boolean cancelled = super.cancel(message);
            if (cancelled && stage instanceof CompletableFuture) {
                ((CompletableFuture<T>) stage).cancel(false);
            }
            return cancelled;
        }
    }

    private static final class CallbackCompletion<T> implements Completion, Runnable {
        private final Task<T> task;
        private final Consumer<? super Task<T>> callback;
        /** The loop the callback was added on, which runs it and whose reporter hears of its failure; may be null. */
        private final EventLoop loop;

        CallbackCompletion(Task<T> task, Consumer<? super Task<T>> callback) {
            this.task = task;
            this.callback = callback;
            this.loop = EventLoop.current();
        }

        @Override
        public void onComplete(Task<?> done) {
            // As asyncio's call_soon: on the adding loop's next turn, whatever thread completed the task.
            EventLoop l = loop;
            if (l == null || !l.enqueueUnlessClosed(this)) {
                run();
            }
        }

        @Override
        public void run() {
            try {
                callback.accept(task);
            } catch (Throwable t) {
                // As asyncio: a failing done callback is reported, and the task's other callbacks still run.
                EventLoop.report(loop, "Exception in done callback of " + task, t);
            }
        }
    }
}
