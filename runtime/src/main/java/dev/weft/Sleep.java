package dev.weft;


/**
 * The task of {@code sleep}, which is its own timer-heap entry: one object per pending sleep.
 * Cancelling it takes it out of the heap at once, so cancelled sleeps leave nothing behind.
 */
final class Sleep extends Task<Void> implements Timed {
    private final EventLoop loop;
    private int heapIndex = -1;

    Sleep(EventLoop loop) {
        this.loop = loop;
    }

    /** The deadline passed. */
    @Override
    public void run() {
        complete(null);
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        loop.onLoop(() -> loop.timers().remove(this));
        return true;
    }

    @Override
    String waitsOn() {
        return waitsOn(loop, this);
    }

    /** For dumps: a sleep's words, for this task or a frame that is its own timer entry (see {@link SleepMark}). */
    static String waitsOn(EventLoop loop, Object entry) {
        long deadline = loop.timers().deadlineOf(entry);
        if (deadline == Long.MIN_VALUE) {
            return "sleep (due: it resumes on the loop's next turn)";
        }
        return "sleep, " + TaskDump.left(deadline, loop.time()) + " (until "
                + TaskDump.seconds(deadline) + " on the loop clock)";
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }
}
