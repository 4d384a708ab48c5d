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

    /** False while Throwable's constructor runs: the stack is filled (or not) by this class's constructors. */
    private transient boolean constructed;

    /** A cancellation without a message. */
    public CancelledException() {
        super();
        constructed = true;
        super.fillInStackTrace();
    }

    /**
     * A cancellation with {@code message}, as given to {@link Task#cancel(String)}.
     *
     * @param message the cancellation message, or null
     */
    public CancelledException(String message) {
        super(message);
        constructed = true;
        super.fillInStackTrace();
    }

    /**
     * Made by the runtime: with no stack trace yet (cancelling a million sleeps must stay cheap, and the
     * stack at {@code cancel()} is the requester's, not the cancelled code's), but a writable one, which
     * the await that delivers it fills in (see {@link AsyncTraces}); the request, when made by a task,
     * as its cause.
     */
    CancelledException(String message, CancellationRequest request) {
        super(message);
        constructed = true;
        if (request != null) {
            initCause(request);
        }
    }

    /**
     * Fills in the stack trace; skipped while the constructor of {@code Throwable} runs, as this
     * class's constructors decide.
     *
     * @return this exception
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return constructed ? super.fillInStackTrace() : this;
    }

    /** What {@code cancel(message)} fails a task with: asked for here, by the current task if any. */
    static CancelledException requested(String message) {
        return new CancelledException(message, CancellationRequest.capture());
    }

    /** The cancellation a kept one ({@link PendingCancel}) becomes when delivered. */
    static CancelledException of(Object pendingCancel) {
        return new CancelledException(PendingCancel.message(pendingCancel), PendingCancel.request(pendingCancel));
    }
}
