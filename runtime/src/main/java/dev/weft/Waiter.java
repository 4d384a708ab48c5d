package dev.weft;

import dev.weft.internal.Coroutine;

/**
 * The task a suspending operation of a synchronization primitive returns while it waits, for
 * library authors writing their own primitives (the locks, queues and events of
 * {@code dev.weft.sync} are built on it): the primitive {@linkplain #grant grants} it what it waits
 * for, and the waiter makes sure that a grant is never lost when the awaiting code is cancelled.
 *
 * <p>A grant completes the waiter, but the coroutine awaiting it resumes only later (on the loop's
 * next turn). If that coroutine is cancelled in between, it ends with the
 * {@link CancelledException} and never sees what it was granted; {@link #onUndelivered} then hands
 * that back to the primitive (kotlinx's {@code resume(value, onCancellation)}):
 * <pre>
 *   when the awaiting code is cancelled      what happens
 *   while the waiter waits (no grant yet)    the waiter is cancelled: grant() returns false, so the
 *                                            primitive keeps what it would have granted
 *   after the grant, before it resumed       the coroutine throws CancelledException instead of
 *                                            returning the value, and onUndelivered(value) runs
 * </pre>
 *
 * <p>A one-slot mailbox whose item is never lost, whatever is cancelled when:
 * <pre>{@code
 * final class Mailbox<T> {
 *     private T item;              // at most one item, and at most one waiting taker
 *     private Taker taker;
 *
 *     Task<T> take() {
 *         if (item == null) {
 *             taker = new Taker();
 *             return taker;
 *         }
 *         T t = item;
 *         item = null;
 *         return Task.of(t);
 *     }
 *
 *     void put(T value) {
 *         Taker t = taker;
 *         taker = null;
 *         if (t == null || !t.give(value)) {   // false: the taker was cancelled while it waited
 *             item = value;
 *         }
 *     }
 *
 *     private final class Taker extends Waiter<T> {
 *         boolean give(T value) {
 *             return grant(value);
 *         }
 *
 *         @Override
 *         protected void onUndelivered(T value) {
 *             put(value);                      // granted, but its coroutine was cancelled first
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Turns.</b> An asyncio primitive's release only wakes a waiting task; the task takes the
 * lock or the item itself, a loop pass later, in its own step. A waiter can do the same:
 * {@link #scheduleTurn()} schedules its {@link #onTurn()} on its loop's next pass, and a grant made
 * there resumes the awaiting coroutine at once, in that same step, as the code after {@code await}
 * runs in the woken task's step in asyncio. {@link #follow} does the same for a waiter that waits
 * for another task: a grant made in {@link #onFollowed} for a task that completed in its turn goes
 * on in that turn too. Anywhere else, a grant resumes the awaiting coroutine on the loop's next turn.
 *
 * <p><b>Cancellation.</b> {@link #cancel} ends a waiting waiter at once by default. A primitive
 * whose waiters take what they wait for in their turn can override it to deliver the cancellation
 * in the turn instead, after its clean-up (as an asyncio task gets it in its next step); it may be
 * called from any thread, so such an override first hops onto the waiter's {@link #loop()}.
 *
 * <p>A waiter made per operation on a hot path (a lock's acquisition) can extend {@link BareWaiter}
 * instead: the same without fields of its own, its primitive passing the loop.
 *
 * <p>Like the primitives, a waiter is loop-confined: grant it, schedule its turns and follow with
 * it on the thread of its loop (the one running where it was made). {@link #onUndelivered} and
 * {@link #onTurn} run on that thread. Nothing here allocates beyond the waiter itself.
 *
 * @param <T> the type of what is granted
 */
public abstract class Waiter<T> extends Task<T> {
    /** The loop whose turns the waiter takes; null when made outside any loop. */
    private final EventLoop loop;
    /** Whether {@link #onTurn()} is scheduled and has not run yet. */
    private boolean turnDue;
    /** The task {@link #follow} registered for, until it completed. */
    private Task<?> followed;

    /** A waiter on the loop running on this thread (none outside any loop: turns then run at once). */
    protected Waiter() {
        this.loop = EventLoop.current();
    }

    /**
     * A waiter on {@code loop}: for a primitive bound to a loop that may be used from outside it.
     *
     * @param loop a loop from {@link Weft#loop()} or {@link Loop#current()}, or null for none
     */
    protected Waiter(Loop loop) {
        if (loop != null && !(loop instanceof EventLoop)) {
            throw new IllegalArgumentException("not a Weft event loop: " + loop);
        }
        this.loop = (EventLoop) loop;
    }

    /**
     * Ends the wait with {@code value}. Returns false, and changes nothing, if the waiter is done
     * already (cancelled, say): then the caller still has what it meant to grant.
     *
     * @param value what the waiter waited for
     * @return whether this call ended the wait
     */
    protected final boolean grant(T value) {
        return complete(value);
    }

    /**
     * Ends the wait with {@code exception} instead of a grant (a queue shut down, a barrier broken,
     * a cancellation delivered in the waiter's turn); false if the waiter is done already.
     *
     * @param exception what the awaiting code throws
     * @return whether this call ended the wait
     */
    protected final boolean refuse(Throwable exception) {
        return fail(exception);
    }

    /**
     * Called once when this waiter was granted {@code value} but the coroutine awaiting it was
     * cancelled before it resumed, so nobody will see the value: give it back (unlock, put the item
     * back, pass the signal on). Runs on the loop's thread, just before the coroutine throws its
     * {@link CancelledException}. Does nothing by default.
     *
     * @param value what was granted
     */
    protected void onUndelivered(T value) {
    }

    /**
     * Schedules {@link #onTurn()} on the waiter's loop's next pass, once however often it is called
     * before it ran; at once, on this thread, for a waiter made outside any loop.
     */
    protected final void scheduleTurn() {
        if (turnDue) {
            return;
        }
        turnDue = true;
        EventLoop l = loop;
        if (l == null) {
            turn();
        } else {
            l.enqueueTurn(this); // from any thread: a primitive may be set up from outside its loop
        }
    }

    /**
     * The loop whose turns this waiter takes; for hopping onto its thread.
     *
     * @return the loop, or null if it has none
     */
    protected final Loop loop() {
        return loop;
    }

    /**
     * The waiter's turn, scheduled by {@link #scheduleTurn()}: a {@link #grant} or {@link #refuse}
     * made here resumes the awaiting coroutine at once, in this step. Also runs for a waiter that is
     * done by then (cancelled, say).
     */
    protected void onTurn() {
    }

    /**
     * Calls {@link #onFollowed} with {@code task} once it completes, at once if it is done: for a
     * waiter that waits for other tasks in turn (re-acquiring a lock, say). One task at a time.
     *
     * @param task the task to wait for
     */
    protected final void follow(Task<?> task) {
        followed = task;
        task.addFollower(this);
    }

    /**
     * Called when the task given to {@link #follow} completes, on the thread that completed it. If
     * it completed in its own turn (a waiter's turn), so does a grant made here.
     *
     * @param task the followed task, done
     */
    protected void onFollowed(Task<?> task) {
    }

    /** The loop's entry to {@link #onTurn()}; does nothing unless a turn is due. */
    final void turn() {
        if (!turnDue) {
            return;
        }
        turnDue = false;
        EventLoop l = loop;
        if (l == null) {
            onTurn();
            return;
        }
        l.runTurn(this);
    }

    /** The runtime's entry to {@link #onFollowed}; does nothing for a task not followed. */
    final void followedDone(Task<?> task) {
        if (task != followed) {
            return;
        }
        followed = null;
        EventLoop l = loop;
        if (l == null || !l.inLoopThread() || l.yielding != task) {
            onFollowed(task);
            return;
        }
        l.yielding = this; // the followed task ended in its turn: so may this waiter
        try {
            onFollowed(task);
        } finally {
            l.yielding = task;
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        onCancelled();
        return true;
    }

    /**
     * What this waiter waits for, in words, for task dumps ({@link Weft#dumpTasks(Appendable)}
     * prints it after "waits on"): {@code "AsyncLock held by Task 'b'"}, {@code "AsyncQueue get
     * (empty)"}. Called on the waiter's loop while it waits, or from another thread for a loop that
     * is blocked: keep it short and let it not throw. By default, the class's simple name.
     *
     * @return a short description
     */
    @Override
    protected String waitsOn() {
        return getClass().getSimpleName();
    }

    /**
     * The task ({@link Weft#createTask}, {@link Weft#run}) whose code awaits this waiter now, or null
     * if none does (nobody awaits it yet, or a combinator such as {@code gather} does): for
     * descriptions, such as which task a lock was granted to.
     *
     * @return the awaiting task, or null
     */
    protected final Task<?> awaitingTask() {
        return awaitingTaskOf(this);
    }

    /** The task whose frame alone awaits {@code waiter}, or null. */
    static Task<?> awaitingTaskOf(Task<?> waiter) {
        Object w = waiter.soleWaiter();
        return w instanceof Coroutine ? ((Task<?>) w).ownerTask() : null;
    }

    /** Called once, after this waiter was cancelled while it was waiting; for the runtime's own waiters. */
    void onCancelled() {
    }

    /** The hook {@link Coroutine} calls when it drops the value of {@code awaited} (a Waiter's or a {@link BareWaiter}'s) for a cancellation. */
    @SuppressWarnings("unchecked")
    static void undelivered(Task<?> awaited) {
        // isFailed/isCancelled, not failureOrNull: reading the outcome here must not mark a failure observed
        if (!awaited.isDone() || awaited.isFailed() || awaited.isCancelled()) {
            return;
        }
        if (awaited instanceof Waiter) {
            Waiter<Object> w = (Waiter<Object>) awaited;
            w.onUndelivered(w.valueOrThrow());
        } else if (awaited instanceof BareWaiter) {
            BareWaiter<Object> w = (BareWaiter<Object>) awaited;
            w.onUndelivered(w.valueOrThrow());
        }
    }
}
