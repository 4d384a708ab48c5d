package dev.weft;

/**
 * Where a loop reports what nobody else will see: a callback that threw, an exception never
 * retrieved, a step that blocked the loop (debug mode). The default prints to {@code System.err}.
 *
 * <pre>{@code
 * List<String> seen = new ArrayList<>();
 * Weft.run(() -> main(), RunOptions.defaults().withReporter((msg, e) -> seen.add(msg)));
 * }</pre>
 */
@FunctionalInterface
public interface Reporter {
    /**
     * Reports {@code message}; {@code exception} is the throwable involved, or null. May be called from any thread.
     *
     * @param message what happened
     * @param exception the throwable involved, or null
     */
    void report(String message, Throwable exception);

    /**
     * Prints the message, and the exception's stack trace if any, to {@code System.err}.
     *
     * @return a reporter that prints to {@code System.err}
     */
    static Reporter stderr() {
        return (message, exception) -> {
            System.err.println("[weft] " + message);
            if (exception != null) {
                exception.printStackTrace(System.err);
            }
        };
    }
}
