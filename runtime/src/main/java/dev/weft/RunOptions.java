package dev.weft;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Weft#run(java.util.function.Supplier, RunOptions)} runs its loop. Immutable: every
 * {@code with...} returns a new object.
 *
 * <pre>{@code
 * RunOptions opts = RunOptions.defaults()
 *         .withDebug(true)                        // or -Dweft.debug=true
 *         .withSlowStepThreshold(Duration.ofMillis(50))
 *         .withClock(LoopClock.virtual());        // time-based tests run instantly
 * Weft.run(() -> main(), opts);
 * }</pre>
 */
public final class RunOptions {
    private static final Duration DEFAULT_SLOW_STEP = Duration.ofMillis(100);

    private final boolean debug;
    private final LoopClock clock;
    private final Duration slowStepThreshold;
    private final Reporter reporter;

    private RunOptions(boolean debug, LoopClock clock, Duration slowStepThreshold, Reporter reporter) {
        this.debug = debug;
        this.clock = clock;
        this.slowStepThreshold = slowStepThreshold;
        this.reporter = reporter;
    }

    /**
     * The system clock, reports to {@code System.err}, debug mode if {@code -Dweft.debug=true}.
     *
     * @return the default options
     */
    public static RunOptions defaults() {
        return new RunOptions(Boolean.getBoolean("weft.debug"), LoopClock.system(), DEFAULT_SLOW_STEP, Reporter.stderr());
    }

    /**
     * Debug mode: reports a step that blocks the loop longer than the slow-step threshold (with the
     * coroutine and the source line it resumed at), a task whose exception is never retrieved, and a
     * task that is never awaited (both when the task is garbage-collected).
     *
     * @param debug whether to run in debug mode
     * @return new options; this object is unchanged
     */
    public RunOptions withDebug(boolean debug) {
        return new RunOptions(debug, clock, slowStepThreshold, reporter);
    }

    /**
     * The loop's time source; {@link LoopClock#virtual()} for tests.
     *
     * @param clock the loop's clock
     * @return new options; this object is unchanged
     */
    public RunOptions withClock(LoopClock clock) {
        return new RunOptions(debug, Objects.requireNonNull(clock, "clock"), slowStepThreshold, reporter);
    }

    /**
     * In debug mode, how long one step may run before it is reported as blocking the loop (default 100 ms).
     *
     * @param threshold the longest step not reported
     * @return new options; this object is unchanged
     */
    public RunOptions withSlowStepThreshold(Duration threshold) {
        return new RunOptions(debug, clock, Objects.requireNonNull(threshold, "threshold"), reporter);
    }

    /**
     * Where the loop's reports go (default {@link Reporter#stderr()}).
     *
     * @param reporter where reports go
     * @return new options; this object is unchanged
     */
    public RunOptions withReporter(Reporter reporter) {
        return new RunOptions(debug, clock, slowStepThreshold, Objects.requireNonNull(reporter, "reporter"));
    }

    /**
     * Whether debug mode is on ({@link #withDebug(boolean)}).
     *
     * @return true in debug mode
     */
    public boolean isDebug() {
        return debug;
    }

    /**
     * The loop's time source.
     *
     * @return the clock
     */
    public LoopClock clock() {
        return clock;
    }

    /**
     * How long a step may run in debug mode before it is reported.
     *
     * @return the threshold
     */
    public Duration slowStepThreshold() {
        return slowStepThreshold;
    }

    /**
     * Where the loop's reports go.
     *
     * @return the reporter
     */
    public Reporter reporter() {
        return reporter;
    }
}
