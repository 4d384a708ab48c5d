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
        return message != null ? message : NO_MESSAGE;
    }

    /** The message of a pending cancellation. */
    static String message(Object pending) {
        if (pending instanceof Carried) {
            pending = ((Carried) pending).pending;
        }
        return pending instanceof String ? (String) pending : null;
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
