package it.async;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

public class Fetcher {
    @Async
    public Task<String> fetch(String name, long delayMs) {
        await(sleep(delayMs));
        return Task.of(name + " data");
    }

    @Async
    public Task<String> both() {
        String a = await(fetch("users", 20));
        String b = await(fetch("posts", 10));
        return Task.of(a + ", " + b);
    }
}
