package dev.weft;

import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode only: a daemon thread that samples the loop thread's stack while one step runs longer
 * than the slow-step threshold, so that the report can name the line that blocked the loop (a
 * {@code Thread.sleep}, a CPU-bound loop), not only where the step began.
 */
final class StallWatchdog implements Runnable {
    private final Thread loopThread;
    private final long thresholdNanos;
    /** Start of the running step, or 0 between steps. */
    private volatile long stepStart;
    /** Counts steps, so that a sample is never attributed to a later step than the one it saw. */
    private volatile long step;
    private volatile long sampledStep = -1;
    private volatile StackTraceElement[] sample;
    private volatile boolean stopped;
    private final Thread thread;

    private StallWatchdog(Thread loopThread, long thresholdNanos) {
        this.loopThread = loopThread;
        this.thresholdNanos = thresholdNanos;
        this.thread = new Thread(this, "weft-debug-watchdog");
        thread.setDaemon(true);
    }

    static StallWatchdog start(Thread loopThread, long thresholdNanos) {
        StallWatchdog w = new StallWatchdog(loopThread, thresholdNanos);
        w.thread.start();
        return w;
    }

    void stepStarted(long now) {
        step++;
        stepStart = now;
    }

    /** The step ended; the frame that blocked it, if the watchdog caught it, else null. */
    StackTraceElement stepEnded() {
        stepStart = 0;
        StackTraceElement[] s = sample;
        return sampledStep == step && s != null ? blockingFrame(s) : null;
    }

    /** Ends the watchdog's thread now, not after its pause (a quarter of the threshold: years, for a threshold of "never"). */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long pause = Math.max(1_000_000L, thresholdNanos / 4);
        while (!stopped) {
            long s = stepStart;
            long current = step;
            if (s != 0 && System.nanoTime() - s > thresholdNanos && sampledStep != current) {
                StackTraceElement[] trace = loopThread.getStackTrace();
                if (step == current && stepStart == s) {
                    sample = trace;
                    sampledStep = current;
                }
            }
            LockSupport.parkNanos(this, pause);
        }
    }

    /** The innermost frame that is neither the JDK's nor the runtime's own. */
    private static StackTraceElement blockingFrame(StackTraceElement[] trace) {
        for (StackTraceElement e : trace) {
            String c = e.getClassName();
            boolean runtime = c.startsWith("dev.weft.") && c.indexOf('.', "dev.weft.".length()) < 0;
            if (!runtime && !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return e;
            }
        }
        return null;
    }
}
