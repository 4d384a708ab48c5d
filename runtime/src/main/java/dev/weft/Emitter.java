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
     * await it before emitting again. If the consumer closes the generator instead, the task fails
     * with {@link GeneratorClosedException} (let it propagate: {@code finally} blocks run); if it
     * throws into the generator, with the consumer's exception.
     */
    Task<Void> emit(T value);
}
