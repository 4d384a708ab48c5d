package dev.weft;

/**
 * A task completed by hand, to bridge callback APIs into {@code await}.
 *
 * <pre>{@code
 * Promise<String> p = Task.promise();
 * client.get(url, body -> p.complete(body), error -> p.fail(error));
 * String body = await(p);
 * }</pre>
 *
 * <p>Completing from any thread is safe; a coroutine awaiting it resumes on its own loop.
 *
 * @param <T> the type of the value
 */
public final class Promise<T> extends Task<T> {
    Promise() {
    }

    /** Completes with {@code value}; false if already done. */
    @Override
    public boolean complete(T value) {
        return super.complete(value);
    }

    /** Completes with {@code failure}; false if already done. */
    @Override
    public boolean fail(Throwable failure) {
        return super.fail(failure);
    }
}
