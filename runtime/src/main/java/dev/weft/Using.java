package dev.weft;

import java.util.function.Function;

/**
 * The task of {@link Weft#using}: runs the body, then closes the resource whatever the body's
 * outcome, then completes as the body did. A close failure after a body failure is added to it as
 * suppressed, as try-with-resources does; a close failure after a value fails the task.
 */
final class Using<R extends AsyncCloseable, T> extends Task<T> {
    private final R resource;
    private Task<T> body;
    /** The body's task, then the close's: what a cancel goes to. */
    private Task<?> current;

    Using(R resource) {
        this.resource = resource;
    }

    Task<T> start(Function<? super R, ? extends Task<T>> code) {
        Task<T> b;
        try {
            b = code.apply(resource);
            if (b == null) {
                throw new NullPointerException("the body of using() returned null instead of a task");
            }
        } catch (Throwable failure) {
            b = Task.failed(failure);
        }
        body = b;
        current = b;
        b.addCompletion(done -> close());
        return this;
    }

    private void close() {
        Task<Void> c;
        try {
            c = resource.close();
            if (c == null) {
                throw new NullPointerException(resource.getClass().getName() + ".close() returned null instead of a task");
            }
        } catch (Throwable failure) {
            c = Task.failed(failure);
        }
        current = c;
        Task<Void> closing = c;
        closing.addCompletion(done -> settle(closing));
    }

    private void settle(Task<Void> closed) {
        Throwable bodyFailure = body.failureOrNull();
        Throwable closeFailure = closed.failureOrNull();
        if (bodyFailure != null) {
            if (closeFailure != null && closeFailure != bodyFailure) {
                bodyFailure.addSuppressed(closeFailure);
            }
            fail(bodyFailure);
        } else if (closeFailure != null) {
            fail(closeFailure);
        } else {
            completeFrom(body);
        }
    }

    /** Cancels the body (the resource is then closed) or, once closing, the close. */
    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        Task<?> c = current;
        return c != null && c.cancel(message);
    }
}
