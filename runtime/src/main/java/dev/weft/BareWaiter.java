package dev.weft;

/**
 * A {@link Waiter} without fields of its own, for a primitive that makes one waiter per operation
 * on a hot path and wants it small (a lock makes one per acquisition): it grants, refuses, hands
 * back an undelivered grant and takes turns as a {@code Waiter} does, but keeps no loop and no
 * record of a turn being due. The subclass passes the loop to {@link #scheduleTurn(Loop)} (its
 * primitive knows it) and schedules each turn once; it cannot {@code follow} other tasks.
 *
 * <pre>{@code
 * final class Turnstile {                           // lets one waiting coroutine through per open()
 *     private final Loop loop = Weft.loop();
 *     private final ArrayDeque<Pass> waiting = new ArrayDeque<>();
 *
 *     Task<Void> pass() {
 *         Pass p = new Pass();
 *         waiting.add(p);
 *         return p;
 *     }
 *
 *     void open() {
 *         Pass p = waiting.poll();
 *         if (p != null) {
 *             p.wake();
 *         }
 *     }
 *
 *     private final class Pass extends BareWaiter<Void> {
 *         void wake() {
 *             scheduleTurn(loop);                   // once: open() polled it
 *         }
 *
 *         @Override
 *         protected void onTurn() {
 *             grant(null);                          // the awaiting coroutine goes on in this step
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Cancellation</b> works as a {@code Waiter}'s: {@link #cancel} ends a waiting waiter at once
 * (a subclass may override it to deliver the cancellation in its turn), and a value granted to a
 * coroutine cancelled before it resumed goes to {@link #onUndelivered}. Loop-confined, as a
 * {@code Waiter}: grant it and schedule its turns on its loop's thread, or from another thread
 * through {@link #scheduleTurn(Loop)}.
 *
 * @param <T> the type of what is granted
 */
public abstract class BareWaiter<T> extends Task<T> {
    /** A waiter with no loop of its own: {@link #scheduleTurn(Loop)} is told the loop each time. */
    protected BareWaiter() {
    }

    /**
     * Ends the wait with {@code value}; false, changing nothing, if the waiter is done already.
     *
     * @param value what the waiter waited for
     * @return whether this call ended the wait
     */
    protected final boolean grant(T value) {
        return complete(value);
    }

    /**
     * Like {@link #grant}, with a plain ordered store instead of an atomic update: for a waiter that
     * nothing completes concurrently, because everything that completes it (its grants, refusals
     * and cancellations) runs on its loop's thread: a subclass that uses it overrides {@link #cancel}
     * to hop onto the loop first, as a lock's acquisition does. False if the waiter is done already.
     *
     * @param value what the waiter waited for
     * @return whether this call ended the wait
     */
    protected final boolean grantOnLoop(T value) {
        return completeExclusively(value);
    }

    /**
     * Ends the wait with {@code exception} instead of a grant; false if the waiter is done already.
     *
     * @param exception what the awaiting code throws
     * @return whether this call ended the wait
     */
    protected final boolean refuse(Throwable exception) {
        return fail(exception);
    }

    /**
     * Called once when this waiter was granted {@code value} but the coroutine awaiting it was
     * cancelled before it resumed: give it back. Runs on the loop's thread; does nothing by default.
     *
     * @param value what was granted
     */
    protected void onUndelivered(T value) {
    }

    /**
     * Schedules {@link #onTurn()} on {@code loop}'s next pass, from any thread; at once, on this
     * thread, if {@code loop} is null (a waiter made outside any loop). Each call schedules one turn:
     * the caller makes sure a turn is not scheduled twice.
     *
     * @param loop the loop of the waiter's primitive ({@link Weft#loop()}, {@link Loop#current()}), or null
     * @throws IllegalArgumentException if {@code loop} is not a Weft event loop
     */
    protected final void scheduleTurn(Loop loop) {
        if (loop == null) {
            onTurn();
        } else if (loop instanceof EventLoop) {
            ((EventLoop) loop).enqueueTurn(this);
        } else {
            throw new IllegalArgumentException("not a Weft event loop: " + loop);
        }
    }

    /**
     * The waiter's turn: a {@link #grant} or {@link #refuse} made here resumes the awaiting
     * coroutine at once, in this step. Also runs for a waiter that is done by then.
     */
    protected void onTurn() {
    }

    /**
     * What this waiter waits for, in words, for task dumps; see {@link Waiter#waitsOn()}. By
     * default, the class's simple name.
     *
     * @return a short description
     */
    @Override
    protected String waitsOn() {
        return getClass().getSimpleName();
    }

    /**
     * The task whose code awaits this waiter now, or null if none does; see {@link Waiter#awaitingTask()}.
     *
     * @return the awaiting task, or null
     */
    protected final Task<?> awaitingTask() {
        return Waiter.awaitingTaskOf(this);
    }
}
