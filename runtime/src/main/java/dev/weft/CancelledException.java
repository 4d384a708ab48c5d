package dev.weft;

/**
 * Thrown at the await where a cancelled task is suspended, and by awaiting a cancelled task.
 *
 * <pre>{@code
 * try {
 *     await(sleep(Duration.ofHours(1)));
 * } finally {
 *     release();              // runs when the task is cancelled
 * }
 * }</pre>
 *
 * <p><b>Why it is an {@link Error}.</b> Cancellation is a normal event, not a failure, but it must
 * travel up through user code: {@code catch (Exception e) { log(e); }} around an await is
 * everywhere, and if it caught cancellation the task would go on as if never cancelled. Python moved
 * {@code CancelledError} out of {@code Exception} in 3.8 for this reason, and Java's
 * {@code ThreadDeath} is an {@code Error} for the same one. So a broad {@code catch (Exception e)}
 * lets cancellation pass; {@code catch (Throwable t)} or {@code catch (CancelledException e)} catch
 * it, and should rethrow it unless the code means to swallow the cancellation (then call
 * {@link Task#uncancel()} where it matters, as in asyncio).
 *
 * <p><b>CompletableFuture interop.</b> It is not a {@code java.util.concurrent.CancellationException};
 * the runtime translates at the boundary instead: awaiting a cancelled {@code CompletableFuture}
 * throws a {@code CancelledException} (the original as its cause), {@link Task#toCompletableFuture()}
 * of a cancelled task is a cancelled future ({@code isCancelled()}), and cancelling that future
 * cancels the task.
 */
public class CancelledException extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledException() {
        super();
    }

    /**
     * A cancellation with {@code message}, as given to {@link Task#cancel(String)}.
     *
     * @param message the cancellation message, or null
     */
    public CancelledException(String message) {
        super(message);
    }

    /**
     * Made by {@code cancel()}: without a stack trace, which would show only where cancel() was
     * called, not where the cancelled code was; and cancelling a million sleeps must stay cheap.
     */
    CancelledException(String message, boolean stackless) {
        super(message, null, true, !stackless);
    }

    static CancelledException requested(String message) {
        return new CancelledException(message, true);
    }
}
