package app;

import dev.weft.Task;
import dev.weft.Weft;

/** What the generated classes await. */
public final class Tasks {
    private Tasks() {
    }

    /** A task for {@code v} that completes on a later turn of the loop: the await suspends. */
    public static Task<Object> later(Object v) {
        return Weft.createTask(() -> Task.of(v));
    }

    /** The same, under the name the weaver tests' {@code UninitializedShapes} await. */
    public static Task<Object> t(Object v) {
        return later(v);
    }
}
