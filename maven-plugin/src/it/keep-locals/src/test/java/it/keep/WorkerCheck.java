package it.keep;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

public class WorkerCheck {
    @Async
    public Task<Integer> check(int n) {
        int deadInTest = n * 3;
        await(sleep(1));
        return Task.of(n);
    }
}
