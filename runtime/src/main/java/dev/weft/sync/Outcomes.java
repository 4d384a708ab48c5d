package dev.weft.sync;

import dev.weft.CancelledException;
import dev.weft.Task;

/** Reading how a followed task ended, through the public API. */
final class Outcomes {
    private Outcomes() {
    }

    /** The exception a done task ended with, its {@link CancelledException} included; null if it has a value. */
    static Throwable exceptionOf(Task<?> done) {
        try {
            return done.exception();
        } catch (CancelledException cancelled) {
            return cancelled; // exception() throws a cancellation rather than return it
        }
    }
}
