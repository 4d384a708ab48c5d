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
     * real time, and timers fire in deadline order exactly.
     *
     * <p>What a test can rely on when its loop also waits for sockets ({@code dev.weft.io}) or for
     * other threads:
     * <ul>
     *   <li>With a timer pending, the loop never waits in real time: when nothing is ready it polls
     *       its sockets without blocking and, if none is ready either, jumps to the timer. Timers
     *       jump as without I/O, also while reads and accepts wait.
     *   <li>Readiness that is there when the loop looks (bytes in the socket, a connection to
     *       accept, a connect answered, room to write) resumes its coroutine before the clock moves,
     *       at the same loop time.
     *   <li>What is still on its way does not hold the clock back: bytes a peer sends later in real
     *       time, a {@code toThread} result, a future another thread completes. A timeout around real
     *       I/O ({@code waitFor}, {@code timeout}, a connect timeout) can fire at once in real time.
     *   <li>With no timer pending, the loop waits in real time, in its selector or parked, for the
     *       next readiness or hand-over, and the clock stands still.
     * </ul>
     * On Linux, bytes written to a loopback connection are in the peer's socket when the write
     * returns, so two coroutines of one run talking over 127.0.0.1 usually go on without the clock
     * moving; that is the kernel's doing, not a promise of the loop.
     *
     * @return a new virtual clock, at 0
     */
    static LoopClock virtual() {
        return new VirtualClock();
    }
}
