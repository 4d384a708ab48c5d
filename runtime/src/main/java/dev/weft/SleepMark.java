package dev.weft;

import dev.weft.internal.Coroutine;

/**
 * What a woven {@code await(sleep(...))} awaits instead of a task of its own: the frame is then its
 * own entry, in the ready queue for a {@code sleep(0)} ({@link #YIELD}) or in the timer heap for a
 * timed sleep ({@link #TIMED}), so such an await allocates nothing. Shared, never done, never seen
 * by user code: the frame's {@code resumeValue()} gives null for it. A cancelled frame awaits a
 * cancelled {@link Yield} or {@link Sleep} instead (see {@code Coroutine}).
 */
final class SleepMark extends Task<Void> {
    static final SleepMark YIELD = new SleepMark();
    static final SleepMark TIMED = new SleepMark();
    /** What a frame awaits once its timer fired (its sleep's turn, as {@code Sleep.run}'s): a done sleep. */
    static final Task<Void> SLEPT = Task.of(null);

    private SleepMark() {
    }

    /** Never cancelled itself: cancelling a frame that awaits a mark goes through the frame. */
    @Override
    public boolean cancel(String message) {
        return false;
    }

    /** For dumps: what {@code frame}, which awaits this mark, waits on: as a {@link Yield} or {@link Sleep} says it. */
    String waitsOn(Coroutine<?> frame) {
        if (this == YIELD) {
            return Yield.WAITS_ON;
        }
        // the frame's loop: its task's, else (a frame of no task) the open loop whose heap holds it
        Task<?> owner = ((Task<?>) frame).ownerTask();
        if (owner instanceof LoopTask) {
            return Sleep.waitsOn(((LoopTask<?>) owner).loop(), frame);
        }
        for (EventLoop l : EventLoop.openLoops()) {
            if (l.timers().deadlineOf(frame) != Long.MIN_VALUE) {
                return Sleep.waitsOn(l, frame);
            }
        }
        return "sleep (due: it resumes on the loop's next turn)";
    }

    @Override
    String waitsOn() {
        return this == YIELD ? Yield.WAITS_ON : "sleep";
    }
}
