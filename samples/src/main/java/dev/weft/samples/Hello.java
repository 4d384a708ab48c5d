package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;

/** asyncio overview, "Basic async/await": prints Hello, sleeps one second without blocking, prints World. */
public final class Hello {
    @Async
    static Task<Void> sayHello() {
        System.out.println("Hello");
        await(sleep(Duration.ofSeconds(1))); // non-blocking sleep
        System.out.println("World");
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(Hello::sayHello);
    }
}
