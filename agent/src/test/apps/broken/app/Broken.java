package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Cannot be woven: an await inside a synchronized block. */
class Broken {
    @Async
    Task<Void> locked() {
        synchronized (this) {
            await(sleep(10));
        }
        return Task.done();
    }
}
