package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Loop;
import dev.weft.Task;

/**
 * One {@link AsyncCondition#waitSignal()}: waits in the condition's queue; when its turn runs after a
 * signal or a cancellation, leaves the queue and re-acquires the lock before it completes, also
 * when it was cancelled (asyncio's invariant: the caller leaves {@code wait} holding the lock,
 * whatever happened).
 *
 * <pre>
 *   state        entered by                             next
 *   WAITING      waitSignal()                           its turn: REACQUIRING
 *   REACQUIRING  a signal or a cancel, in its turn      done once the lock is held: true, or the
 *                                                       CancelledException (then one other waiter is
 *                                                       signalled in its place, as asyncio does)
 * </pre>
 * A cancel while re-acquiring cancels that acquisition and queues for the lock again, as asyncio's
 * retry loop does.
 */
final class ConditionWait extends Contender<Boolean> {
    private final ConditionImpl condition;
    /** The lock acquisition in progress; non-null while re-acquiring. */
    private Task<Permit> reacquiring;
    /** Whether to end cancelled once the lock is held again, and with what message. */
    private boolean cancelled;
    private String cancelMessage;

    ConditionWait(ConditionImpl condition) {
        super(Loop.current());
        this.condition = condition;
    }

    @Override
    void resumed() {
        condition.leave(this);
        reacquire();
    }

    @Override
    void cancelled(boolean wasWoken, String message) {
        condition.leave(this);
        cancelled = true;
        cancelMessage = message;
        reacquire();
    }

    @Override
    public boolean cancel(String message) {
        Task<Permit> r = reacquiring;
        if (r == null) {
            return super.cancel(message);
        }
        if (isDone()) {
            return false;
        }
        r.cancel(message);
        return true;
    }

    private void reacquire() {
        // The permit of this acquisition is dropped: the caller's own permit releases the lock.
        Task<Permit> r = condition.lock.acquire();
        reacquiring = r;
        follow(r);
    }

    @Override
    protected void onFollowed(Task<?> acquisition) {
        Throwable f = Outcomes.exceptionOf(acquisition);
        if (f != null) {
            if (!cancelled && f instanceof CancelledException) {
                cancelled = true;
                cancelMessage = f.getMessage();
            }
            reacquire(); // a cancelled acquisition: queue for the lock again
            return;
        }
        reacquiring = null;
        if (!cancelled) {
            grant(Boolean.TRUE);
        } else {
            condition.wake(1);
            refuseCancelled(cancelMessage);
        }
    }

    /** Signalled, but cancelled before it resumed: pass the signal on, as asyncio does. */
    @Override
    protected void onUndelivered(Boolean value) {
        condition.wake(1);
    }
}
