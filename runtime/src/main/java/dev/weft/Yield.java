package dev.weft;

import dev.weft.internal.Coroutine;

/**
 * The task of {@code sleep(0)}: done when the loop comes round to it. A coroutine awaiting it
 * resumes right there rather than on the turn after, so a yield is one trip through the loop, as
 * asyncio's {@code sleep(0)} is. Cancelling it needs no clean-up: it is in no timer heap.
 *
 * <p>The frame that awaits a yield on the yield's own loop is {@link #adopt adopted}: kept in a
 * plain field and resumed by {@link #run} itself, with no completion registered, because a
 * {@code sleep(0)} in a loop is a hot path. Everything that touches that field runs on the loop's
 * thread; a {@link #cancel} from another thread goes there first. So the loop's thread alone ever
 * completes a yield, which spares the CAS a completion race needs.
 */
final class Yield extends Task<Void> implements Runnable {
    /** For dumps: what a yield waits on (also a frame awaiting {@link SleepMark#YIELD}). */
    static final String WAITS_ON = "sleep(0): it resumes on the loop's next turn";
    private final EventLoop loop;
    /** The adopted frame, until this yield completes; loop thread only. */
    private Coroutine<?> resumer;

    Yield(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Takes {@code frame} as the one to resume when this yield completes, instead of a completion;
     * false (register one then) off the loop's thread, once done, or when one is adopted already.
     */
    boolean adopt(Coroutine<?> frame) {
        if (resumer != null || isDone() || !loop.inLoopThread()) {
            return false;
        }
        resumer = frame;
        return true;
    }

    @Override
    public void run() {
        Coroutine<?> frame = resumer;
        resumer = null;
        Task<?> outer = loop.yielding;
        loop.yielding = this;
        try {
            if (completeExclusively(null) && frame != null) {
                ((Task<?>) frame).awaitedDone(this);
            }
        } finally {
            loop.yielding = outer;
        }
    }

    @Override
    String waitsOn() {
        return WAITS_ON;
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) {
            return false;
        }
        if (!loop.inLoopThread()) {
            loop.enqueueThreadSafe(() -> cancel(message));
            return true;
        }
        if (!super.cancel(message)) {
            return false;
        }
        Coroutine<?> frame = resumer;
        resumer = null;
        if (frame != null) {
            ((Task<?>) frame).awaitedDone(this); // not the yielding one: queued for the next turn, as a completion is
        }
        return true;
    }
}
