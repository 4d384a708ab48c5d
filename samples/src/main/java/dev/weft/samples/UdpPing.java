package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.waitFor;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * asyncio's "UDP Echo Server" and "UDP Echo Client" turned into a ping server and a client on
 * 127.0.0.1: the client, connected to the server, sends three pings and awaits each pong; then the
 * server closes, and the fourth ping meets the ICMP error (asyncio's {@code error_received}). Both
 * print only what does not depend on the ports. Its Python twin,
 * {@code samples/src/test/resources/python/udp_ping.py}, prints the same lines in the same order
 * ({@code PythonTwinsTest}).
 */
public final class UdpPing {
    // the server: asyncio's datagram_received, as a loop of receives
    @Async
    static Task<Void> serve(DatagramEndpoint server) {
        while (true) {
            Datagram d;
            try {
                d = await(server.receive(), IOException.class);
            } catch (AsynchronousCloseException e) {
                return Task.done();                  // the server was closed while it waited
            } catch (IOException e) {
                continue;                            // as asyncio's default error_received: ignored
            }
            String message = new String(d.data(), StandardCharsets.UTF_8);
            String host = ((InetSocketAddress) d.sender()).getAddress().getHostAddress();
            System.out.println("Received " + repr(message) + " from " + repr(host));
            String reply = message.replace("ping", "pong");
            System.out.println("Send " + repr(reply) + " to " + repr(host));
            server.send(reply.getBytes(StandardCharsets.UTF_8), d.sender());
        }
    }

    @Async
    static Task<Void> ping(DatagramEndpoint client, String message) {
        System.out.println("Send: " + repr(message));
        client.send(message.getBytes(StandardCharsets.UTF_8));
        try {
            Datagram reply = await(waitFor(client.receive(), Duration.ofSeconds(5)), IOException.class);
            System.out.println("Received: " + repr(new String(reply.data(), StandardCharsets.UTF_8)));
        } catch (PortUnreachableException e) {   // asyncio: error_received(ConnectionRefusedError)
            System.out.println("No reply: the port is unreachable");
        } catch (IOException e) {
            System.out.println("No reply: " + e.getMessage());
        }
        return Task.done();
    }

    @Async
    static Task<Void> main() {
        DatagramEndpoint server = await(Datagrams.open(DatagramOptions.defaults()
                .withLocalAddress(new InetSocketAddress("127.0.0.1", 0))));
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        System.out.println("Serving on " + address.getAddress().getHostAddress());
        Task<Void> serving = createTask(() -> serve(server));

        DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults().withRemoteAddress(address)));
        for (int i = 1; i <= 3; i++) {
            await(ping(client, "ping " + i));
        }

        System.out.println("Close the server");
        await(server.close());                   // the serving task's receive ends
        await(serving);
        await(ping(client, "ping 4"));

        System.out.println("Close the client");
        return client.close();
    }

    /** Python's repr of a str without quotes or backslashes in it. */
    private static String repr(String s) {
        return "'" + s + "'";
    }

    public static void main(String[] args) {
        Weft.run(UdpPing::main);
    }
}
