package dev.weft.bench.longloop;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.function.IntConsumer;

/** One Weft coroutine that yields to the loop ({@code sleep(0)}) on every iteration. */
final class WeftLongLoop {
    private WeftLongLoop() {}

    static long run(int n, int mark, IntConsumer at) {
        return Weft.run(() -> loop(n, mark, at));
    }

    @Async
    private static Task<Long> loop(int n, int mark, IntConsumer at) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (i == mark) {
                at.accept(i);
            }
            await(Weft.sleep(0));
            sum += i;
        }
        at.accept(n);
        return Task.of(sum);
    }
}
