package dev.weft.io;

import dev.weft.Task;

/**
 * What a {@link Server} runs for each connection it accepts (asyncio's {@code client_connected_cb}),
 * as a task of its own: usually a reference to an {@code @Async} method.
 *
 * <pre>{@code
 * @Async
 * static Task<Void> echo(StreamReader reader, StreamWriter writer) {
 *     byte[] data;
 *     while ((data = await(reader.read(4096))).length > 0) {
 *         writer.write(data);
 *         await(writer.drain());
 *     }
 *     return Task.done();
 * }
 *
 * Server server = await(Streams.startServer(Echo::echo, "127.0.0.1", 8888));
 * }</pre>
 *
 * <p>When the handler's task ends, the connection is closed (after what was written is sent); a
 * failure other than a cancellation is reported to the loop's {@link dev.weft.Reporter}.
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Serves one connection.
     *
     * @param reader the connection's reading side
     * @param writer the connection's writing side
     * @return the task serving it
     * @throws Exception a failure of the handler, reported as its task's
     */
    Task<?> handle(StreamReader reader, StreamWriter writer) throws Exception;
}
