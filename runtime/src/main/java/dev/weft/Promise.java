package dev.weft;

import java.util.Objects;

/**
 * A task completed by hand, to bridge callback APIs into {@code await}.
 *
 * <pre>{@code
 * Promise<String> p = Task.promise();
 * client.get(url, body -> p.complete(body), e -> p.completeExceptionally(e));
 * String body = await(p);
 * }</pre>
 *
 * <p>Completing from any thread is safe; a coroutine awaiting it resumes on its own loop.
 * Cancelling the promise completes it with a {@link CancelledException}; a later
 * {@code complete} then returns false.
 *
 * @param <T> the type of the result
 */
public final class Promise<T> extends Task<T> {
    Promise() {
    }

    @Override
    String waitsOn() {
        return "a promise (Task.promise())";
    }

    /** Succeeds with {@code result}; false if already done. */
    @Override
    public boolean complete(T result) {
        return super.complete(result);
    }

    /**
     * Fails with {@code exception} ({@code CompletableFuture}'s name); false if already done. A
     * {@link CancelledException} cancels the promise instead, as a {@code CancellationException}
     * cancels a {@code CompletableFuture}.
     *
     * @param exception the exception the promise fails with
     * @return true if this call completed the promise
     */
    public boolean completeExceptionally(Throwable exception) {
        return fail(Objects.requireNonNull(exception, "exception"));
    }
}
