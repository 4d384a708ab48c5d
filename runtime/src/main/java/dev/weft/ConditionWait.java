package dev.weft;

/**
 * One {@link Condition#waitSignal()}: waits in the condition's queue; when its step runs after a
 * signal or a cancellation, leaves the queue and re-acquires the lock before it completes, also
 * when it was cancelled (asyncio's invariant: the caller leaves {@code wait} holding the lock,
 * whatever happened).
 *
 * <pre>
 *   state        entered by                             next
 *   WAITING      waitSignal()                           its step: REACQUIRING
 *   REACQUIRING  a signal or a cancel, in its step      done once the lock is held: true, or the
 *                                                       CancelledException (then one other waiter is
 *                                                       signalled in its place, as asyncio does)
 * </pre>
 * A cancel while re-acquiring cancels that acquisition and queues for the lock again, as asyncio's
 * retry loop does.
 */
final class ConditionWait extends Contender<Boolean> implements Completion {
    private final ConditionImpl condition;
    /** The lock acquisition in progress; non-null while re-acquiring. */
    private Task<Permit> reacquiring;
    /** The cancellation to raise once the lock is held again. */
    private CancelledException cancelled;

    private final EventLoop loop;

    ConditionWait(ConditionImpl condition, EventLoop loop) {
        this.condition = condition;
        this.loop = loop;
    }

    @Override
    EventLoop loop() {
        return loop;
    }

    @Override
    void resumed() {
        condition.leave(this);
        reacquire();
    }

    @Override
    void cancelled(boolean wasWoken, CancelledException cancellation) {
        condition.leave(this);
        cancelled = cancellation;
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
        if (r.isDone()) {
            reacquired(r);
        } else {
            r.addCompletion(this);
        }
    }

    @Override
    public void onComplete(Task<?> acquisition) {
        reacquired(acquisition);
    }

    private void reacquired(Task<?> acquisition) {
        Throwable f = acquisition.failureOrNull();
        if (f != null) {
            if (cancelled == null && f instanceof CancelledException) {
                cancelled = (CancelledException) f;
            }
            reacquire(); // a cancelled acquisition: queue for the lock again
            return;
        }
        reacquiring = null;
        if (cancelled == null) {
            completeHere(Boolean.TRUE);
        } else {
            condition.wake(1);
            failHere(cancelled);
        }
    }

    /** Signalled, but cancelled before it resumed: pass the signal on, as asyncio does. */
    @Override
    void onUndelivered() {
        condition.wake(1);
    }
}
