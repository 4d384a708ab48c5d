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
