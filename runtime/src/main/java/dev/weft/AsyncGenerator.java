package dev.weft;

import java.util.Objects;
import java.util.function.Function;

/**
 * An async generator (asyncio's {@code async def} with {@code yield}): a producer coroutine emits
 * values one at a time, each one only when the consumer asks for it, so a slow consumer
 * suspends the producer (back-pressure).
 *
 * <pre>{@code
 * @Async Task<Void> countdown(int n, Emitter<Integer> out) {
 *     while (n > 0) {
 *         await(out.emit(n));          // suspends until the consumer asks for the next value
 *         await(sleep(500));
 *         n--;
 *     }
 *     return Task.done();
 * }
 *
 * @Async Task<Void> main() {
 *     AsyncGenerator<Integer> it = AsyncGenerator.of(out -> countdown(5, out));
 *     try {
 *         while (await(it.hasNext())) {
 *             System.out.println(it.next());
 *         }
 *     } finally {
 *         await(it.close());           // breaking out early runs the producer's finally blocks
 *     }
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>The producer starts at the first {@link #hasNext()}. Its exception surfaces at the consumer's
 * {@code hasNext()}; {@link #throwInto} raises an exception at the producer's pending emit;
 * {@link #send} hands a value to it ({@code asend});
 * {@link #close()} raises {@link GeneratorClosedException} there and completes when the producer
 * has finished. A consumer cancelled while waiting in {@code hasNext()} or {@code send} cancels
 * the producer, and its task ends once the producer has unwound (as in asyncio, where the
 * generator runs inside the consumer's task). {@link Weft#run} closes the generators still
 * suspended at an emit when its main task has ended (asyncio's {@code shutdown_asyncgens}).
 * Loop-confined.
 *
 * @param <T> the type of the values
 */
public interface AsyncGenerator<T> extends AsyncIterator<T>, AsyncCloseable {
    /**
     * A generator whose values {@code producer} emits; the producer is typically an {@link Async}
     * method or lambda that takes the {@link Emitter}.
     *
     * @param <T> the type of the emitted values
     * @param producer called once, on the first request for a value, with the emitter to emit through
     * @return a generator that has not started
     */
    static <T> AsyncGenerator<T> of(Function<? super Emitter<T>, ? extends Task<?>> producer) {
        return new GeneratorImpl<>(Objects.requireNonNull(producer, "producer"));
    }

    /**
     * Sends {@code value} into the generator (asyncio {@code asend}): the producer's pending
     * {@link Emitter#emit} returns it, and the producer goes on to its next emit. Completes like
     * {@link #hasNext()}: true when the producer emitted another value (take it with
     * {@link #next()}), false when it finished; fails with the producer's exception. A value emitted
     * but not yet taken is dropped. {@code send(null)} is {@code hasNext()} that always advances,
     * and starts a generator that has not started; a non-null value cannot start one.
     *
     * <pre>{@code
     * AsyncGenerator<Integer> totals = AsyncGenerator.of(out -> runningTotal(out));
     * await(totals.send(null));             // start: runs to the first emit
     * await(totals.send(5));                // emit returns 5 in the producer
     * int t = totals.next();                // 5
     * }</pre>
     *
     * <p><b>Cancellation:</b> cancelling the consumer while it waits in {@code send} cancels the
     * producer where it is suspended; the send task ends when the producer has unwound, with the
     * producer's outcome (cancelled, unless the producer swallowed the cancellation).
     *
     * @param value what the producer's pending emit returns; null to start or just advance
     * @return a task with true when the producer emitted another value, false when it finished
     * @throws IllegalStateException (in the task) if the producer is running, or for a non-null
     *         value to a generator that has not started
     */
    Task<Boolean> send(Object value);

    /**
     * Raises {@code exception} at the producer's pending emit (asyncio {@code athrow}) and completes
     * like {@link #hasNext()}: true if the producer handled it and emitted another value, false if
     * it finished, failed with whatever the producer let out. On a generator that has not started
     * or has finished it fails with {@code exception} at once, and the generator is finished.
     *
     * @param exception what the producer's pending emit throws
     * @return a task with true when the producer emitted another value, false when it finished
     * @throws IllegalStateException (in the task) if the producer is running
     */
    Task<Boolean> throwInto(Throwable exception);

    /**
     * Closes the generator (asyncio {@code aclose}): raises {@link GeneratorClosedException} at the
     * producer's pending emit and completes when the producer has finished; at once if it never
     * started or already finished. Fails with what the producer's finally blocks threw, if anything,
     * and with {@link IllegalStateException} if the producer caught the exception and emitted again.
     * Closing twice is harmless.
     */
    @Override
    Task<Void> close();
}
