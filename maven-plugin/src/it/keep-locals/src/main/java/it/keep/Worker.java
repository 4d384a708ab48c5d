package it.keep;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

public class Worker {
    @Async
    public Task<Integer> work(int n) {
        int deadInMain = n * 2;
        await(sleep(1));
        return Task.of(n + 1);
    }
}
