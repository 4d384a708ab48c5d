package dev.weft.sync;

/**
 * One acquisition of a {@link PermitPool}: at once the task {@code acquire()} returns, the waiter
 * in the pool's queue, and the {@link Permit} it completes with. One object per acquisition, on
 * the fast path too: sharing a permit would let a stale double close release a later holder.
 */
final class Grant extends Contender<Permit> implements Permit {
    private final PermitPool pool;
    private boolean released;

    Grant(PermitPool pool) {
        super(pool.binding.loop());
        this.pool = pool;
    }

    /** A grant held at once: the fast path, with no waiting. */
    static Grant held(PermitPool pool) {
        Grant g = new Grant(pool);
        g.grant(g);
        return g;
    }

    /** The task awaiting this grant, which holds the permit once granted; for task dumps. */
    dev.weft.Task<?> awaiter() {
        return awaitingTask();
    }

    /** Completes this woken waiter with itself, in its turn: the holder now holds one permit. */
    void granted() {
        grant(this);
    }

    @Override
    void resumed() {
        pool.resumed(this);
    }

    @Override
    void cancelled(boolean wasWoken, String message) {
        pool.cancelled(this, wasWoken);
        refuseCancelled(message);
    }

    @Override
    public void close() {
        if (released || !isDone() || isFailed() || isCancelled()) {
            return;
        }
        released = true;
        pool.release();
    }

    /** Granted, but its coroutine was cancelled before it could see it: pass the permit on. */
    @Override
    protected void onUndelivered(Permit permit) {
        close();
    }

    @Override
    public String toString() {
        return "Permit[" + (!isDone() ? "waiting" : isFailed() || isCancelled() ? "cancelled" : released ? "released" : "held") + "]";
    }
}
