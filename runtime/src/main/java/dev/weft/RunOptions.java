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
    /** Null when stall reports are off. */
    private final Duration stallReport;

    private RunOptions(boolean debug, LoopClock clock, Duration slowStepThreshold, Reporter reporter, Duration stallReport) {
        this.debug = debug;
        this.clock = clock;
        this.slowStepThreshold = slowStepThreshold;
        this.reporter = reporter;
        this.stallReport = stallReport;
    }

    /**
     * The system clock, reports to {@code System.err}, debug mode if {@code -Dweft.debug=true}.
     *
     * @return the default options
     */
    public static RunOptions defaults() {
        return new RunOptions(Boolean.getBoolean("weft.debug"), LoopClock.system(), DEFAULT_SLOW_STEP, Reporter.stderr(), null);
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
        return new RunOptions(debug, clock, slowStepThreshold, reporter, stallReport);
    }

    /**
     * The loop's time source; {@link LoopClock#virtual()} for tests.
     *
     * @param clock the loop's clock
     * @return new options; this object is unchanged
     */
    public RunOptions withClock(LoopClock clock) {
        return new RunOptions(debug, Objects.requireNonNull(clock, "clock"), slowStepThreshold, reporter, stallReport);
    }

    /**
     * In debug mode, how long one step may run before it is reported as blocking the loop (default 100 ms).
     *
     * @param threshold the longest step not reported
     * @return new options; this object is unchanged
     */
    public RunOptions withSlowStepThreshold(Duration threshold) {
        return new RunOptions(debug, clock, Objects.requireNonNull(threshold, "threshold"), reporter, stallReport);
    }

    /**
     * Where the loop's reports go (default {@link Reporter#stderr()}).
     *
     * @param reporter where reports go
     * @return new options; this object is unchanged
     */
    public RunOptions withReporter(Reporter reporter) {
        return new RunOptions(debug, clock, slowStepThreshold, Objects.requireNonNull(reporter, "reporter"), stallReport);
    }

    /**
     * Stall reports: when no task has made progress for {@code after} (by the loop's clock, so a
     * {@link LoopClock#virtual() virtual clock} works too) while tasks are waiting, the loop sends
     * a task dump ({@link Weft#dumpTasks(Appendable)}) to the {@link #withReporter reporter}, once
     * per stall: a deadlock (two tasks each waiting for the other's lock), a lost wake-up, a read
     * that never gets data. Off by default; the report takes no timer, so it never keeps a run from
     * ending. Under {@link Weft#runParallel} each loop watches its own tasks and reports the dump
     * of the whole group.
     *
     * <pre>{@code
     * Weft.run(() -> main(), RunOptions.defaults().withStallReport(Duration.ofSeconds(10)));
     * }</pre>
     *
     * @param after how long without progress makes a stall; must be positive
     * @return new options; this object is unchanged
     * @throws IllegalArgumentException if {@code after} is zero or negative
     */
    public RunOptions withStallReport(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.isZero() || after.isNegative()) {
            throw new IllegalArgumentException("the stall report time must be positive, not " + after);
        }
        return new RunOptions(debug, clock, slowStepThreshold, reporter, after);
    }

    /**
     * How long without progress makes a stall report ({@link #withStallReport}), or null when stall
     * reports are off (the default).
     *
     * @return the stall time, or null
     */
    public Duration stallReport() {
        return stallReport;
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
