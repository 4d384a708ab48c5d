package dev.weft.runtime.readme;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's datagram snippet, verbatim, run on loopback. ReadmeSnippetsTest keeps it in step. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadmeDatagramExamplesTest {
    static final class Ping {
        @Async static Task<Void> pong(DatagramEndpoint server) {        // answers one ping
            Datagram ping = await(server.receive());                      // bytes + the sender's address
            server.send("pong".getBytes(StandardCharsets.UTF_8), ping.sender());
            return Task.done();
        }

        @Async static Task<String> ping() {
            DatagramEndpoint server = await(Datagrams.open(DatagramOptions.defaults()
                    .withLocalAddress(new InetSocketAddress("127.0.0.1", 0))));
            Task<Void> answering = createTask(() -> pong(server));
            DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults()
                    .withRemoteAddress((InetSocketAddress) server.localAddress())));   // connected
            client.send("ping".getBytes(StandardCharsets.UTF_8));
            Datagram reply = await(waitFor(client.receive(), Duration.ofSeconds(1)));   // UDP may lose it
            await(answering);
            await(client.close());
            await(server.close());
            return Task.of(new String(reply.data(), StandardCharsets.UTF_8));             // "pong"
        }
    }

    @Test
    void ping() {
        assertEquals("pong", Weft.run(Ping::ping));
    }
}
