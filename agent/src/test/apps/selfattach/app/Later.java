package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Loaded after WeftAgent.install(), so it is woven. */
class Later {
    @Async
    Task<Integer> twice(int n) {
        await(sleep(10));
        return Task.of(2 * n);
    }
}
