package dev.weft;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded scheduler: a ready queue, timers, and an inbox for other threads.
 *
 * <p>Everything but {@link #resume} and {@link #callSoonThreadSafe} must be called on the loop's
 * thread. Idle loops park; they never spin.
 */
final class EventLoop {
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private final Thread thread;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;
    private volatile boolean parked;

    EventLoop(Thread thread) {
        this.thread = thread;
    }

    /** The loop running on this thread, or null. */
    static EventLoop current() {
        return CURRENT.get();
    }

    boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Schedules {@code r} for the next turn; loop thread only. */
    void callSoon(Runnable r) {
        ready.addLast(r);
    }

    /** Schedules {@code r} from any thread. */
    void callSoonThreadSafe(Runnable r) {
        if (inLoopThread()) {
            ready.addLast(r);
        } else {
            inbox.add(r);
            if (parked) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** Resumes a coroutine on this loop, from whatever thread completed what it awaited. */
    void resume(Coroutine<?> c) {
        callSoonThreadSafe(c);
    }

    /** Runs {@code r} after {@code delayNanos}; loop thread only. */
    Timer callLater(long delayNanos, Runnable r) {
        Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), timerSequence++, r);
        timers.add(t);
        return t;
    }

    void cancelTimer(Timer t) {
        timers.remove(t);
    }

    /** Runs the loop on the calling thread until {@code until} is done. */
    void runUntilDone(Task<?> until) {
        EventLoop previous = CURRENT.get();
        CURRENT.set(this);
        try {
            while (!until.isDone()) {
                runOnce();
            }
        } finally {
            CURRENT.set(previous);
        }
    }

    /** Enters the loop for {@code body} so that code it runs sees this loop as current. */
    <T> T enter(java.util.function.Supplier<T> body) {
        EventLoop previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    private void runOnce() {
        drainInbox();
        long now = System.nanoTime();
        fireDueTimers(now);
        if (ready.isEmpty()) {
            park(now);
            drainInbox();
            fireDueTimers(System.nanoTime());
        }
        // Run only what is ready now; what these schedule runs on the next turn, as in asyncio.
        for (int n = ready.size(); n > 0; n--) {
            ready.pollFirst().run();
        }
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
        }
    }

    private void fireDueTimers(long now) {
        Timer t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0) {
            timers.poll();
            ready.addLast(t.action);
        }
    }

    private void park(long now) {
        parked = true;
        try {
            if (!inbox.isEmpty()) {
                return;
            }
            Timer next = timers.peek();
            if (next == null) {
                LockSupport.park(this);
            } else {
                long wait = next.deadline - now;
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        } finally {
            parked = false;
        }
    }

    /** A pending timer; ordered by deadline, then by creation so equal deadlines fire in order. */
    static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long sequence;
        final Runnable action;

        Timer(long deadline, long sequence, Runnable action) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public int compareTo(Timer o) {
            long d = deadline - o.deadline;
            if (d != 0) {
                return d < 0 ? -1 : 1;
            }
            return Long.compare(sequence, o.sequence);
        }
    }

    static long toNanos(long amount, TimeUnit unit) {
        return unit.toNanos(amount);
    }
}
