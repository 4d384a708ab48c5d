package dev.weft;

/** A {@link LoopClock} that its loop advances to the next timer when idle; see {@link LoopClock#virtual()}. */
final class VirtualClock implements LoopClock {
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves time forward to {@code deadline}; never backwards. */
    void advanceTo(long deadline) {
        if (deadline - now > 0) {
            now = deadline;
        }
    }
}
