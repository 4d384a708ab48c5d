package dev.weft;

/**
 * What an async generator's producer emits its values to (asyncio's {@code yield} inside an
 * {@code async def}; {@code yield} is a restricted word in Java).
 *
 * @param <T> the type of the values
 * @see AsyncGenerator
 */
public interface Emitter<T> {
    /**
     * Hands {@code value} to the consumer and completes when the consumer asks for the next one;
     * await it before emitting again. The task's result is what the consumer sent with
     * {@link AsyncGenerator#send} (asyncio's {@code asend}: the value of the {@code yield}
     * expression), or null when it asked with {@code hasNext()}; its type is the caller's to choose,
     * as the consumer's {@code send} decides what it really is. If the consumer closes the generator
     * instead, the task fails with {@link GeneratorClosedException} (let it propagate:
     * {@code finally} blocks run); if it throws into the generator, with the consumer's exception.
     *
     * <pre>{@code
     * @Async Task<Void> runningTotal(Emitter<Integer> out) {
     *     int total = 0;
     *     for (;;) {
     *         Integer n = await(out.emit(total));   // null after hasNext(), n after send(n)
     *         total += n == null ? 0 : n;
     *     }
     * }
     * }</pre>
     *
     * @param <S> the type of the values the consumer sends
     * @param value the value for the consumer
     * @return a task with what the consumer sent, once it asks for the next value
     */
    <S> Task<S> emit(T value);
}
