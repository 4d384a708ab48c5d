package dev.weft;

import java.util.concurrent.CancellationException;

/**
 * Thrown at the await where a cancelled task is suspended, and by awaiting a cancelled task.
 *
 * <p>It extends {@link CancellationException} so that code bridging to {@code CompletableFuture}
 * recognises a cancellation as one, and because it is unchecked; that makes it an
 * {@link Exception}, so a broad {@code catch (Exception e)} around an await will catch it: rethrow
 * it (or catch narrower types), exactly as with {@code asyncio.CancelledError} before Python 3.8.
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super();
    }

    public CancelledException(String message) {
        super(message);
    }
}
