package dev.weft;

import java.util.Objects;

/**
 * How {@link Weft#runParallel(java.util.function.Supplier, ParallelOptions)} runs: how many event
 * loops, and the {@link RunOptions} each loop runs with. Immutable.
 *
 * <pre>{@code
 * Weft.runParallel(() -> main(), ParallelOptions.defaults().withLoops(4));
 * Weft.runParallel(() -> main(), ParallelOptions.defaults().withRunOptions(RunOptions.defaults().withDebug(true)));
 * }</pre>
 */
public final class ParallelOptions {
    private final int loops;
    private final RunOptions runOptions;

    private ParallelOptions(int loops, RunOptions runOptions) {
        if (loops < 1) {
            throw new IllegalArgumentException("a parallel scheduler needs at least 1 loop, not " + loops);
        }
        if (runOptions.clock() instanceof VirtualClock) {
            // A virtual clock jumps to the next timer when its loop is idle: with several loops on
            // several threads one loop's jump would fire the others' timers early.
            throw new IllegalArgumentException("Weft.runParallel() needs a real clock, not a virtual one");
        }
        this.loops = loops;
        this.runOptions = runOptions;
    }

    /**
     * One loop per core ({@code Runtime.availableProcessors()}), {@link RunOptions#defaults()}.
     *
     * @return the default options
     */
    public static ParallelOptions defaults() {
        return new ParallelOptions(Runtime.getRuntime().availableProcessors(), RunOptions.defaults());
    }

    /**
     * The same, with {@code n} loops.
     *
     * @param n the number of loops
     * @return new options; this object is unchanged
     */
    public ParallelOptions withLoops(int n) {
        return new ParallelOptions(n, runOptions);
    }

    /**
     * The same, with each loop run with {@code options} (debug mode, reporter; the clock must be a real one).
     *
     * @param options the run options of every loop
     * @return new options; this object is unchanged
     */
    public ParallelOptions withRunOptions(RunOptions options) {
        return new ParallelOptions(loops, Objects.requireNonNull(options, "options"));
    }

    /**
     * How many loops run: chosen with {@link #withLoops(int)}.
     *
     * @return the number of loops
     */
    public int loops() {
        return loops;
    }

    /**
     * The options each loop runs with: chosen with {@link #withRunOptions(RunOptions)}.
     *
     * @return the loops' run options
     */
    public RunOptions runOptions() {
        return runOptions;
    }
}
