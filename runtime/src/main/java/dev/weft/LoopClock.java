package dev.weft;

/**
 * The time source of an event loop, in nanoseconds (only differences matter, as with
 * {@link System#nanoTime()}). Inject one with {@link RunOptions#withClock(LoopClock)}. Unlike
 * {@link java.time.Clock}, it tells no date or time zone, and its name does not clash with that one
 * when both packages are imported whole.
 *
 * <pre>{@code
 * // Time-based tests that run instantly and deterministically:
 * Weft.run(() -> main(), RunOptions.defaults().withClock(LoopClock.virtual()));
 * }</pre>
 */
@FunctionalInterface
public interface LoopClock {
    /**
     * The current time in nanoseconds.
     *
     * @return the time in nanoseconds, from the clock's own origin
     */
    long nanoTime();

    /**
     * The JVM's monotonic clock, {@link System#nanoTime()}; the default.
     *
     * @return the system clock
     */
    static LoopClock system() {
        return System::nanoTime;
    }

    /**
     * A clock that starts at 0 and moves only when its loop is idle: instead of parking until the
     * next timer, the loop jumps the clock to that timer's deadline. A sleep of an hour takes no
     * real time, and timers fire in deadline order exactly. Other threads' completions are still
     * waited for (by parking) when no timer is pending.
     *
     * @return a new virtual clock, at 0
     */
    static LoopClock virtual() {
        return new VirtualClock();
    }
}
