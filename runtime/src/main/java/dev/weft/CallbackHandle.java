package dev.weft;


/** The {@link Handle} of {@code callSoon}/{@code callLater}/{@code callAt}: the callback and its timer entry. */
final class CallbackHandle implements Handle, Timed, Runnable {
    private final EventLoop loop;
    private final Runnable callback;
    /** Handed over by {@code callSoonThreadSafe}, whose caller cannot see the loop close. */
    private final boolean threadSafe;
    private boolean cancelled;
    private int heapIndex = -1;

    CallbackHandle(EventLoop loop, Runnable callback) {
        this(loop, callback, false);
    }

    CallbackHandle(EventLoop loop, Runnable callback, boolean threadSafe) {
        this.loop = loop;
        this.callback = callback;
        this.threadSafe = threadSafe;
    }

    boolean threadSafe() {
        return threadSafe;
    }

    @Override
    public void run() {
        if (!cancelled) {
            callback.run();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        loop.timers().remove(this);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (cancelled ? ", cancelled" : "") + "]";
    }
}
