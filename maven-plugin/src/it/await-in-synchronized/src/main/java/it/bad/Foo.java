package it.bad;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

public class Foo {
    private final Object lock = new Object();

    @Async
    public Task<String> run() {
        synchronized (lock) {
            await(sleep(10)); // the error is reported at this line
        }
        return Task.of("done");
    }
}
