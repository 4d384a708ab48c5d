package dev.weft.agent;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** Async code in its own class, loaded (and so woven) when a test first uses it. */
class Countdown {
    @Async
    Task<Integer> count(int n) {
        int steps = 0;
        for (int i = n; i > 0; i--) {
            await(sleep(1));
            steps++;
        }
        return Task.of(steps);
    }
}
