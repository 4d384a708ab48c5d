package dev.weft.sync;

/** Thrown by {@link AsyncBarrier#arriveAndWait()} when the barrier is broken, aborted or reset. */
public class BarrierBrokenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message the detail message
     */
    public BarrierBrokenException(String message) {
        super(message);
    }
}
