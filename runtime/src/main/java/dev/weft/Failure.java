package dev.weft;

/** A task's failure, boxed so that it cannot be mistaken for a value. */
final class Failure {
    final Throwable cause;

    Failure(Throwable cause) {
        this.cause = cause;
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
