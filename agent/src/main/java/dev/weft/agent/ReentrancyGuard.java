package dev.weft.agent;

/**
 * Keeps the transformer from running inside itself on one thread: a class loaded while a class is
 * being woven (by the class loader's resource lookup, or a frame class being defined) passes
 * through untouched. Byte Buddy's {@code CircularityLock.Default} in miniature.
 */
final class ReentrancyGuard {
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

    /** True if the calling thread was not inside; then it is until {@link #exit()}. */
    boolean enter() {
        if (busy.get() != null) {
            return false;
        }
        busy.set(Boolean.TRUE);
        return true;
    }

    void exit() {
        busy.remove();
    }
}
