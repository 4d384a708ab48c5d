package dev.weft.bench.generator;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.Emitter;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.AsyncQueue;

/**
 * Weft: an {@link AsyncGenerator} whose producer emits 0..n-1 to a consumer that sums them, and a
 * producer task putting the same items into an {@code AsyncQueue.fifo(16)} that the consumer drains.
 */
final class WeftGenerator {
    private WeftGenerator() {}

    static long generator(int n) {
        return Weft.run(() -> sum(AsyncGenerator.of(out -> produce(n, out))));
    }

    @Async
    private static Task<Void> produce(int n, Emitter<Integer> out) {
        for (int i = 0; i < n; i++) {
            await(out.emit(i));
        }
        return Task.done();
    }

    @Async
    private static Task<Long> sum(AsyncGenerator<Integer> items) {
        long sum = 0;
        while (await(items.hasNext())) {
            sum += items.next();
        }
        return Task.of(sum);
    }

    static long queue(int n) {
        return Weft.run(() -> drain(n));
    }

    @Async
    private static Task<Long> drain(int n) {
        AsyncQueue<Integer> items = AsyncQueue.fifo(GeneratorBenchmark.CAPACITY);
        Task<Void> producer = Weft.createTask(() -> fill(n, items));
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += await(items.get());
        }
        await(producer);
        return Task.of(sum);
    }

    @Async
    private static Task<Void> fill(int n, AsyncQueue<Integer> items) {
        for (int i = 0; i < n; i++) {
            await(items.put(i));
        }
        return Task.done();
    }
}
