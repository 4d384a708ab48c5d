package dev.weft;

/**
 * A sequence whose next value may not be there yet (the consumer side of asyncio's
 * {@code async for}): ask with {@link #hasNext()}, await the answer, then take the value with
 * {@link #next()}.
 *
 * <pre>{@code
 * while (await(it.hasNext())) {
 *     int v = it.next();
 *     System.out.println(v);
 * }
 * }</pre>
 *
 * @param <T> the type of the values
 */
public interface AsyncIterator<T> {
    /**
     * Completes with true when a value is ready for {@link #next()}, with false when there are no
     * more. Asking again before {@code next()} took the value does not advance. If the sequence
     * ends with an exception, this task fails with it.
     *
     * @return a task with true when a value is ready, false when there are no more
     */
    Task<Boolean> hasNext();

    /**
     * The value {@link #hasNext()} announced; once per true answer.
     *
     * @return the value announced by the last {@code hasNext()}
     * @throws java.util.NoSuchElementException if no value is ready
     */
    T next();
}
