package dev.weft;

/**
 * A callback scheduled on a {@link Loop}, which can be cancelled before it runs.
 *
 * <pre>{@code
 * Handle h = Weft.loop().callLater(Duration.ofSeconds(5), () -> System.out.println("late"));
 * h.cancel(); // never prints; a cancelled timer leaves the timer heap at once
 * }</pre>
 */
public interface Handle {
    /** Stops the callback from running; no effect if it already ran. Loop thread only. */
    void cancel();

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true if the callback was cancelled
     */
    boolean isCancelled();
}
