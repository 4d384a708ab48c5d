package dev.weft.sync;

/**
 * Thrown by a put on a queue that was shut down, and by a get on one that was shut down and is
 * empty (Python 3.13 {@code QueueShutDown}).
 */
public class QueueShutDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
