package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Waiter;
import java.util.function.BooleanSupplier;

/** One {@link AsyncCondition#waitUntil}: checks the predicate, waits, checks again, until it holds. */
final class ConditionWaitUntil extends Waiter<Boolean> {
    private final ConditionImpl condition;
    private final BooleanSupplier predicate;
    private Task<Boolean> current;

    ConditionWaitUntil(ConditionImpl condition, BooleanSupplier predicate) {
        this.condition = condition;
        this.predicate = predicate;
    }

    /** Returns a done task if the predicate holds now (or fails), else this task, waiting. */
    Task<Boolean> start() {
        if (predicate.getAsBoolean()) {
            return DoneTasks.TRUE;
        }
        current = condition.waitSignal();
        follow(current);
        return this;
    }

    @Override
    protected String waitsOn() {
        Task<Boolean> c = current;
        return "AsyncCondition waitUntil: " + (c instanceof QueuedWaiter ? ((QueuedWaiter<?>) c).waitsOn() : "the predicate");
    }

    /** A wait ended, in the turn that re-acquired the lock: check again there. */
    @Override
    protected void onFollowed(Task<?> wait) {
        Throwable failure = Outcomes.exceptionOf(wait);
        if (failure != null) {
            refuse(failure);
            return;
        }
        try {
            if (predicate.getAsBoolean()) {
                grant(Boolean.TRUE);
                return;
            }
            current = condition.waitSignal();
        } catch (Throwable t) {
            refuse(t);
            return;
        }
        follow(current);
    }

    /** Woken and the predicate held, but cancelled before it resumed: pass the signal on. */
    @Override
    protected void onUndelivered(Boolean value) {
        condition.wake(1);
    }

    /** Cancels the wait in progress, which completes this task once the lock is held again. */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        Task<Boolean> c = current;
        return c != null && c.cancel(message) || super.cancel(message);
    }
}
