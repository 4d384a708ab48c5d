package dev.weft.bench.lock;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Weft: coroutines taking an {@link AsyncLock} in turn, each holding it across a {@code sleep(ZERO)}. */
final class WeftLock {
    private final AsyncLock lock = AsyncLock.create();
    private int count;

    static int run(int workers, int rounds) {
        return Weft.run(() -> new WeftLock().all(workers, rounds));
    }

    @Async
    private Task<Integer> all(int workers, int rounds) {
        List<Task<Void>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            tasks.add(Weft.createTask(() -> work(rounds)));
        }
        for (Task<Void> t : tasks) {
            await(t);
        }
        return Task.of(count);
    }

    @Async
    private Task<Void> work(int rounds) {
        for (int i = 0; i < rounds; i++) {
            try (Permit held = await(lock.acquire())) {
                int seen = count;
                await(Weft.sleep(Duration.ZERO));
                count = seen + 1;
            }
        }
        return Task.done();
    }
}
