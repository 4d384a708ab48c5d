package app;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Well formed: woven, whatever the agent met before it. */
class Fine {
    @Async
    Task<String> value() {
        await(sleep(10));
        return Task.of("fine");
    }
}
