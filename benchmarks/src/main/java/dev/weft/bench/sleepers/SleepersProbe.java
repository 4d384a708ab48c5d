package dev.weft.bench.sleepers;

import dev.weft.bench.Figure;
import dev.weft.bench.Heap;
import dev.weft.bench.Probe;
import java.util.List;

/**
 * Workload 3, one million concurrent sleepers (in smoke mode 1M × scale, at least 1000), for one contender:
 *
 * <ul>
 *   <li>"start all": ms to start N sleepers that each sleep 1 s, until every one is suspended in
 *       its sleep; "all fired": ms from the same start until every one has woken and ended;
 *   <li>"heap in use": settled heap while N one-frame sleepers sleep (an hour: none fires while
 *       measuring), less the settled heap just before starting them, in MB; "heap per sleeper":
 *       the same per sleeper, in bytes, timer included;
 *   <li>"heap per extra frame": the same with five nested async frames per sleeper (the innermost
 *       sleeps, each outer one awaits the one below): (heap5 − heap1) / (4 N).
 * </ul>
 *
 * A small warm-up runs first, then the timed phase on a freshly collected heap; every phase checks its own result (all woke, all pending, depth sums).
 */
abstract class SleepersProbe implements Probe {
    static final long SLEEP_MS = 1000;
    static final long HOUR_MS = 3_600_000;
    private static final double MB = 1024 * 1024;

    /** Starts n sleepers of {@code ms}; returns {nanos until all suspended, nanos until all ended}. */
    abstract long[] timed(int n, long ms) throws Exception;

    /** Bytes of settled heap while n sleepers of {@code depth} frames sleep {@code ms}, less before them. */
    abstract long held(int n, int depth, long ms) throws Exception;

    /** Runs n sleepers of {@code depth} frames, each returning its depth; returns the sum. */
    abstract long depthSum(int n, int depth, long ms) throws Exception;

    @Override
    public String workload() {
        return "sleepers";
    }

    /**
     * A fixed heap with a young generation that holds a million sleepers, so that the timed phase
     * measures the runtime, not where a young collection (copying every live sleeper) happens to fall;
     * touched in full at start, so that it does not measure the kernel's first touch of each page
     * either, which costs in proportion to the contender's bytes (see {@code Suite.FORK_HEAP}).
     */
    @Override
    public List<String> jvmOptions() {
        return List.of("-Xms4g", "-Xmx4g", "-Xmn2g", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch");
    }

    @Override
    public List<Figure> run(double scale) throws Exception {
        // The targets are about a million: quick and full mode both run that many; smoke runs few.
        int n = scale >= 0.1 ? 1_000_000 : (int) Math.max(1000, Math.round(1_000_000 * scale));
        for (int round = 0; round < 3; round++) {
            timed(Math.min(n, 50_000), 20);
            if (depthSum(2000, 5, 5) != 5 * 2000) {
                throw new AssertionError("five nested frames did not return 5 each");
            }
        }
        Heap.settledUsed(); // an empty young generation for the timed phase
        long[] t = timed(n, SLEEP_MS);
        if (t[1] < SLEEP_MS * 1_000_000) {
            throw new AssertionError("all " + n + " sleepers of " + SLEEP_MS + " ms ended after " + t[1] + " ns");
        }
        long heap1 = held(n, 1, HOUR_MS);
        long heap5 = held(n, 5, HOUR_MS);
        return List.of(
                new Figure("start all", t[0] / 1e6, "ms"),
                new Figure("all fired", t[1] / 1e6, "ms"),
                new Figure("heap in use", heap1 / MB, "MB"),
                new Figure("heap per sleeper", (double) heap1 / n, "B"),
                new Figure("heap per extra frame", (double) (heap5 - heap1) / (4.0 * n), "B"));
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
