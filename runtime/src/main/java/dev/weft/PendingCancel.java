package dev.weft;

/**
 * A cancellation kept until it can be delivered (asyncio's {@code _must_cancel}), encoded in one
 * field of a task or frame: null for none, else the message, or {@link #NO_MESSAGE} for a
 * cancellation without one. One field rather than a flag and a message: there is one per task.
 */
final class PendingCancel {
    private static final Object NO_MESSAGE = new Object();

    private PendingCancel() {}

    /** The field's value for a cancellation with {@code message} (which may be null). */
    static Object of(String message) {
        CancellationRequest request = CancellationRequest.capture();
        if (request != null) {
            return new Requested(message, request);
        }
        return message != null ? message : NO_MESSAGE;
    }

    /** The message of a pending cancellation. */
    static String message(Object pending) {
        if (pending instanceof Carried) {
            pending = ((Carried) pending).pending;
        }
        if (pending instanceof Requested) {
            return ((Requested) pending).message;
        }
        return pending instanceof String ? (String) pending : null;
    }

    /** Where a pending cancellation was asked for, or null if not by a task. */
    static CancellationRequest request(Object pending) {
        if (pending instanceof Carried) {
            pending = ((Carried) pending).pending;
        }
        return pending instanceof Requested ? ((Requested) pending).request : null;
    }

    /**
     * Whether a kept cancellation gives way to how {@code done}, the task its frame awaited, ended:
     * with a cancellation of its own. asyncio's {@code __step} throws in the awaited future's
     * exception, and when that is a {@code CancelledError} already it keeps it and drops
     * {@code _must_cancel}: a task cancelled twice while suspended sees the first request's message,
     * which cancelled what it awaited, not the second's, which was kept. A cancelled yield does not
     * count: asyncio's {@code sleep(0)} is a bare yield with no future, so the kept request (the
     * last one asked) is thrown in.
     */
    static boolean givesWayTo(Task<?> done) {
        return !(done instanceof Yield) && done.failureOrNull() instanceof CancelledException;
    }

    /** A cancellation asked for by a task: its message and where. */
    private static final class Requested {
        final String message;
        final CancellationRequest request;

        Requested(String message, CancellationRequest request) {
            this.message = message;
            this.request = request;
        }
    }

    /**
     * A cancellation handed by a frame that returned to its awaiter of the same task, which goes on
     * in the same step: delivered at its next await, not thrown where it resumes (asyncio keeps
     * {@code _must_cancel} with the task while its coroutines return to one another).
     */
    static final class Carried {
        final Object pending;

        Carried(Object pending) {
            this.pending = pending;
        }
    }
}
