package dev.weft;

import dev.weft.internal.Coroutine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded scheduler: a ready queue, a timer heap, and an inbox for other threads.
 *
 * <p>One turn: move the inbox and the due timers to the ready queue (the clock is read once for the
 * batch, and not at all when no timer is pending), park if nothing is ready (or, with a virtual
 * clock, jump to the next timer), then run what was ready when the turn began; what those schedule
 * runs on the next turn, as in asyncio.
 *
 * <p>Everything but {@link #resume}, {@link #enqueueThreadSafe} and {@link #callSoonThreadSafe}
 * must be called on the loop's thread.
 */
final class EventLoop implements Loop {
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    /** The loops made and not closed yet, for dumps from outside ({@code TaskDumps.everyLoop()}). */
    private static final Set<EventLoop> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The loop some thread made current last: {@link #current()} on that thread skips the
     * ThreadLocal lookup, which is a good part of a {@code sleep(0)}. Only a loop's own thread
     * stores it, so a loop whose thread is the caller's is that thread's current loop. Opaque
     * accesses: a thread never reads back a value older than its own last store.
     */
    @SuppressWarnings("unused") // through LAST
    private static EventLoop last;
    private static final VarHandle LAST;
    private static final VarHandle SLEEP;
    /** {@link #sleep} values: what the loop's thread is doing, so that a waker knows how to wake it. */
    private static final int AWAKE = 0;
    private static final int PARKED = 1;
    private static final int SELECTING = 2;

    static {
        try {
            LAST = MethodHandles.lookup().findStaticVarHandle(EventLoop.class, "last", EventLoop.class);
            SLEEP = MethodHandles.lookup().findVarHandle(EventLoop.class, "sleep", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    private final LoopClock clock;
    private final boolean debug;
    private final long slowStepNanos;
    private final Reporter reporter;
    /** Debug mode only: names the line a slow step blocked at. */
    private final StallWatchdog watchdog;
    /** Runnables, and frames ({@link Coroutine}) resumed on a later turn: a frame is its own entry. */
    private final ReadyQueue ready = new ReadyQueue();
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    /**
     * Tasks created on this loop and not done yet, in creation order (asyncio {@code all_tasks}):
     * a list threaded through the tasks themselves, so that a task costs no extra node.
     */
    private LoopTask<?> firstLive;
    private LoopTask<?> lastLive;
    private int liveCount;
    private Task<?> currentTask;
    /** Shared by the loops of a group, so that task names stay unique across them. */
    private final AtomicInteger taskCounter;
    /** The parallel scheduler this loop is one of, or null for {@code Weft.run}. */
    private final LoopGroup group;
    /**
     * {@link #AWAKE}, or how the loop's thread waits ({@link #PARKED}, {@link #SELECTING}). A waker
     * that moves it back to AWAKE wakes the thread; the others see AWAKE and leave it alone, so that
     * a burst of hand-overs costs one wake-up.
     */
    @SuppressWarnings("unused") // through SLEEP
    private volatile int sleep;
    /** The loop's selector, made at the first I/O ({@link #selector()}); null until then. */
    private volatile IoSelector io;
    /**
     * The task completing now in the turn of the coroutine that awaits it: a {@code sleep(0)} (see
     * {@link Yield}) or a {@link Waiter} in its turn. Coroutines awaiting it resume at once.
     */
    Task<?> yielding;
    /**
     * The deadline of the timed sleep a woven {@code await(sleep(d))} is about to suspend on: set by
     * {@code Coroutine.sleepAwaited}, read by the frame's {@code suspend} right after it (same thread,
     * nothing in between touches the loop).
     */
    long sleepDeadline;
    /** Runs the frames resumed in a step one after another (see {@link Trampoline}). */
    private final Trampoline trampoline = new Trampoline();
    /** Set by {@link #close()}: from then on {@link #callSoonThreadSafe} refuses callbacks. */
    private volatile boolean closed;
    /** Set on the loop's thread by {@link #stop()}; ends {@link #runUntilStopped()}. */
    private boolean stopped;
    /**
     * Async generators started on this loop and not finished, with their start order (asyncio's
     * {@code _asyncgens}); weak, so that an abandoned generator is not kept. Made at the first one.
     */
    private java.util.WeakHashMap<GeneratorImpl<?>, Long> generators;
    private long generatorsStarted;
    /** The order loops were made in, for dumps of every loop. */
    private final long serial = SERIALS.incrementAndGet();
    /** {@link RunOptions#withStallReport}: nanoseconds without progress that make a stall; 0 for none. */
    private final long stallNanos;
    /** Loop time of the last step run, while stall reports are on. */
    private long lastProgress;
    /** Whether the stall since {@link #lastProgress} was reported already. */
    private boolean stallReported;
    /** Under runParallel: the group's progress count when this loop last looked (progress anywhere is progress). */
    private long groupProgressSeen;
    /** Set while this loop's thread waits for other loops' dumps: who asks it then reads it at once. */
    volatile boolean dumping;

    EventLoop(Thread thread, RunOptions options) {
        this(thread, options, null, new AtomicInteger());
    }

    EventLoop(Thread thread, RunOptions options, LoopGroup group, AtomicInteger taskCounter) {
        this.thread = thread;
        this.group = group;
        this.taskCounter = taskCounter;
        this.clock = options.clock();
        this.debug = options.isDebug();
        this.slowStepNanos = Delays.nanos(options.slowStepThreshold()); // toNanos() overflows past 292 years
        this.reporter = guarded(options.reporter());
        this.watchdog = debug ? StallWatchdog.start(thread, slowStepNanos) : null;
        Duration stall = options.stallReport();
        this.stallNanos = stall == null ? 0 : Math.max(1, Delays.nanos(stall));
        if (stallNanos > 0) {
            lastProgress = clock.nanoTime();
        }
        OPEN.add(this);
    }

    /**
     * Closes the loop once it has stopped running: {@link #callSoonThreadSafe} throws from then on,
     * and a callback handed over before that but never run is reported, not dropped silently; so is
     * a task still pending (asyncio's "Task was destroyed but it is pending!"). Also stops what the
     * loop started besides itself (the debug watchdog). On the loop's thread, or once it has ended.
     */
    void close() {
        closed = true;
        OPEN.remove(this);
        try {
            // After closed is set: a caller whose callback this drain misses sees closed and takes it back.
            reportDropped(inbox.poll(), true);
            reportDropped(ready.pollFirst(), false);
            reportPendingTasks();
        } finally {
            try {
                IoSelector s;
                synchronized (this) { // a selector() after this sees closed: none is made behind close()'s back
                    s = io;
                }
                if (s != null) {
                    s.close();
                }
            } finally {
                if (watchdog != null) {
                    watchdog.stop();
                }
            }
        }
    }

    /**
     * Reports each task still pending as the loop closes: one created after the run cancelled the
     * tasks left (in a {@code finally} block of one of them, say), which asyncio does not cancel
     * either, and reports as "destroyed but pending" when it collects it. Its frames are abandoned.
     * Not a server connection's handler task: the loop's end closes its connection, and a server
     * accepting while a run ends reports nothing ({@code dev.weft.io.Server}).
     */
    private void reportPendingTasks() {
        for (LoopTask<?> t = firstLive; t != null; t = t.nextLive) {
            if (!t.isDone() && !t.servesConnection()) {
                reporter.report("Task was destroyed but it is pending: task '" + t.name() + "' "
                        + (t.isStarted() ? "was still running" : "had not started")
                        + " when the event loop closed. It was created after the run's end cancelled the tasks left"
                        + " (as asyncio, the run does not cancel it): its code is abandoned where it waits,"
                        + " its finally blocks do not run", null);
            }
        }
    }

    private void reportDropped(Object first, boolean fromInbox) {
        for (Object r = first; r != null; r = fromInbox ? inbox.poll() : ready.pollFirst()) {
            if (r instanceof HandOver) {
                runGuarded(r); // closed now: what it does takes the atomic paths
            } else if (r instanceof CallbackHandle && ((CallbackHandle) r).threadSafe() && !((CallbackHandle) r).isCancelled()) {
                reporter.report("Callback dropped: the event loop closed before it ran: " + r, null);
            }
        }
    }

    /** The loop running on this thread, or null. */
    static EventLoop current() {
        EventLoop l = (EventLoop) LAST.getOpaque();
        if (l != null && l.thread == Thread.currentThread()) {
            return l;
        }
        return CURRENT.get();
    }

    private static void makeCurrent(EventLoop l) {
        if (l == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(l);
        }
        LAST.setOpaque(l);
    }

    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    // ---- internal scheduling ----------------------------------------------------------------

    /** Schedules {@code r} for the next turn; loop thread only. */
    void enqueue(Runnable r) {
        ready.addLast(r);
    }

    /** Schedules {@code r} from any thread. */
    void enqueueThreadSafe(Runnable r) {
        enqueueEntry(r);
    }

    /** Schedules a {@link Waiter}'s turn from any thread. */
    void enqueueTurn(Waiter<?> w) {
        enqueueEntry(w);
    }

    /** Schedules a {@link BareWaiter}'s turn from any thread. */
    void enqueueTurn(BareWaiter<?> w) {
        enqueueEntry(w);
    }

    /** Schedules a Runnable, a waiter's turn or a frame from any thread. */
    private void enqueueEntry(Object r) {
        if (inLoopThread()) {
            ready.addLast(r);
        } else {
            inbox.add(r);
            wake();
        }
    }

    /**
     * Wakes the loop's thread if it waits: sleep is written before the waiting thread re-checks the
     * inbox, so either it sees the new entry or this sees it waiting.
     */
    private void wake() {
        int s = sleep;
        if (s != AWAKE && SLEEP.compareAndSet(this, s, AWAKE)) {
            if (s == SELECTING) {
                io.wakeup();
            } else {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * The loop's selector, made now if it has none yet: from then on the loop waits in it. From any
     * thread (another loop of the group makes it to hand over an accepted connection).
     *
     * @throws IllegalStateException if the loop has closed (its selector would never be closed)
     */
    IoSelector selector() {
        IoSelector s = io;
        if (s == null) {
            synchronized (this) {
                s = io;
                if (s == null) {
                    if (closed) {
                        throw closedLoop();
                    }
                    io = s = new IoSelector(this);
                }
            }
        }
        return s;
    }

    /** The loops of this loop's group, in order; this one alone under {@code Weft.run}. */
    EventLoop[] peers() {
        return group == null ? new EventLoop[] {this} : group.loops();
    }

    /** Schedules {@code r} from any thread, unless the loop has closed: then false, and {@code r} is not scheduled. */
    boolean enqueueUnlessClosed(Runnable r) {
        if (closed) {
            return false;
        }
        if (inLoopThread()) {
            ready.addLast(r);
            return true;
        }
        enqueueThreadSafe(r);
        // close() may have drained the inbox between the check and the add: then take it back.
        return !(closed && inbox.remove(r));
    }

    /** Whether {@link #close()} ran: from then on, no task of this loop is confined to its thread. */
    boolean isClosed() {
        return closed;
    }

    /**
     * Whether this is the loop's thread and the loop is open: then the state its tasks keep for
     * their loop alone (waiters, a gather's count) is changed here with plain accesses.
     */
    boolean isConfining() {
        return inLoopThread() && !closed;
    }

    /**
     * Runs {@code r} on the loop's thread, from another thread, for the loop-confined state of one
     * of its tasks: on a later turn, or in {@link #close()} if the loop closes first, so that it is
     * never dropped. False, with nothing scheduled, if the loop has closed: the caller then runs it
     * itself, taking the atomic paths every thread takes once the loop has closed.
     */
    boolean handOver(Runnable r) {
        return enqueueUnlessClosed(new HandOver(r));
    }

    /** What {@link #handOver} scheduled: run by close() too, unlike other callbacks left over. */
    private static final class HandOver implements Runnable {
        private final Runnable action;

        HandOver(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            action.run();
        }

        @Override
        public String toString() {
            return "a hand-over to the loop: " + action;
        }
    }

    /** Runs {@code r} now if on the loop's thread, else on its next turn. */
    void onLoop(Runnable r) {
        if (inLoopThread()) {
            r.run();
        } else {
            enqueueThreadSafe(r);
        }
    }

    /** Resumes a coroutine on this loop, from whatever thread completed what it awaited. */
    void resume(Coroutine<?> c) {
        enqueueEntry(c);
    }

    /** Queues {@code frame} for the next turn; loop thread only (a frame awaiting a yield is its own entry). */
    void queueFrame(Coroutine<?> frame) {
        ready.addLast(frame);
    }

    Trampoline trampoline() {
        return trampoline;
    }

    /** Adds {@code t} (a {@link Timed}, or a frame sleeping as its own entry) to the timer heap to run at {@code deadline} (loop time). */
    void schedule(Object t, long deadline) {
        timers.add(t, deadline);
    }

    /** For tests: the chunks of {@link ReadyQueue#CHUNK} entries the ready queue keeps now. */
    int readyChunks() {
        return ready.chunksHeld();
    }

    TimerHeap timers() {
        return timers;
    }

    Reporter reporter() {
        return reporter;
    }

    /**
     * A reporter that cannot throw: one that fails prints the report and its own failure on
     * {@code System.err} instead, so that a faulty reporter never ends the loop.
     */
    private static Reporter guarded(Reporter r) {
        return (message, error) -> {
            try {
                r.report(message, error);
            } catch (Throwable failure) {
                Reporter err = Reporter.stderr();
                err.report(message, error);
                err.report("The Reporter failed to report the above: " + failure, failure);
            }
        };
    }

    /**
     * Reports a fault in user code that no task can receive: to {@code preferred}'s reporter, else to
     * the reporter of the loop running on this thread, else on {@code System.err}. From any thread.
     */
    static void report(EventLoop preferred, String message, Throwable error) {
        EventLoop l = preferred != null ? preferred : current();
        (l != null ? l.reporter : Reporter.stderr()).report(message, error);
    }

    // ---- tasks ------------------------------------------------------------------------------

    Task<?> currentTask() {
        return currentTask;
    }

    /** Makes {@code t} the current task and returns the one it replaces. */
    Task<?> swapCurrent(Task<?> t) {
        Task<?> previous = currentTask;
        currentTask = t;
        return previous;
    }

    void register(LoopTask<?> t) {
        t.prevLive = lastLive;
        t.nextLive = null;
        if (lastLive == null) {
            firstLive = t;
        } else {
            lastLive.nextLive = t;
        }
        lastLive = t;
        liveCount++;
    }

    void unregister(LoopTask<?> t) {
        if (t.prevLive == null && firstLive != t) {
            return; // not listed (never registered, or unregistered already)
        }
        if (t.prevLive == null) {
            firstLive = t.nextLive;
        } else {
            t.prevLive.nextLive = t.nextLive;
        }
        if (t.nextLive == null) {
            lastLive = t.prevLive;
        } else {
            t.nextLive.prevLive = t.prevLive;
        }
        t.prevLive = null;
        t.nextLive = null;
        liveCount--;
    }

    private List<LoopTask<?>> liveList() {
        List<LoopTask<?>> all = new ArrayList<>(liveCount);
        for (LoopTask<?> t = firstLive; t != null; t = t.nextLive) {
            all.add(t);
        }
        return all;
    }

    /**
     * The live tasks, in creation order; for dumps, which may read a blocked loop from another
     * thread: the walk is then bounded, as the list may change under it.
     */
    List<LoopTask<?>> liveTaskList() {
        if (inLoopThread()) {
            return liveList();
        }
        List<LoopTask<?>> all = new ArrayList<>();
        int bound = liveCount + 1000;
        for (LoopTask<?> t = firstLive; t != null && all.size() < bound; t = t.nextLive) {
            all.add(t);
        }
        return all;
    }

    /** The name of the loop's thread, which names the loop in dumps. */
    String name() {
        return thread.getName();
    }

    /** The loops not closed yet, in no order. */
    static Set<EventLoop> openLoops() {
        return OPEN;
    }

    /**
     * The loops not closed yet, grouped: a {@code Weft.run} loop alone, a parallel group's loops
     * together; in the order they were made.
     */
    static List<EventLoop[]> openGroups() {
        List<EventLoop> open = new ArrayList<>(OPEN);
        open.sort(java.util.Comparator.comparingLong(l -> l.serial));
        List<EventLoop[]> groups = new ArrayList<>();
        Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (EventLoop l : open) {
            if (seen.add(l.group == null ? l : l.group)) {
                groups.add(l.peers());
            }
        }
        return groups;
    }

    Set<Task<?>> liveTasks() {
        return new LinkedHashSet<>(liveList());
    }

    int nextTaskId() {
        if (group == null) {
            // A Weft.run loop alone: its tasks are all made on its thread, so the count needs no atomic.
            int id = taskCounter.getPlain() + 1;
            taskCounter.setPlain(id);
            return id;
        }
        return taskCounter.incrementAndGet();
    }

    /**
     * The loop a new task made from this loop starts on: this one for {@code Weft.run}, the next
     * loop of the group in round-robin order under {@code Weft.runParallel}.
     */
    EventLoop loopForNewTask() {
        return group == null ? this : group.next();
    }

    // ---- Loop -------------------------------------------------------------------------------

    @Override
    public long time() {
        return clock.nanoTime();
    }

    @Override
    public Handle callSoon(Runnable callback) {
        CallbackHandle h = new CallbackHandle(this, Objects.requireNonNull(callback, "callback"));
        enqueue(h);
        return h;
    }

    @Override
    public Handle callLater(Duration delay, Runnable callback) {
        // A negative delay is a deadline in the past, so due timers run in deadline order (asyncio);
        // only a delay beyond about 73 years either way is clamped (Delays).
        return timerAt(time() + Delays.nanos(delay), callback);
    }

    @Override
    public Handle callAt(long deadlineNanos, Runnable callback) {
        return timerAt(Delays.deadline(deadlineNanos, time()), callback);
    }

    /** {@link #callAt} for a deadline within {@link Delays#LONGEST} of now, as the timers compare them. */
    Handle timerAt(long deadline, Runnable callback) {
        CallbackHandle h = new CallbackHandle(this, Objects.requireNonNull(callback, "callback"));
        schedule(h, deadline);
        return h;
    }

    @Override
    public void callSoonThreadSafe(Runnable callback) {
        CallbackHandle h = new CallbackHandle(this, Objects.requireNonNull(callback, "callback"), true);
        if (closed) {
            throw closedLoop();
        }
        enqueueThreadSafe(h);
        // close() may have drained the inbox between the check and the add: then take the callback
        // back. If close() took it first, it reports it as dropped; either way, it is not lost silently.
        if (closed && inbox.remove(h)) {
            throw closedLoop();
        }
    }

    private static IllegalStateException closedLoop() {
        return new IllegalStateException("the event loop is closed: its run has ended");
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public int pendingTimers() {
        return timers.size();
    }

    // ---- running ----------------------------------------------------------------------------

    /** Runs the loop on the calling thread until {@code until} is done. */
    void runUntilDone(Task<?> until) {
        EventLoop previous = CURRENT.get();
        makeCurrent(this);
        try {
            while (!until.isDone()) {
                runOnce();
            }
        } finally {
            makeCurrent(previous);
        }
    }

    /**
     * Runs one turn without waiting for anything: asyncio's {@code run_until_complete} stops the
     * loop with a done callback, which runs on the turn after the task ended, so what that task
     * scheduled in its last step (the first step of a task it created) still runs.
     */
    void runOneMoreTurn() {
        EventLoop previous = CURRENT.get();
        makeCurrent(this);
        try {
            drainInbox();
            fireDueTimers();
            runReady();
        } finally {
            makeCurrent(previous);
        }
    }

    /** Runs the loop on the calling thread (its own) until {@link #stop()}. */
    void runUntilStopped() {
        makeCurrent(this);
        try {
            while (!stopped) {
                runOnce();
            }
        } finally {
            makeCurrent(null);
        }
    }

    /** Asks the loop to stop after its current turn; from any thread. */
    void stop() {
        enqueueThreadSafe(() -> stopped = true);
    }

    /** Enters the loop for {@code body} so that code it runs sees this loop as current. */
    <T> T enter(java.util.function.Supplier<T> body) {
        EventLoop previous = CURRENT.get();
        makeCurrent(this);
        try {
            return body.get();
        } finally {
            makeCurrent(previous);
        }
    }

    /**
     * Cancels every task still running and runs the loop until they are done, then one more turn,
     * then reports their failures other than cancellation, as asyncio.run's
     * {@code _cancel_all_tasks}: its {@code run_until_complete} stops the loop with a done callback,
     * on the turn after they ended (a task their cleanup created in their last step takes its first
     * step in it), and it reports once the loop stopped. Tasks created meanwhile are not cancelled
     * (asyncio takes the list of tasks to cancel once): one still pending when the loop closes is
     * reported then ({@link #close()}).
     */
    void cancelRemainingTasks() {
        List<LoopTask<?>> left = liveList();
        if (left.isEmpty()) {
            return; // asyncio: nothing to cancel, and no turn
        }
        runUntilDone(enter(() -> cancelAll(left)));
        runOneMoreTurn();
        reportShutdownFailures(left);
    }

    /**
     * Cancels every task still running; the returned task ends once they all ended, after reporting
     * their failures other than cancellation. Loop thread only, with this loop current.
     */
    Task<?> startCancellingRemainingTasks() {
        List<LoopTask<?>> left = liveList();
        if (left.isEmpty()) {
            return Task.done();
        }
        Promise<Void> reported = new Promise<>();
        cancelAll(left).addCompletion(all -> {
            reportShutdownFailures(left);
            reported.complete(null);
        });
        return reported;
    }

    /** Cancels {@code tasks}; the returned task ends once they all ended. With this loop current. */
    private static Task<?> cancelAll(List<LoopTask<?>> tasks) {
        for (LoopTask<?> t : tasks) {
            t.cancel();
        }
        return GatherSettled.of(new ArrayList<>(tasks));
    }

    /** Reports the failures other than cancellation of {@code tasks}, all done: nobody else will see them. */
    private void reportShutdownFailures(List<LoopTask<?>> tasks) {
        for (LoopTask<?> t : tasks) {
            Throwable f = t.failureOrNull();
            if (f != null && !(f instanceof CancelledException)) {
                reporter.report("unhandled exception during Weft.run() shutdown in " + t, f);
            }
        }
    }

    void trackGenerator(GeneratorImpl<?> g) {
        if (generators == null) {
            generators = new java.util.WeakHashMap<>();
        }
        generators.put(g, generatorsStarted++);
    }

    void untrackGenerator(GeneratorImpl<?> g) {
        if (generators != null) {
            generators.remove(g);
        }
    }

    /**
     * Closes the generators still suspended at an emit and runs the loop until they finished
     * (asyncio.run's {@code shutdown_asyncgens}); what their closing threw is reported.
     */
    void closeRemainingGenerators() {
        if (generators == null || generators.isEmpty()) {
            return;
        }
        runUntilDone(enter(this::startClosingGenerators));
        runOneMoreTurn(); // as after the tasks' cancellation: a task a generator's finally created starts
    }

    private Task<?> startClosingGenerators() {
        List<java.util.Map.Entry<GeneratorImpl<?>, Long>> left = new ArrayList<>(generators.entrySet());
        left.sort(java.util.Map.Entry.comparingByValue());
        List<Task<Void>> closings = new ArrayList<>();
        for (java.util.Map.Entry<GeneratorImpl<?>, Long> e : left) {
            if (e.getKey().isSuspended()) {
                closings.add(e.getKey().close());
            }
        }
        if (closings.isEmpty()) {
            return Task.done();
        }
        Promise<Void> reported = new Promise<>();
        GatherSettled.of(closings).addCompletion(all -> {
            for (Task<Void> c : closings) {
                Throwable f = c.failureOrNull();
                if (f != null) {
                    reporter.report("an error occurred during closing of asynchronous generator", f);
                }
            }
            reported.complete(null);
        });
        return reported;
    }

    /**
     * One turn. As asyncio's {@code _run_once}: what other threads handed over, then the channels
     * ready by now (waiting for them if nothing else is to do), then the due timers, then run.
     */
    private void runOnce() {
        drainInbox();
        if (ready.isEmpty() && !timerDue()) {
            idle();
            if (stallNanos != 0) {
                checkStall();
            }
            drainInbox();
        } else {
            IoSelector s = io;
            if (s != null) {
                s.poll(); // channels ready by now join this turn, as asyncio's select(0) with work ready
            }
        }
        fireDueTimers();
        runReady();
    }

    /** Whether a timer is due now; the clock is read only when a timer is pending. */
    private boolean timerDue() {
        return !timers.isEmpty() && timers.peekDeadline() - clock.nanoTime() <= 0;
    }

    /** Runs only what is ready now; what these schedule runs on the next turn, as in asyncio. */
    private void runReady() {
        int n = ready.size();
        boolean progressed = false;
        for (; n > 0; n--) {
            Object r = ready.pollFirst();
            if (stallNanos != 0 && !progressed) {
                progressed = isProgress(r);
            }
            runStep(r);
        }
        if (progressed) {
            lastProgress = clock.nanoTime();
            stallReported = false;
            if (group != null) {
                groupProgressSeen = group.progressed();
            }
        }
    }

    /** Small, so that it inlines into {@link #runReady}: the debug path is a call of its own. */
    private void runStep(Object r) {
        if (debug) {
            runTimedStep(r);
        } else {
            runGuarded(r);
        }
    }

    private void runTimedStep(Object r) {
        // Wall time, not the loop's clock: blocking the thread is what this is about.
        long start = System.nanoTime();
        watchdog.stepStarted(start);
        runGuarded(r);
        long took = System.nanoTime() - start;
        StackTraceElement blockedAt = watchdog.stepEnded();
        if (took > slowStepNanos) {
            reporter.report("Executing " + describe(r) + " took " + TimeUnit.NANOSECONDS.toMillis(took)
                    + " ms: the loop was blocked" + (blockedAt == null ? "" : " at " + blockedAt.getClassName() + "."
                    + blockedAt.getMethodName() + "(" + blockedAt.getFileName() + ":" + blockedAt.getLineNumber() + ")")
                    + " (use toThread(...) for blocking or CPU-bound work)", null);
        }
    }

    /**
     * Runs the turn of {@code waiter} (a {@link BareWaiter} or a {@link Waiter}) with it as the task
     * completing in its turn: a grant made there resumes the awaiting coroutine at once, in this step.
     */
    void runTurn(Task<?> waiter) {
        Task<?> outer = yielding;
        yielding = waiter;
        try {
            if (waiter instanceof BareWaiter) {
                ((BareWaiter<?>) waiter).onTurn();
            } else {
                ((Waiter<?>) waiter).onTurn();
            }
        } finally {
            yielding = outer;
        }
    }

    private void runGuarded(Object r) {
        try {
            if (r instanceof Coroutine) {
                trampoline.resume((Coroutine<?>) r); // queued by resume(): this loop's own frame
            } else if (r instanceof BareWaiter) {
                runTurn((Task<?>) r); // queued by enqueueTurn(): a lock hand-off, say
            } else if (r instanceof Waiter) {
                ((Waiter<?>) r).turn(); // queued by enqueueTurn()
            } else if (r instanceof LoopTask) {
                ((LoopTask<?>) r).run(); // a task's first step: a direct call, where Runnable's is megamorphic
            } else {
                ((Runnable) r).run();
            }
        } catch (Throwable t) {
            reporter.report("Exception in callback " + r, t);
        }
    }

    private static String describe(Object r) {
        if (r instanceof Coroutine) {
            return ((Task<?>) r).describe(); // the frame's hook
        }
        return r.toString();
    }

    private void drainInbox() {
        Object r;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
        }
    }

    /** The clock is read only when a timer is pending: a turn with no timers needs no time. */
    private void fireDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = clock.nanoTime();
        while (!timers.isEmpty() && timers.peekDeadline() - now <= 0) {
            ready.addLast(timers.poll());
        }
    }

    /**
     * Waits until something is ready: in the selector once the loop has one (I/O readiness, timers
     * and hand-overs all end the wait), else parked. With a virtual clock and a pending timer, the
     * loop never waits: it polls the channels, and jumps to the timer only when none is ready.
     */
    private void idle() {
        IoSelector s = io;
        long stallDue = stallWatched() ? lastProgress + stallNanos : 0;
        if (clock instanceof VirtualClock && stallDue != 0) {
            if (idleUntilStall(s, stallDue)) {
                return;
            }
            stallDue = 0; // the virtual clock stands still: its stall is no reason to wake up
        }
        if (clock instanceof VirtualClock && !timers.isEmpty() && inbox.isEmpty()) {
            if (s == null || s.poll() == 0) {
                ((VirtualClock) clock).advanceTo(timers.peekDeadline());
            }
            return;
        }
        long wait = timers.isEmpty() ? -1 : Math.max(0, timers.peekDeadline() - clock.nanoTime());
        if (stallDue != 0) {
            long untilStall = Math.max(0, stallDue - clock.nanoTime());
            wait = wait < 0 ? untilStall : Math.min(wait, untilStall);
        }
        if (wait == 0) {
            if (s != null) {
                s.poll();
            }
            return;
        }
        SLEEP.setVolatile(this, s == null ? PARKED : SELECTING);
        try {
            if (!inbox.isEmpty()) {
                if (s != null) {
                    s.poll();
                }
                return;
            }
            if (s != null) {
                s.select(wait);
            } else if (wait < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            SLEEP.setVolatile(this, AWAKE);
        }
    }

    // ---- stall reports ----------------------------------------------------------------------

    /** Whether a stall may be reported now: reports are on, tasks wait, and this stall was not reported yet. */
    private boolean stallWatched() {
        return stallNanos != 0 && !stallReported && liveCount > 0;
    }

    /** A step that is some task's code going on: a frame resumed, a task's first step, a waiter's or a yield's turn. */
    private static boolean isProgress(Object step) {
        return step instanceof Coroutine || step instanceof LoopTask || step instanceof Waiter || step instanceof BareWaiter
                || step instanceof Yield;
    }

    /**
     * A virtual-clock loop with a stall due: its clock jumps to the stall only where it would jump
     * anyway, never because of the report. That is when nothing is ready and either a timer comes
     * after the stall (the loop would jump past it to the timer), or there is no timer and nothing
     * another thread would hand over (no channel registered, no task waiting for a thread, a future
     * or another loop): the loop would wait forever, a deadlock. Returns whether it jumped, else the
     * loop idles as without a stall report (a timer before the stall, or work off the loop pending).
     */
    private boolean idleUntilStall(IoSelector s, long stallDue) {
        if (!inbox.isEmpty() || (!timers.isEmpty() && stallDue - timers.peekDeadline() >= 0)) {
            return false;
        }
        if (s != null && s.poll() > 0) {
            return true; // channels ready: this turn runs them
        }
        if (timers.isEmpty() && ((s != null && s.hasChannels()) || waitsOffLoop())) {
            return false;
        }
        ((VirtualClock) clock).advanceTo(stallDue);
        return true;
    }

    private boolean waitsOffLoop() {
        if (group != null) {
            return true; // the other loops are threads of their own: a stall of the group is theirs too
        }
        try {
            return TaskDump.waitsOffLoop(this);
        } catch (Throwable e) {
            return true; // unknown: wait, as without a stall report
        }
    }

    /** After an idle wait: reports the stall once if no task made progress for the stall time. */
    private void checkStall() {
        if (!stallWatched() || !inbox.isEmpty()) {
            return;
        }
        if (group != null) {
            long p = group.progress();
            if (p != groupProgressSeen) { // another loop of the group made progress since: no stall
                groupProgressSeen = p;
                lastProgress = clock.nanoTime();
                return;
            }
        }
        if (clock.nanoTime() - lastProgress < stallNanos) {
            return;
        }
        stallReported = true;
        // Nothing a report does may throw into the run (a library's waitsOn(), a reporter).
        String report;
        try {
            // This loop's tasks only: in a group, the loops stall together, and each asking the others would wait on them.
            String dump = TaskDump.dumpLoops(new EventLoop[] {this});
            report = "Stall: no task made progress for " + TaskDump.seconds(stallNanos)
                    + " (RunOptions.withStallReport).\n" + dump.substring(0, dump.length() - 1);
        } catch (Throwable e) {
            report = "Stall: no task made progress for " + TaskDump.seconds(stallNanos)
                    + " (RunOptions.withStallReport); its task dump failed: " + e;
        }
        reporter.report(report, null);
    }

    @Override
    public String toString() {
        return "EventLoop[" + thread.getName() + ", ready=" + ready.size() + ", timers=" + timers.size()
                + ", tasks=" + liveCount + "]";
    }
}
