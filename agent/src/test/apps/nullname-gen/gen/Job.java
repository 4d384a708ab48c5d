package gen;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Defined by app.Main with ClassLoader.defineClass(null, ...), as runtime code generators do. */
public class Job {
    @Async
    public static Task<String> run() {
        await(sleep(10));
        return Task.of("woven " + Job.class.getName());
    }
}
