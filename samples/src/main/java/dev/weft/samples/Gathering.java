package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;

/** asyncio overview, "Running Multiple Coroutines": three fetches at once; all done in ~3 s, not 6. */
public final class Gathering {
    @Async
    static Task<String> fetchData(String name, long delaySeconds) {
        System.out.println("Fetching " + name + "...");
        await(sleep(Duration.ofSeconds(delaySeconds)));
        return Task.of(name + " data");
    }

    @Async
    static Task<Void> main() {
        // Run concurrently
        List<String> results = await(gather(
                fetchData("users", 2),
                fetchData("posts", 1),
                fetchData("comments", 3)));
        System.out.println(results); // All three complete in ~3 seconds, not 6
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(Gathering::main);
    }
}
