package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncLock;
import dev.weft.sync.AsyncSemaphore;
import dev.weft.sync.Permit;

/**
 * asyncio overview, "Synchronization": {@code async with lock} is a try-with-resources on the
 * {@link Permit} that {@code await(lock.acquire())} gives. The seed defines the two operations
 * only; {@link #main()} runs two of the first (one after the other: ~2 s) and four of the second
 * (three at once, then one: ~2 s).
 */
public final class Synchronization {
    static final AsyncLock lock = AsyncLock.create();
    static final AsyncSemaphore semaphore = AsyncSemaphore.create(3); // Max 3 concurrent

    @Async
    static Task<Void> safeOperation(String name) {
        try (Permit held = await(lock.acquire())) {
            System.out.println(name + " has the lock");
            await(sleep(1000));
        }
        return Task.done();
    }

    @Async
    static Task<Void> limitedOperation(String name) {
        try (Permit held = await(semaphore.acquire())) {
            System.out.println(name + " running (max 3 at a time)");
            await(sleep(1000));
        }
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        await(gather(safeOperation("A"), safeOperation("B")));
        await(gather(limitedOperation("1"), limitedOperation("2"), limitedOperation("3"), limitedOperation("4")));
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(Synchronization::main);
    }
}
