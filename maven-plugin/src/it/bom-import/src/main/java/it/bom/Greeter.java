package it.bom;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

public class Greeter {
    @Async
    public Task<String> greet(String name) {
        await(sleep(1));
        return Task.of("Hello, " + name);
    }
}
