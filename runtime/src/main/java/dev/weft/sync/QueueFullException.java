package dev.weft.sync;

/** Thrown by {@link AsyncQueue#putNowait} when the queue is full. */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueFullException(String message) {
        super(message);
    }
}
