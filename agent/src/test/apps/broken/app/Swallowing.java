package app;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;

/** Cannot be woven either; its catch must not turn the unwoven await into an answer. */
class Swallowing {
    @Async
    Task<Integer> count() {
        synchronized (this) {
            try {
                return Task.of(await(Task.of(5)));
            } catch (RuntimeException e) {
                return Task.of(-1);
            }
        }
    }
}
