package dev.weft.sync;

import dev.weft.BareWaiter;
import dev.weft.Loop;

/**
 * One acquisition of a {@link PermitPool}: at once the task {@code acquire()} returns, the waiter
 * in the pool's queue, and the {@link Permit} it completes with. One object per acquisition, on
 * the fast path too: sharing a permit would let a stale double close release a later holder.
 *
 * <p>Kept to three fields (32 bytes with a 20-byte {@code Task}): the pool, which knows the loop;
 * the link of the pool's singly linked queue; and one int of flags. A cancel message, rare, waits
 * in the pool's side table.
 *
 * <p>As asyncio's wake-then-acquire: a release only {@link #wake}s the grant; its turn, on the next
 * loop pass (the awaiting task's step in asyncio), takes the lock or permit and grants, so that the
 * awaiting coroutine goes on in that same step. A cancellation is delivered in the turn too, after
 * the pool's clean-up, so that a wake-up it got is passed on and nothing is lost.
 * <pre>
 *   state          entered by                 its turn (next pass)
 *   waiting        the pool queues it         -
 *   woken          wake()                     pool.resumed(): take and grant
 *   cancel asked   cancel(), woken or not     pool.cancelled(): leave, pass a wake-up on; then cancelled
 * </pre>
 */
final class Grant extends BareWaiter<Permit> implements Permit {
    // TurnFlags.WOKEN and CANCEL_ASKED, as a Contender's; then the grant's own:
    private static final int WOKEN = TurnFlags.WOKEN;
    private static final int CANCEL_ASKED = TurnFlags.CANCEL_ASKED;
    /** With CANCEL_ASKED: the pool keeps a cancel message for it. */
    private static final int HAS_MESSAGE = 4;
    /** Completed with itself: the permit is held (until RELEASED). */
    private static final int GRANTED = 8;
    /** Closed: the permit went back once. */
    private static final int RELEASED = 16;

    private final PermitPool pool;
    /** The next grant in the pool's queue; null at the tail and outside the queue. */
    Grant next;
    private int state;

    Grant(PermitPool pool) {
        this.pool = pool;
    }

    /** A grant held at once: the fast path, with no waiting. */
    static Grant held(PermitPool pool) {
        Grant g = new Grant(pool);
        g.state = GRANTED;
        g.grantOnLoop(g);
        return g;
    }

    /** Whether a wake-up may go to this waiter: neither woken nor cancelled yet (asyncio's {@code not fut.done()}). */
    boolean isPending() {
        return TurnFlags.isPending(state) && !isDone();
    }

    /** Whether it was cancelled before any wake-up (asyncio's cancelled waiter future). */
    boolean isAbandoned() {
        return TurnFlags.isAbandoned(state);
    }

    /**
     * Not API: the pool's loop, whose thread alone completes this grant (cancel() hops onto it) and
     * so adds its waiters with plain accesses while it is open.
     *
     * @hidden
     */
    @Override
    protected Object homeLoop() {
        return pool.binding.loop();
    }

    /** Wakes this pending waiter: it takes its turn on the next pass. */
    void wake() {
        state |= WOKEN;
        scheduleTurn(pool.binding.loop());
    }

    /** The task awaiting this grant, which holds the permit once granted; for task dumps. */
    dev.weft.Task<?> awaiter() {
        return awaitingTask();
    }

    /** Completes this woken waiter with itself, in its turn: the holder now holds one permit. */
    void granted() {
        state |= GRANTED;
        grantOnLoop(this); // on the loop: cancel() hops onto it, so nothing completes a grant concurrently
    }

    /**
     * Asks for the cancellation, delivered in the waiter's next turn; true unless already done. Once
     * the loop has closed, no turn comes: the waiter ends cancelled at once instead.
     */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        Loop loop = pool.binding.loop();
        if (loop != null && Loop.current() != loop) {
            // The queue is the loop's: the request goes there; a closed loop runs no turn, so it ends here.
            return TurnFlags.cancelOnLoop(loop, () -> cancel(message)) || super.cancel(message);
        }
        int s = state;
        if ((s & CANCEL_ASKED) == 0) {
            state = s | CANCEL_ASKED | (message != null ? HAS_MESSAGE : 0);
            if (message != null) {
                pool.keepCancelMessage(this, message);
            }
            if ((s & WOKEN) == 0) {
                scheduleTurn(loop); // a woken grant has its turn due already
            }
        }
        return true;
    }

    /** The waiter's turn: take the permit, or leave cancelled. */
    @Override
    protected void onTurn() {
        if (isDone()) {
            return;
        }
        int s = state;
        state = 0;
        if ((s & CANCEL_ASKED) != 0) {
            String message = (s & HAS_MESSAGE) != 0 ? pool.takeCancelMessage(this) : null;
            pool.cancelled(this, (s & WOKEN) != 0);
            super.cancel(message); // ends the wait now, in this turn: the awaiting coroutine goes on in it
        } else if ((s & WOKEN) != 0) {
            pool.resumed(this);
        }
    }

    @Override
    public void close() {
        int s = state;
        if ((s & (GRANTED | RELEASED)) != GRANTED) {
            return; // still waiting, cancelled, or released already
        }
        state = s | RELEASED;
        pool.release();
    }

    /** Granted, but its coroutine was cancelled before it could see it: pass the permit on. */
    @Override
    protected void onUndelivered(Permit permit) {
        close();
    }

    @Override
    protected String waitsOn() {
        return isDone() ? super.waitsOn() : pool.waitingFor();
    }

    @Override
    public String toString() {
        int s = state;
        return "Permit[" + ((s & RELEASED) != 0 ? "released" : (s & GRANTED) != 0 ? "held" : isDone() ? "cancelled" : "waiting") + "]";
    }
}
