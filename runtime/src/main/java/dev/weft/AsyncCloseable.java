package dev.weft;

/**
 * A resource whose release is itself asynchronous (the seed's {@code AsyncResource}, asyncio's
 * {@code __aexit__}): closing it returns a task to await.
 *
 * <p>Java's try-with-resources cannot await, so use {@link Weft#using}, which closes the resource
 * on every path (success, failure, cancellation) and awaits the close:
 *
 * <pre>{@code
 * String page = await(using(await(Connection.open(host)), c -> c.fetch("/")));
 * }</pre>
 *
 * or, equivalently, an explicit {@code finally}:
 *
 * <pre>{@code
 * Connection c = await(Connection.open(host));
 * try {
 *     page = await(c.fetch("/"));
 * } finally {
 *     await(c.close());
 * }
 * }</pre>
 */
public interface AsyncCloseable {
    /**
     * Releases the resource. Implementations should make a second close harmless; an
     * {@link Async} method is a natural implementation.
     *
     * @return a task that completes when the resource is released
     */
    Task<Void> close();
}
