package dev.weft.bench.yield;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;

/** Coroutines that do nothing but {@code sleep(Duration.ZERO)}: one trip through the loop each. */
final class WeftYield {
    private WeftYield() {}

    static int one(int yields) {
        return Weft.run(() -> yielder(yields));
    }

    static int two(int yields) {
        return Weft.run(() -> pair(yields / 2));
    }

    @Async
    private static Task<Integer> pair(int each) {
        Task<Integer> other = Weft.createTask(() -> yielder(each));
        int mine = await(yielder(each));
        return Task.of(mine + await(other));
    }

    @Async
    private static Task<Integer> yielder(int yields) {
        int n = 0;
        for (int i = 0; i < yields; i++) {
            await(sleep(Duration.ZERO));
            n++;
        }
        return Task.of(n);
    }
}
