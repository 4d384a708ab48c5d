package dev.weft.runtime;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Lets the loop go round: ordering tests count loop turns instead of sleeping on a wall clock. */
public final class Turns {
    private Turns() {
    }

    /** Completes after {@code n} trips through the loop ({@code sleep(0)} each). */
    @Async
    public static Task<Void> turns(int n) {
        for (int i = 0; i < n; i++) {
            await(sleep(0));
        }
        return Task.done();
    }
}
