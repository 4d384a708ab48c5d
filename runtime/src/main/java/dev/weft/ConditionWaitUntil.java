package dev.weft;

import java.util.function.BooleanSupplier;

/** One {@link Condition#waitUntil}: checks the predicate, waits, checks again, until it holds. */
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
        current.addCompletion(this::woken);
        return this;
    }

    private void woken(Task<?> wait) {
        Throwable failure = wait.failureOrNull();
        if (failure != null) {
            fail(failure);
            return;
        }
        try {
            if (predicate.getAsBoolean()) {
                complete(Boolean.TRUE);
                return;
            }
            current = condition.waitSignal();
        } catch (Throwable t) {
            fail(t);
            return;
        }
        current.addCompletion(this::woken);
    }

    /** Woken and the predicate held, but cancelled before it resumed: pass the signal on. */
    @Override
    void onUndelivered() {
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
