package dev.weft.sync;

import java.util.NoSuchElementException;

/** Thrown by {@link AsyncQueue#getNowait} when the queue is empty. */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
