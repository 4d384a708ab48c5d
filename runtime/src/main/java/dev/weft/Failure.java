package dev.weft;

/** A task's failure, boxed so that it cannot be mistaken for a value. */
final class Failure {
    final Throwable cause;
    /**
     * Whether the task counts as cancelled: its failure is a {@link CancelledException} it met
     * itself. False for a gather that a child's cancellation failed (asyncio sets that exception on
     * the gather, which is then not cancelled).
     */
    final boolean cancelled;
    /** The awaiters this failure has passed so far, for its async stack trace ({@link AsyncTraces}); null if untraced. */
    AsyncTraces.Link trace;
    /** Without a chain: the woven method ({@code pkg.Owner.name}) whose body threw it, if known; its trace starts there. */
    String thrower;

    Failure(Throwable cause) {
        this(cause, cause instanceof CancelledException);
    }

    private Failure(Throwable cause, boolean cancelled) {
        this.cause = cause;
        this.cancelled = cancelled;
    }

    /** A failure with a cancellation that does not make its task cancelled. */
    static Failure notCancelling(CancelledException cause) {
        Failure f = new Failure(cause, false);
        f.trace = AsyncTraces.continued(cause, null);
        return f;
    }

    /** A failure with {@code cause}, going on from the chain of the hop that just rethrew it, if any. */
    static Failure of(Throwable cause) {
        Failure f = new Failure(cause);
        f.trace = AsyncTraces.continued(cause, null);
        return f;
    }

    /**
     * This failure for a task that ends as another did (its coroutine returned or awaited that
     * task): a cancellation it passes on cancels it, as a {@code CancelledError} raised in an
     * asyncio coroutine cancels its task.
     */
    Failure passedOn() {
        if (cancelled || !(cause instanceof CancelledException)) {
            return this;
        }
        Failure f = new Failure(cause);
        f.trace = trace;
        f.thrower = thrower;
        return f;
    }

    /** Throws any throwable, checked or not, without declaring it: await rethrows as it is. */
    static RuntimeException sneaky(Throwable t) {
        throw Failure.<RuntimeException>sneaky0(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky0(Throwable t) throws E {
        throw (E) t;
    }
}
