package dev.weft;

/** A {@link Clock} that its loop advances to the next timer when idle; see {@link Clock#virtual()}. */
final class VirtualClock implements Clock {
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
