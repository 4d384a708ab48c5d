package dev.weft;

import java.util.NoSuchElementException;

/** Thrown by {@link Queue#getNowait} when the queue is empty. */
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
