package dev.weft;

/**
 * A deadline over a block of async code (asyncio {@code timeout}): the scope object handed to the
 * body of {@link Weft#timeout(java.time.Duration, java.util.function.Function)}, through which the
 * body can read and move the deadline.
 *
 * <pre>{@code
 * String s = await(timeout(Duration.ofSeconds(10), cm -> {
 *     String head = await(readHeader());
 *     cm.reschedule(Weft.loop().time() + Duration.ofSeconds(30).toNanos()); // more time for the body
 *     return Task.of(head + await(readBody()));
 * }));
 * }</pre>
 *
 * <p>When the deadline passes, the body's task is cancelled; once the body ends with that
 * cancellation, the awaited timeout fails with {@link AsyncTimeoutException}. A cancellation from
 * outside (the awaiting task was cancelled), or one the body met for its own reasons, passes
 * through unchanged; an inner timeout's expiry is the inner one's {@code AsyncTimeoutException}.
 * As asyncio's, the scope tells its own expiry from a cancellation from outside by counting the
 * task's requests ({@link Task#cancelling()}): a request from outside that the body took back
 * ({@link Task#uncancel()}) no longer counts, and an expiry after it is a timeout.
 *
 * <pre>
 *   state     meaning                                   next
 *   ACTIVE    the body runs, the deadline is armed       EXPIRING (deadline passed), FINISHED
 *   EXPIRING  the body was cancelled, not yet ended      EXPIRED
 *   EXPIRED   the body ended after the deadline          -
 *   FINISHED  the body ended before the deadline         -
 * </pre>
 */
public final class Timeout {
    /** Stands for "no deadline" in {@link #when()}. */
    public static final long NEVER = Long.MAX_VALUE;

    enum State { ACTIVE, EXPIRING, EXPIRED, FINISHED }

    private final EventLoop loop;
    /** The task running the body, whose cancellation requests the expiry counts (asyncio's); may be null. */
    private final Task<?> owner;
    /** The expiry added a request to {@link #owner}, to take back when the body ends. */
    private boolean ownerCancelRequested;
    /** {@link #owner}'s {@code cancelling()} when the scope began (asyncio's {@code _cancelling}). */
    private final int cancellingOnEntry;
    private State state = State.ACTIVE;
    private long when = NEVER;
    private Handle timer;
    private Task<?> body;
    /**
     * A cancellation from outside arrived that no request on {@link #owner} counts (this scope's
     * task was cancelled itself, not through its owner's {@code cancel()}): nothing can take it
     * back, so the body's cancellation passes through.
     */
    private boolean uncountedCancel;

    Timeout(EventLoop loop) {
        this.loop = loop;
        this.owner = loop.currentTask();
        this.cancellingOnEntry = owner == null ? 0 : owner.cancelling();
    }

    /**
     * The deadline in loop time ({@link Loop#time()}), or {@link #NEVER}.
     *
     * @return the deadline, or {@link #NEVER}
     */
    public long when() {
        return when;
    }

    /**
     * Moves the deadline to {@code deadlineNanos} (loop time), or removes it with {@link #NEVER}. A
     * deadline already past expires the scope on the next loop turn.
     *
     * @param deadlineNanos the new deadline in loop time, or {@link #NEVER}
     * @throws IllegalStateException if the scope is expiring, expired or finished
     */
    public void reschedule(long deadlineNanos) {
        if (state != State.ACTIVE) {
            throw new IllegalStateException("Cannot change state of " + state.name().toLowerCase() + " Timeout");
        }
        when = deadlineNanos;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (deadlineNanos == NEVER) {
            return;
        }
        long now = loop.time();
        long at = Delays.deadline(deadlineNanos, now);
        timer = at - now <= 0 ? loop.callSoon(this::expire) : loop.timerAt(at, this::expire);
    }

    /**
     * Whether the deadline passed (the scope is expiring or expired): asyncio's {@code expired()}.
     *
     * @return true if the deadline passed
     */
    public boolean isExpired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    void attach(Task<?> body) {
        this.body = body;
    }

    private void expire() {
        timer = null;
        if (state != State.ACTIVE) {
            return;
        }
        state = State.EXPIRING;
        // asyncio cancels the task running the body: cancelling() is 1 inside the expired body. The
        // scope cancels the body itself (a waitFor may be awaited through a gather), and counts it.
        if (owner instanceof LoopTask && !owner.isDone()) {
            ownerCancelRequested = true;
            ((LoopTask<?>) owner).cancelCounted(body); // a scope inside the body sees a request its owner counts
        } else {
            body.cancel();
        }
    }

    /**
     * The awaiting task was cancelled: pass it to the body. A request its owner counted is told from
     * the expiry in {@link #exit} by counting; one it did not count passes through.
     */
    boolean cancelFromOutside(String message) {
        if (!(owner instanceof LoopTask && loop.inLoopThread() && ((LoopTask<?>) owner).isPassingCancelDown())) {
            uncountedCancel = true;
        }
        return body.cancel(message);
    }

    /** The body ended with {@code failure} (or null); what the awaited timeout fails with instead, or null. */
    Throwable exit(Throwable failure) {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            int left = owner == null ? 0 : owner.cancelling();
            if (ownerCancelRequested) {
                ownerCancelRequested = false;
                left = owner.uncancel();
            }
            // asyncio's __aexit__: no request newer than the scope's entry is left, so the
            // cancellation ending the body is the expiry's, whatever the body caught and took back
            if (failure instanceof CancelledException && !uncountedCancel && left <= cancellingOnEntry) {
                return new AsyncTimeoutException("Timeout expired", failure);
            }
        } else if (state == State.ACTIVE) {
            state = State.FINISHED;
        }
        return null;
    }

    @Override
    public String toString() {
        return "Timeout[" + state.name().toLowerCase() + (when == NEVER ? "" : ", when=" + when) + "]";
    }
}
