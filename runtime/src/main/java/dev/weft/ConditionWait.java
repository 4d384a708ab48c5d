package dev.weft;

/**
 * One {@link Condition#waitSignal()}: waits in the condition's queue, then re-acquires the lock
 * before it completes, also when it was cancelled (asyncio's invariant: the caller leaves
 * {@code wait} holding the lock, whatever happened).
 *
 * <pre>
 *   state        entered by                    next
 *   WAITING      waitSignal()                  REACQUIRING (signalled or cancelled)
 *   REACQUIRING  signal, or a cancel           done: true, or CancelledException if cancelled
 * </pre>
 */
final class ConditionWait extends Waiter<Boolean> {
    private final ConditionImpl condition;
    private boolean reacquiring;
    private CancelledException cancelled;

    ConditionWait(ConditionImpl condition) {
        this.condition = condition;
    }

    void signalled() {
        reacquire();
    }

    /** Not done at once: the cancellation completes this task only once the lock is held again. */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        if (cancelled == null) {
            cancelled = message == null ? new CancelledException() : new CancelledException(message);
        }
        if (!reacquiring) {
            onCancelled(); // leave the condition's queue
            reacquire();
        }
        return true;
    }

    private void reacquire() {
        reacquiring = true;
        // The permit of this acquisition is dropped: the caller's own permit releases the lock.
        condition.lock.acquire().addCompletion(granted -> reacquired());
    }

    private void reacquired() {
        if (cancelled == null) {
            complete(Boolean.TRUE);
        } else {
            condition.wake(1);
            fail(cancelled);
        }
    }

    /** Signalled, but cancelled before it resumed: pass the signal on, as asyncio does. */
    @Override
    void onUndelivered() {
        condition.wake(1);
    }
}
