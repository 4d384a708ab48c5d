package dev.weft.runtime.traces;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Async
    static Task<Integer> inner() {
        await(sleep(Duration.ofMillis(1)));
        throw new IllegalStateException("boom");
    }

    @Async
    static Task<Integer> middle() {
        int x = await(inner());
        return Task.of(x);
    }

    @Async
    Task<Integer> outer() {
        return Task.of(await(middle()));
    }

    @Test
    void probe() {
        try {
            Weft.run(() -> outer());
        } catch (IllegalStateException e) {
            e.printStackTrace(System.out);
        }
    }
}
