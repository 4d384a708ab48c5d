package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.using;

import dev.weft.Async;
import dev.weft.AsyncCloseable;
import dev.weft.AsyncGenerator;
import dev.weft.Emitter;
import dev.weft.Task;
import dev.weft.Weft;

/**
 * asyncio overview, "Async Context Managers and Iterators": {@code async with} is
 * {@code await(using(resource, r -> ...))}, and an async generator is an {@link Async} method that
 * emits to an {@link Emitter}, read with {@code while (await(it.hasNext()))}.
 */
public final class AsyncResources {
    /** Async context manager. */
    static final class AsyncResource implements AsyncCloseable {
        @Async
        static Task<AsyncResource> open() {                   // __aenter__
            System.out.println("Acquiring resource");
            return Task.of(new AsyncResource());
        }

        @Async
        @Override
        public Task<Void> close() {                           // __aexit__
            System.out.println("Releasing resource");
            return Task.done();
        }
    }

    @Async
    static Task<Void> main() {
        return using(await(AsyncResource.open()), r -> {
            System.out.println("Using resource");
            return Task.done();
        });
    }

    // Async iterator
    @Async
    static Task<Void> countdown(int n, Emitter<Integer> out) {
        while (n > 0) {
            await(out.emit(n));
            await(sleep(500));
            n--;
        }
        return Task.done();
    }

    @Async
    static Task<Void> main2() {
        AsyncGenerator<Integer> numbers = AsyncGenerator.of(out -> countdown(5, out));
        try {
            while (await(numbers.hasNext())) {
                System.out.println(numbers.next());
            }
        } finally {
            await(numbers.close());
        }
        return Task.done();
    }

    public static void main(String[] args) {
        Weft.run(AsyncResources::main);
        Weft.run(AsyncResources::main2);
    }
}
