package dev.weft.internal;

import java.time.Duration;

import dev.weft.Task;
import java.util.concurrent.CompletionStage;

/**
 * What {@link Coroutine} needs of the runtime's package-private internals in {@code dev.weft}, in
 * the style of the JDK's {@code SharedSecrets}: the one implementation lives package-private in
 * {@code dev.weft} and is installed when {@link Task} is initialized, which the JVM does before it
 * initializes {@link Coroutine} (its subclass). Not for users, and not part of the contract: woven
 * code never calls it, so it changes freely with the runtime.
 *
 * <p>A loop is passed as {@code Object}: its class is package-private in {@code dev.weft}.
 */
public abstract class RuntimeAccess {
    private static RuntimeAccess installed;

    /** Installs {@code this}; only the runtime's own implementation, once. */
    protected RuntimeAccess() {
        synchronized (RuntimeAccess.class) {
            if (installed != null || getClass().getClassLoader() != RuntimeAccess.class.getClassLoader()
                    || !getClass().getName().equals("dev.weft.RuntimeAccessImpl")) {
                throw new IllegalStateException("dev.weft.internal.RuntimeAccess is the runtime's own");
            }
            installed = this;
        }
    }

    /** The installed access; {@link Task} installs it in its static initializer. */
    static RuntimeAccess get() {
        synchronized (RuntimeAccess.class) {
            return installed;
        }
    }

    // ---- tasks and stages ---------------------------------------------------------------------

    /** Whether a stage is done; a minimal stage never is. */
    protected abstract boolean isDone(CompletionStage<?> stage);

    /** The value of a done task, or its failure thrown as it is. */
    protected abstract Object valueOf(Task<?> done);

    /** The value of a done stage, or its failure thrown as it is (unwrapped). */
    protected abstract Object valueOf(CompletionStage<?> done);

    /** Registers {@code frame} to be told (by {@link Coroutine#awaitedDone}) when {@code awaited} completes; a yield may adopt it instead. */
    protected abstract void await(Task<?> awaited, Coroutine<?> frame);

    /** Registers {@code frame} to be told when {@code task} completes. */
    protected abstract void addWaiter(Task<?> task, Coroutine<?> frame);

    /** The one waiter of {@code task} so far, or null if none or several. */
    protected abstract Object soleWaiter(Task<?> task);

    protected abstract boolean complete(Task<?> task, Object value);

    protected abstract boolean fail(Task<?> task, Throwable failure);

    /** Completes {@code task} as the done {@code from} did. */
    protected abstract void completeFrom(Task<?> task, Task<?> from);

    /** Whether a grant to {@code awaited} is handed to its waiter within the waker's step. */
    protected abstract boolean isHandoff(Task<?> awaited);

    /** Whether a cancellation kept by the frame that awaited {@code done} gives way to how it ended: its own cancellation. */
    protected abstract boolean keptCancelGivesWay(Task<?> done);

    /** A lock, permit or item granted to {@code awaited}, which its cancelled waiter drops, is given back. */
    protected abstract void undelivered(Task<?> awaited);

    // ---- async stack traces -------------------------------------------------------------------

    /** Fails a frame with what the body of the woven {@code method} ({@code pkg.Owner.name}) threw. */
    protected abstract boolean failFromBody(Task<?> frame, Throwable failure, String method);

    /** A task failed with what a woven method's body threw before its first suspension. */
    protected abstract <V> Task<V> failedEagerly(Throwable failure);

    /** Remembers where a woven method returning a future threw before its first suspension. */
    protected abstract void thrownEagerly(Throwable failure);

    /**
     * Throws {@code failure}, which {@code awaited} failed with, at the await of {@code method} at
     * {@code site}: its stack trace shows that await after the chain it came through.
     */
    protected abstract RuntimeException rethrow(Task<?> awaited, Throwable failure, StackTraceElement site, String method);

    /** Like {@link #rethrow} where the awaited task (null: a stage) was done already, in the calling woven method. */
    protected abstract RuntimeException rethrowInline(Task<?> awaited, Throwable failure);

    /** Throws the cancellation a kept one becomes, delivered at the await of {@code method} at {@code site}. */
    protected abstract RuntimeException deliverCancel(Object pendingCancel, StackTraceElement site, String method);

    /** Cancels {@code task} with a kept cancellation (which keeps where it was asked for). */
    protected abstract boolean cancelKept(Task<?> task, Object pendingCancel);

    /** The cancellation a kept one becomes when its task ends with it (not at an await). */
    protected abstract Throwable cancellationOf(Object pendingCancel);

    // ---- cancellation ---------------------------------------------------------------------

    /** What {@code cancel(message)} fails a task with. */
    protected abstract Throwable cancellation(String message);

    /** A kept cancellation with {@code message}, encoded as the runtime keeps them. */
    protected abstract Object pendingCancel(String message);

    /**
     * {@code owner}, if {@code frame} is its coroutine (a loop's task started from it, or adopted it:
     * it ends as the frame ends), else null: a request to cancel the frame is the task's request.
     * Null as well when the task is passing a request of its own down to the frame now.
     */
    protected abstract Task<?> taskToCancel(Task<?> owner, Coroutine<?> frame);

    /** Whether {@code frame} is {@code owner}'s coroutine (see {@link #taskToCancel}), whatever the task does now. */
    protected abstract boolean isCoroutineOf(Task<?> owner, Coroutine<?> frame);

    /** The message of a kept cancellation. */
    protected abstract String message(Object pendingCancel);

    /** A kept cancellation handed to an awaiter of the same task. */
    protected abstract Object carried(Object pendingCancel);

    /** The cancellation a carried one holds, or null if {@code pendingCancel} is not carried. */
    protected abstract Object uncarried(Object pendingCancel);

    // ---- loops ----------------------------------------------------------------------------

    /** The loop running on this thread, or null. */
    protected abstract Object currentLoop();

    protected abstract boolean inLoopThread(Object loop);

    protected abstract Task<?> currentTask(Object loop);

    /** Makes {@code task} the loop's current task and returns the one it replaces. */
    protected abstract Task<?> swapCurrent(Object loop, Task<?> task);

    /** The loop of {@code task}, a task that code runs for ({@link #currentTask}): frames keep the task, not both. */
    protected abstract Object loopOf(Task<?> task);

    /** Whether the loop's step is {@code task}'s: the trampoline is active within it. */
    protected abstract boolean inStepOf(Object loop, Task<?> task);

    /** The frame the loop's trampoline resumes now, or null. */
    protected abstract Task<?> resumingNow(Object loop);

    /** What completes now in the turn of the frame that awaits it (a {@code sleep(0)}), or null. */
    protected abstract Task<?> yielding(Object loop);

    /**
     * Completes {@code frame}, which returned {@code value} in the step its loop's trampoline runs now,
     * without telling its sole waiter {@code caller}, which goes on in this step instead (its
     * resumption would be the trampoline's next): false, changing nothing, unless the loop is open
     * and nothing else waits in the trampoline.
     */
    protected abstract boolean returnTo(Object loop, Coroutine<?> frame, Object value, Coroutine<?> caller);

    /** Resumes {@code frame} on this thread: now, or after the frames running or queued here (loop may be null). */
    protected abstract void resumeHere(Object loop, Coroutine<?> frame);

    /** Resumes {@code frame} on a later turn of its loop, from any thread. */
    protected abstract void resumeLater(Object loop, Coroutine<?> frame);

    /** Runs {@code r} on a later turn of the loop, from any thread. */
    protected abstract void onLoopLater(Object loop, Runnable r);

    /** Reports a failure no task can receive. */
    protected abstract void report(Object loop, String message, Throwable failure);

    /** The selector of the loop running on this thread, made at the first call; null outside a loop. */
    protected abstract LoopSelector currentSelector();

    /** The task dump of every loop not closed yet in this JVM, for {@link TaskDumps#everyLoop()}. */
    protected abstract String dumpEveryLoop();

    // ---- debug mode -----------------------------------------------------------------------

    protected abstract boolean isDebug(Object loop);

    /** Watches {@code frame}, on a loop in debug mode. */
    protected abstract void track(Coroutine<?> frame, Object loop, String description);

    /** Whether {@code task} is watched in debug mode. */
    protected abstract boolean isTracked(Task<?> task);

    protected abstract void suspendedAt(Task<?> task, StackTraceElement at);

    protected abstract StackTraceElement suspendedAt(Task<?> task);

    // ---- sleeps awaited at once (the frame is its own queue or timer entry) --------------------

    /** The mark a frame awaits for a yield: never done; the frame is in its loop's ready queue. */
    protected abstract Task<?> yieldMark();

    /** The mark a frame awaits for a timed sleep: never done; the frame is in its loop's timer heap. */
    protected abstract Task<?> sleepMark();

    /** The done task a frame awaits once its timer fired (the sleep's own turn passed). */
    protected abstract Task<?> slept();

    /**
     * {@code Weft.sleep(millis)} for an await right after: the same checks and errors, but a mark
     * instead of a task; for a timed sleep the deadline waits in the current loop for {@link #sleepHere}.
     */
    protected abstract Task<?> sleepAwaited(long millis);

    /** Like {@link #sleepAwaited(long)} for {@code Weft.sleep(Duration)}. */
    protected abstract Task<?> sleepAwaited(Duration delay);

    /** Puts {@code frame} at the end of the loop's ready queue; loop thread only. */
    protected abstract void yieldHere(Object loop, Coroutine<?> frame);

    /** Puts {@code frame} into the loop's timer heap, at the deadline {@link #sleepAwaited} left there. */
    protected abstract void sleepHere(Object loop, Coroutine<?> frame);

    /** Takes {@code frame} out of the loop's timer heap; false if it was not in it (its timer fired). */
    protected abstract boolean unschedule(Object loop, Coroutine<?> frame);

    /** A new pending yield or sleep of the loop, never scheduled: what a cancelled sleeping frame awaits, once cancelled. */
    protected abstract Task<?> sleepStandIn(Object loop, boolean timed);
}
