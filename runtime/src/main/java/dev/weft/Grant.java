package dev.weft;

/**
 * One acquisition of a {@link PermitPool}: at once the task {@code acquire()} returns, the waiter
 * in the pool's queue, and the {@link Permit} it completes with. One object per acquisition, on
 * the fast path too: sharing a permit would let a stale double close release a later holder.
 */
final class Grant extends Contender<Permit> implements Permit {
    private final PermitPool pool;
    private boolean released;

    Grant(PermitPool pool) {
        this.pool = pool;
    }

    @Override
    EventLoop loop() {
        return pool.binding.loop();
    }

    /** A grant held at once: the fast path, with no waiting. */
    static Grant held(PermitPool pool) {
        Grant g = new Grant(pool);
        g.complete(g);
        return g;
    }

    /** Completes this woken waiter with itself, in its step: the holder now holds one permit. */
    void granted() {
        completeHere(this);
    }

    @Override
    void resumed() {
        pool.resumed(this);
    }

    @Override
    void cancelled(boolean wasWoken, CancelledException cancellation) {
        pool.cancelled(this, wasWoken);
        failHere(cancellation);
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
    void onUndelivered() {
        close();
    }

    @Override
    public String toString() {
        return "Permit[" + (!isDone() ? "waiting" : isFailed() || isCancelled() ? "cancelled" : released ? "released" : "held") + "]";
    }
}
