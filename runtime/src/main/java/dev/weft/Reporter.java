package dev.weft;

/**
 * Where a loop reports what nobody else will see: a callback that threw, a failure never
 * retrieved, a step that blocked the loop (debug mode). The default prints to {@code System.err}.
 *
 * <pre>{@code
 * List<String> seen = new ArrayList<>();
 * Weft.run(() -> main(), RunOptions.defaults().withReporter((msg, error) -> seen.add(msg)));
 * }</pre>
 */
@FunctionalInterface
public interface Reporter {
    /**
     * Reports {@code message}; {@code error} is the throwable involved, or null. May be called from any thread.
     *
     * @param message what happened
     * @param error the throwable involved, or null
     */
    void report(String message, Throwable error);

    /**
     * Prints the message, and the error's stack trace if any, to {@code System.err}.
     *
     * @return a reporter that prints to {@code System.err}
     */
    static Reporter stderr() {
        return (message, error) -> {
            System.err.println("[weft] " + message);
            if (error != null) {
                error.printStackTrace(System.err);
            }
        };
    }
}
