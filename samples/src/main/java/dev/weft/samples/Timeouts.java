package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.waitFor;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;

/** asyncio overview, "Timeouts": a 10 s operation given 3 s. */
public final class Timeouts {
    @Async
    static Task<String> slowOperation() {
        await(sleep(Duration.ofSeconds(10)));
        return Task.of("done");
    }

    @Async
    static Task<Void> main() {
        try {
            String result = await(waitFor(slowOperation(), Duration.ofSeconds(3)));
            System.out.println(result);
        } catch (AsyncTimeoutException e) {
            System.out.println("Operation timed out!");
        }
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(Timeouts::main);
    }
}
