package it.async;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;

class FetcherTest {
    /** An async method in test code, woven by weave-tests. */
    @Async
    Task<String> fetchTwice() {
        String first = await(new Fetcher().both());
        return Task.of(first + " / " + await(new Fetcher().fetch("comments", 5)));
    }

    @Test
    void wovenMethodsRunOnTheLoop() {
        assertEquals("users data, posts data / comments data", Weft.run(this::fetchTwice));
    }
}
