package dev.weft;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What debug mode remembers of a task, kept apart from it so that a {@link Cleaner} can report
 * when the task is collected: a failure that nobody retrieved, or a task nobody ever awaited.
 * It must not refer to the task, or the task would never be collected. Outside debug mode, a
 * loop's task that fails while nobody waits for it gets one too ({@link #watchFailure}), as
 * asyncio reports "Task exception was never retrieved" in any mode.
 *
 * <p>The states live in a side table keyed weakly by task identity, not in a field of every task
 * and frame (which would cost each of them 4 bytes for what only debug mode and rare failures
 * use). While the table is empty, a look-up is one volatile read; while it holds only failures
 * being watched, tasks that did not fail skip it too.
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

    private static final ConcurrentHashMap<Object, DebugState> STATES = new ConcurrentHashMap<>();
    /**
     * Set (never reset) before the first task is tracked in debug mode: the success path of every
     * await and every suspension read it, a plain read where {@link #isInUse} is a volatile one. A
     * task is tracked as it is made, before any other code can see it; so whoever reads the task's
     * outcome or suspends its frame sees the flag set (for a task read from another thread: it read
     * the task's volatile result or waiters first, which were written after the tracking).
     */
    private static boolean everTracked;
    /** States of tasks on a loop in debug mode, in {@link #STATES} until their task is collected. */
    private static final AtomicInteger TRACKED = new AtomicInteger();
    /** States of failed tasks nobody waited for ({@link #watchFailure}), in {@link #STATES} until their task is collected. */
    private static final AtomicInteger WATCHED = new AtomicInteger();
    /** All states in {@link #STATES}: {@link #TRACKED} and {@link #WATCHED} together, for the one read of {@link #isInUse}. */
    private static final AtomicInteger ALL = new AtomicInteger();

    private final Key key;
    private final boolean debugMode;
    private final String description;
    private final Reporter reporter;
    volatile boolean observed;
    /** For a coroutine frame: the await it last suspended at, to name it in slow-step reports. */
    volatile StackTraceElement suspendedAt;
    private volatile Throwable failure;

    private DebugState(Task<?> task, boolean debugMode, String description, Reporter reporter) {
        this.key = new Key(task);
        this.debugMode = debugMode;
        this.description = description;
        this.reporter = reporter;
    }

    /** Starts watching {@code task} if {@code loop} runs in debug mode. */
    static void track(Task<?> task, EventLoop loop, String description) {
        if (loop == null || !loop.isDebug()) {
            return;
        }
        everTracked = true;
        new DebugState(task, true, description, loop.reporter()).register(task, TRACKED);
    }

    /** Watches {@code task}, which just failed with {@code failure} while nobody waited for it. */
    static void watchFailure(Task<?> task, EventLoop loop, String description, Throwable failure) {
        DebugState d = new DebugState(task, false, description, loop.reporter());
        d.failure = failure;
        d.register(task, WATCHED);
    }

    private void register(Task<?> task, AtomicInteger count) {
        count.incrementAndGet(); // before the entry: a look-up that finds it must not skip the table
        ALL.incrementAndGet();
        STATES.put(key, this);
        Holder.CLEANER.register(task, this);
    }

    /** Whether any task has a state: false (one read) in a program that never ran a loop in debug mode nor left a failure unretrieved. */
    static boolean isInUse() {
        return ALL.get() != 0;
    }

    /** Whether a task was ever tracked in debug mode: a plain read, for the success path of an await (see {@link #everTracked}). */
    static boolean wasEverTracking() {
        return everTracked;
    }

    /** How many tasks have a state now (for tests: the table empties as their tasks are collected). */
    static int inUse() {
        return ALL.get();
    }

    /** The debug-mode state of {@code task}, or null (at once when no loop runs in debug mode). */
    static DebugState tracked(Task<?> task) {
        // The plain flag first: every suspension asks (Coroutine.suspend), and a program that never
        // ran a loop in debug mode should not pay a volatile read for it. A task of a loop not in
        // debug mode is never tracked: it must not pay a look-up (and its probe) for another loop's.
        return !everTracked || TRACKED.get() == 0 || !task.isOnDebugLoop() ? null : STATES.get(new Probe(task));
    }

    /**
     * The state of {@code task}, which may have failed ({@code failed}): tracked in debug mode, or
     * watched as a failure nobody retrieved; null if none (at once while the table is empty).
     */
    static DebugState of(Task<?> task, boolean failed) {
        if (!failed) {
            return tracked(task);
        }
        return ALL.get() == 0 ? null : STATES.get(new Probe(task));
    }

    void failed(Throwable cause) {
        failure = cause;
    }

    /** The task was collected. */
    @Override
    public void run() {
        STATES.remove(key, this);
        (debugMode ? TRACKED : WATCHED).decrementAndGet();
        ALL.decrementAndGet();
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

    /** A table key: the task held weakly (the table must not keep it), compared by identity. */
    private static final class Key extends WeakReference<Task<?>> {
        private final int hash;

        Key(Task<?> task) {
            super(task);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object t = get();
            return t != null && (o instanceof Key ? ((Key) o).get() == t : o instanceof Probe && ((Probe) o).task == t);
        }
    }

    /** A look-up key: the task held for one look-up, equal to the {@link Key} of the same task. */
    private static final class Probe {
        final Task<?> task;

        Probe(Task<?> task) {
            this.task = task;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(task);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key ? ((Key) o).get() == task : o instanceof Probe && ((Probe) o).task == task;
        }
    }
}
