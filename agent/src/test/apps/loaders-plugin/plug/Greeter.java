package plug;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;

/** Loaded by a class loader the application creates. */
public class Greeter {
    @Async
    Task<String> greet(String who) {
        await(sleep(10));
        return Task.of("hello from " + who);
    }

    public static String run(String who) {
        return Weft.run(() -> new Greeter().greet(who));
    }
}
