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

/**
 * Weft: coroutines taking an {@link AsyncLock} in turn, each holding it across a {@code sleep(ZERO)};
 * and the same coroutines making the same two trips through the loop per round without the lock (the
 * hand-off's and the holder's), the floor under what the lock can cost.
 */
final class WeftLock {
    private final AsyncLock lock = AsyncLock.create();
    private int count;

    static int run(int workers, int rounds) {
        return Weft.run(() -> new WeftLock().all(workers, rounds, false));
    }

    static int tripsOnly(int workers, int rounds) {
        return Weft.run(() -> new WeftLock().all(workers, rounds, true));
    }

    @Async
    private Task<Integer> all(int workers, int rounds, boolean tripsOnly) {
        List<Task<Void>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            tasks.add(Weft.createTask(() -> tripsOnly ? trips(rounds) : work(rounds)));
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

    @Async
    private Task<Void> trips(int rounds) {
        for (int i = 0; i < rounds; i++) {
            await(Weft.sleep(Duration.ZERO)); // where work() waits for the hand-off
            count++;
            await(Weft.sleep(Duration.ZERO)); // where work() holds the lock
        }
        return Task.done();
    }
}
