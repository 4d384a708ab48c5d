package dev.weft;

/**
 * A timeout expired: thrown by awaiting {@link Weft#waitFor}, {@link Weft#timeout} and
 * {@link Weft#timeoutAt} when their deadline passed first (asyncio {@code TimeoutError}). Its cause
 * is the {@link CancelledException} that stopped the timed-out work.
 *
 * <pre>{@code
 * try {
 *     String s = await(waitFor(slowOperation(), Duration.ofSeconds(3)));
 * } catch (AsyncTimeoutException e) {
 *     System.out.println("Operation timed out!");
 * }
 * }</pre>
 */
public class AsyncTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message} whose cause is {@code cause}, the cancellation that stopped the work.
     *
     * @param message the detail message
     * @param cause the cause, or null
     */
    public AsyncTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception with {@code message} and no cause.
     *
     * @param message the detail message
     */
    public AsyncTimeoutException(String message) {
        super(message);
    }
}
