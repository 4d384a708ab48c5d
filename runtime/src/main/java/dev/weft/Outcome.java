package dev.weft;

import java.util.Objects;

/**
 * How a task ended: a value, a failure, or a cancellation; what {@link Weft#gatherSettled} returns
 * for each task (asyncio's {@code gather(..., return_exceptions=True)}).
 *
 * <pre>{@code
 * for (Outcome<String> o : await(gatherSettled(fetch("a"), fetch("b")))) {
 *     if (o.isSuccess()) use(o.value()); else log(o.failure());
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Outcome<T> {
    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    static <T> Outcome<T> of(Task<? extends T> done) {
        Throwable f = done.failureOrNull();
        return f != null ? new Outcome<>(null, f) : new Outcome<>(done.valueOrThrow(), null);
    }

    /**
     * Whether the task ended with a value.
     *
     * @return true if the task ended with a value
     */
    public boolean isSuccess() {
        return failure == null;
    }

    /**
     * Whether the task was cancelled (its failure is a {@link CancelledException}).
     *
     * @return true if the task was cancelled
     */
    public boolean isCancelled() {
        return failure instanceof CancelledException;
    }

    /**
     * The value.
     *
     * @return the task's value
     * @throws IllegalStateException if the task failed or was cancelled (with that failure as cause)
     */
    public T value() {
        if (failure != null) {
            throw new IllegalStateException("the task failed: " + failure, failure);
        }
        return value;
    }

    /**
     * The failure or cancellation, or null if the task ended with a value.
     *
     * @return the failure, or null
     */
    public Throwable failure() {
        return failure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outcome && Objects.equals(value, ((Outcome<?>) o).value)
                && Objects.equals(failure, ((Outcome<?>) o).failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, failure);
    }

    @Override
    public String toString() {
        return failure == null ? "Success[" + value + "]" : "Failure[" + failure + "]";
    }
}
