package it.own;

import static dev.weft.Weft.await;

import dev.weft.Async;

public class Jobs {
    @Async
    public Task<String> make() {
        Task<String> t = new Task<>(); // the error is reported at this line
        t.complete("v" + await(dev.weft.Task.of(1)));
        return t;
    }
}
