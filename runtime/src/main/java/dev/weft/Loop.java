package dev.weft;

import java.time.Duration;

/**
 * The running event loop, for library authors: low-level scheduling hooks (asyncio's
 * {@code call_soon}, {@code call_later}, {@code call_at}, {@code call_soon_threadsafe}).
 * Get it with {@link Weft#loop()} from code running on the loop.
 *
 * <pre>{@code
 * Loop loop = Weft.loop();
 * Promise<String> p = Task.promise();
 * loop.callLater(Duration.ofMillis(50), () -> p.complete("tick"));
 * String s = await(p);
 * }</pre>
 *
 * <p>All methods but {@link #callSoonThreadSafe} must be called on the loop's thread. A callback that
 * throws is reported to the run's {@link Reporter}; the loop goes on.
 */
public interface Loop {
    /**
     * The loop running on this thread, or null outside any (asyncio's {@code _get_running_loop()};
     * {@link Weft#loop()} throws instead): for a primitive that binds to the loop that uses it.
     *
     * @return the running loop, or null
     */
    static Loop current() {
        return EventLoop.current();
    }

    /**
     * The loop's current time in nanoseconds, from its {@link LoopClock}.
     *
     * @return the loop time in nanoseconds
     */
    long time();

    /**
     * Runs {@code callback} on the next loop turn, after what is already scheduled (FIFO).
     *
     * @param callback what to run
     * @return a handle that cancels the call
     */
    Handle callSoon(Runnable callback);

    /**
     * Runs {@code callback} once {@code delay} has passed. A negative delay is a deadline in the past:
     * it is due at once, and due timers run in deadline order. A delay beyond about 73 years
     * (2<sup>61</sup> ns) either way counts as that long.
     *
     * @param delay how long from now
     * @param callback what to run
     * @return a handle that cancels the call
     */
    Handle callLater(Duration delay, Runnable callback);

    /**
     * Runs {@code callback} once {@link #time()} reaches {@code deadlineNanos} (at once if it is past).
     * A deadline beyond about 73 years (2<sup>61</sup> ns) from now either way counts as that far,
     * {@code Long.MIN_VALUE} as long past.
     *
     * @param deadlineNanos when, in loop time
     * @param callback what to run
     * @return a handle that cancels the call
     */
    Handle callAt(long deadlineNanos, Runnable callback);

    /**
     * Runs {@code callback} on the loop's next turn; safe from any thread, wakes a parked loop.
     * Once the loop's run has ended it throws; a callback handed over just before the end that the
     * loop did not run is reported to the run's {@link Reporter} as dropped.
     *
     * @param callback what to run
     * @throws IllegalStateException if the loop is closed (its run has ended)
     */
    void callSoonThreadSafe(Runnable callback);

    /**
     * Whether the loop runs in debug mode (see {@link RunOptions#withDebug(boolean)}).
     *
     * @return true in debug mode
     */
    boolean isDebug();

    /**
     * How many timers are pending (sleeps, timeouts and {@code callLater}s); for tests and monitoring.
     *
     * @return the number of pending timers
     */
    int pendingTimers();
}
