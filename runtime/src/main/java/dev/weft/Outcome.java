package dev.weft;

import java.util.Objects;

/**
 * How a task ended: it succeeded with a result, failed with an exception, or was cancelled; what
 * {@link Weft#gatherSettled} returns for each task (asyncio's {@code gather(..., return_exceptions=True)}).
 * It reads as the task does: {@link #result()} and {@link #exception()} behave as {@link Task}'s.
 *
 * <pre>{@code
 * for (Outcome<String> o : await(gatherSettled(fetch("a"), fetch("b")))) {
 *     if (o.isSuccess()) use(o.result()); else if (o.isFailed()) log(o.exception());
 * }
 * }</pre>
 *
 * @param <T> the type of the result
 */
public final class Outcome<T> {
    private final T result;
    /** null on success; else the exception, or the cancellation's {@link CancelledException}. */
    private final Throwable exception;
    private final boolean cancelled;

    private Outcome(T result, Throwable exception, boolean cancelled) {
        this.result = result;
        this.exception = exception;
        this.cancelled = cancelled;
    }

    static <T> Outcome<T> of(Task<? extends T> done) {
        Throwable e = done.failureOrNull();
        return e == null ? new Outcome<>(done.valueOrThrow(), null, false) : new Outcome<>(null, e, done.isCancelled());
    }

    /**
     * Whether the task succeeded.
     *
     * @return true if the task ended with a result
     */
    public boolean isSuccess() {
        return exception == null;
    }

    /**
     * Whether the task failed (a cancellation is not a failure, as for {@link Task#isFailed()}).
     *
     * @return true if the task ended with an exception other than a cancellation
     */
    public boolean isFailed() {
        return exception != null && !cancelled;
    }

    /**
     * Whether the task was cancelled.
     *
     * @return true if the task was cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * The task's result. As {@code await} and {@link Task#result()}, it throws the exception of a
     * failed task as it is (a checked one too, undeclared).
     *
     * @return the task's result
     * @throws CancelledException if the task was cancelled
     */
    public T result() {
        if (exception != null) {
            throw Failure.sneaky(exception);
        }
        return result;
    }

    /**
     * The task's exception if it failed, null if it succeeded (as {@link Task#exception()}).
     *
     * @return the exception, or null if the task succeeded
     * @throws CancelledException if the task was cancelled
     */
    public Throwable exception() {
        if (cancelled) {
            throw (CancelledException) exception;
        }
        return exception;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Outcome)) {
            return false;
        }
        Outcome<?> other = (Outcome<?>) o;
        return cancelled == other.cancelled && Objects.equals(result, other.result) && Objects.equals(exception, other.exception);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, exception, cancelled);
    }

    @Override
    public String toString() {
        return exception == null ? "Success[" + result + "]"
                : cancelled ? "Cancelled[" + exception + "]"
                : "Failed[" + exception + "]";
    }
}
