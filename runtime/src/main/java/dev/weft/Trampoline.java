package dev.weft;

import dev.weft.internal.Coroutine;
import java.util.ArrayDeque;

/**
 * Runs frames one after another on one thread instead of one inside another: a frame that
 * resumes another while a frame runs on this thread only queues it, and the outermost call runs
 * the queue. So resuming a chain of frames that complete one another (100,000 deep, say) takes
 * constant stack, as Kotlin's {@code resumeWith} loop does; and a frame that ends in its task's
 * step hands over to its awaiter within that step, as asyncio's {@code await coro()} does.
 *
 * <p>One per event loop, used on its thread; one per thread for frames resumed off any loop.
 */
final class Trampoline {
    private static final ThreadLocal<Trampoline> OFF_LOOP = ThreadLocal.withInitial(Trampoline::new);

    /** Whether a frame, or a task's first step, runs on this thread now. */
    private boolean active;
    /** The frame being resumed now, or null. */
    private Coroutine<?> current;
    /** Frames to resume after the current one, in order. */
    private final ArrayDeque<Coroutine<?>> queued = new ArrayDeque<>();

    /** The trampoline of the loop running on this thread, else this thread's own. */
    static Trampoline here() {
        EventLoop l = EventLoop.current();
        return l != null ? l.trampoline() : OFF_LOOP.get();
    }

    Coroutine<?> current() {
        return current;
    }

    boolean isActive() {
        return active;
    }

    /** Resumes {@code frame} now, or right after the frames already running or queued on this thread. */
    void resume(Coroutine<?> frame) {
        if (active) {
            queued.addLast(frame);
            return;
        }
        active = true;
        try {
            run(frame);
            drain();
        } finally {
            active = false;
        }
    }

    /**
     * Marks the start of a step that is not a frame's (a task's first step): frames it resumes run
     * after it. Returns false if the trampoline was active already; then do not call {@link #exit}.
     */
    boolean enter() {
        if (active) {
            return false;
        }
        active = true;
        return true;
    }

    /** Ends what {@link #enter} began: runs the frames queued meanwhile. */
    void exit() {
        try {
            drain();
        } finally {
            active = false;
        }
    }

    /**
     * {@code frame}, running now, returned {@code value} to {@code caller}, the one frame awaiting it:
     * completes {@code frame} without telling {@code caller}, which the caller of this method runs
     * next as the current frame. False, changing nothing, if frames wait to be resumed (they go
     * first) or {@code frame} is done already (then completing it tells nobody).
     */
    boolean returnTo(Coroutine<?> frame, Object value, Coroutine<?> caller) {
        if (current != frame || !queued.isEmpty() || !((Task<?>) frame).completeUntold(value)) {
            return false;
        }
        current = caller;
        return true;
    }

    private void drain() {
        for (Coroutine<?> f = queued.pollFirst(); f != null; f = queued.pollFirst()) {
            run(f);
        }
    }

    private void run(Coroutine<?> frame) {
        current = frame;
        try {
            ((Task<?>) frame).resumeHere(); // the frame's hook: Task's is the one this package may call
        } finally {
            current = null;
        }
    }
}
