package dev.weft;

import java.lang.ref.Cleaner;

/**
 * What debug mode remembers of a task, kept apart from it so that a {@link Cleaner} can report
 * when the task is collected: a failure that nobody retrieved, or a task nobody ever awaited.
 * It must not refer to the task, or the task would never be collected. Outside debug mode, a
 * loop's task that fails while nobody waits for it gets one too ({@link #watchFailure}), as
 * asyncio reports "Task exception was never retrieved" in any mode.
 */
final class DebugState implements Runnable {
    /** One cleaner thread for all loops; created only when first needed. */
    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** The runtime's one cleaner (its thread starts at the first use). */
    static Cleaner cleaner() {
        return Holder.CLEANER;
    }

    private final String description;
    private final Reporter reporter;
    volatile boolean observed;
    /** For a coroutine frame: the await it last suspended at, to name it in slow-step reports. */
    volatile StackTraceElement suspendedAt;
    private volatile Throwable failure;

    private DebugState(String description, Reporter reporter) {
        this.description = description;
        this.reporter = reporter;
    }

    /** Starts watching {@code task} if {@code loop} runs in debug mode. */
    static void track(Task<?> task, EventLoop loop, String description) {
        if (loop == null || !loop.isDebug()) {
            return;
        }
        DebugState d = new DebugState(description, loop.reporter());
        task.debug = d;
        Holder.CLEANER.register(task, d);
    }

    /** Watches {@code task}, which just failed with {@code failure} while nobody waited for it. */
    static void watchFailure(Task<?> task, EventLoop loop, String description, Throwable failure) {
        DebugState d = new DebugState(description, loop.reporter());
        d.failure = failure;
        task.debug = d;
        Holder.CLEANER.register(task, d);
    }

    void failed(Throwable cause) {
        failure = cause;
    }

    /** The task was collected. */
    @Override
    public void run() {
        Throwable f = failure;
        if (observed) {
            return;
        }
        if (f != null && !(f instanceof CancelledException)) {
            reporter.report("Task exception was never retrieved: " + description, f);
        } else if (f == null) {
            reporter.report("Task was created and never awaited: " + description, null);
        }
    }
}
