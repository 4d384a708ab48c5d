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
    private State state = State.ACTIVE;
    private long when = NEVER;
    private Handle timer;
    private Task<?> body;
    /** A cancellation arrived that was not ours; the body's cancellation then passes through. */
    private boolean foreignCancel;

    Timeout(EventLoop loop) {
        this.loop = loop;
        this.owner = loop.currentTask();
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
            ((LoopTask<?>) owner).addCancelRequest();
            ownerCancelRequested = true;
        }
        body.cancel();
    }

    /** The awaiting task was cancelled: pass it to the body, and let its cancellation through. */
    boolean cancelFromOutside(String message) {
        foreignCancel = true;
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
            if (ownerCancelRequested) {
                ownerCancelRequested = false;
                owner.uncancel();
            }
            if (failure instanceof CancelledException && !foreignCancel) {
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
