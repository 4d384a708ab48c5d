package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.util.Objects;

/**
 * UDP endpoints on the event loop (asyncio's {@code create_datagram_endpoint}).
 *
 * <pre>{@code
 * @Async
 * static Task<Void> ping(InetSocketAddress server) {
 *     DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults().withRemoteAddress(server)));
 *     client.send("ping".getBytes(StandardCharsets.UTF_8));
 *     Datagram reply = await(waitFor(client.receive(), Duration.ofSeconds(1)));
 *     System.out.println(new String(reply.data(), StandardCharsets.UTF_8));
 *     return client.close();
 * }
 * }</pre>
 */
public final class Datagrams {
    private Datagrams() {
    }

    /**
     * Opens a UDP socket: binds it to the options' local address (by default the wildcard address
     * on a port the system chooses), connects it to their remote address if they have one, and
     * registers it with the loop. Nothing here waits: addresses are literal (resolved) ones.
     *
     * @param options the addresses, broadcast, address reuse, buffer sizes and family
     * @return a task with the endpoint; it fails with the JDK's exceptions
     *     ({@link java.net.BindException} if the address is in use, say)
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static Task<DatagramEndpoint> open(DatagramOptions options) {
        Objects.requireNonNull(options, "options");
        LoopSelector selector = LoopSelector.current("Datagrams.open");
        try {
            return Task.of(DatagramEndpoint.open(selector, options, DatagramIo.SYSTEM));
        } catch (IOException | RuntimeException e) {
            return Task.failed(e); // at the await, as asyncio's
        }
    }
}
