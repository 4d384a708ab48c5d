package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.waitFor;
import static dev.weft.runtime.Turns.turns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a datagram endpoint's errors and misuses look like. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramErrorsTest extends DatagramTestSupport {

    /** The failure of {@code task}, as its class and message. */
    @Async
    private static Task<String> failure(Task<?> task) {
        try {
            await(task, IOException.class);
            return Task.of("completed");
        } catch (IOException e) {
            return Task.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * A connected endpoint sends where nothing listens: the ICMP error fails the receive waiting
     * (asyncio's error_received), the endpoint stays open, and works once something listens there.
     */
    @Test
    void portUnreachableFailsTheWaitingReceiveAndTheEndpointStaysOpen() {
        InetSocketAddress nobody = freeUdpPort();
        List<String> log = Weft.run(() -> {
            DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults().withRemoteAddress(nobody)));
            List<String> out = new ArrayList<>();
            Task<Datagram> waiting = client.receive();
            client.send(ascii("anyone?"));
            out.add(await(failure(waitFor(waiting, Duration.ofSeconds(5)))));
            assertFalse(client.isClosing());
            client.send(ascii("still nobody?")); // the error reaches the next receive too
            out.add(await(failure(waitFor(client.receive(), Duration.ofSeconds(5)))));
            DatagramEndpoint server = await(Datagrams.open(DatagramOptions.defaults().withLocalAddress(nobody)));
            client.send(ascii("hello"));
            Datagram d = await(server.receive());
            server.send(ascii("here"), d.sender());
            out.add(ascii(await(client.receive()).data()));
            await(server.close());
            await(client.close());
            return Task.of(out);
        });
        String unreachable = "PortUnreachableException: nothing listens at " + nobody + " (ICMP port unreachable)";
        assertEquals(List.of(unreachable, unreachable, "here"), log);
    }

    @Test
    void closeFailsTheWaitingReceiveAndLaterCallsSayClosed() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(onLoopback()));
            SocketAddress local = e.localAddress();
            List<String> out = new ArrayList<>();
            Task<Datagram> waiting = createTask(() -> e.receive());
            await(turns(2));
            assertFalse(e.isClosing());
            await(e.close());
            assertTrue(e.isClosing());
            out.add(await(failure(waiting)));
            out.add(await(failure(e.receive())));
            out.add(await(failure(e.drain())));
            IllegalStateException send = assertThrows(IllegalStateException.class, () -> e.send(ascii("x"), local));
            out.add(send.getMessage());
            assertThrows(ClosedChannelException.class, () -> e.joinGroup(java.net.InetAddress.getByName("239.255.0.1"),
                    java.net.NetworkInterface.getByIndex(1)));
            await(e.close()); // a second close does nothing
            assertEquals(local, e.localAddress()); // still known once closed
            // the port is free at once: the loop released the socket when it was closed
            DatagramEndpoint again = await(Datagrams.open(DatagramOptions.defaults().withLocalAddress((InetSocketAddress) local)));
            await(again.close());
            return Task.of(out);
        });
        assertEquals(List.of("EndpointClosedException: the datagram endpoint was closed while this operation waited",
                "ClosedChannelException: null", "ClosedChannelException: null", "send on a closed datagram endpoint"), log);
    }

    @Test
    void aReceiveWaitingAtCloseGetsAnAsynchronousCloseException() {
        Throwable e = Weft.run(() -> {
            DatagramEndpoint d = await(Datagrams.open(onLoopback()));
            Task<Datagram> waiting = d.receive();
            await(d.close());
            return Task.of(waiting.exception());
        });
        assertTrue(e instanceof AsynchronousCloseException, String.valueOf(e));
    }

    @Test
    void badTargetsAreRefusedAtTheCall() {
        AtomicReference<SocketAddress> server = new AtomicReference<>();
        InetSocketAddress v6 = new InetSocketAddress("::1", 9); // a literal: nothing resolved
        List<String> log = Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(onLoopback()));
            server.set(e.localAddress());
            DatagramEndpoint connected = await(Datagrams.open(DatagramOptions.defaults()
                    .withRemoteAddress((InetSocketAddress) e.localAddress())));
            List<String> out = new ArrayList<>();
            out.add(message(() -> e.send(ascii("x"), null)));
            out.add(message(() -> e.send((byte[]) null, e.localAddress())));
            out.add(message(() -> e.send(ascii("x"), InetSocketAddress.createUnresolved("example.invalid", 9))));
            out.add(message(() -> e.send(ascii("x"), UnixDomainSocketAddress.of("/tmp/x.sock"))));
            out.add(message(() -> e.send(ascii("x"))));
            out.add(message(() -> connected.send(ascii("x"), new InetSocketAddress(LOOPBACK, 9))));
            out.add(message(() -> e.send(ascii("x"), v6)));
            await(connected.close());
            await(e.close());
            return Task.of(out);
        });
        assertEquals(List.of(
                "NullPointerException: target",
                "NullPointerException: data",
                "IllegalArgumentException: unresolved address example.invalid/<unresolved>:9: resolve the host name first",
                "IllegalArgumentException: not an IP socket address: /tmp/x.sock",
                "IllegalStateException: send(data) needs a connected endpoint (DatagramOptions.withRemoteAddress): give the"
                        + " target, send(data, target)",
                "IllegalArgumentException: the endpoint is connected to " + server.get()
                        + ": it sends there only, not to " + new InetSocketAddress(LOOPBACK, 9),
                "IllegalArgumentException: an IPv4 endpoint cannot send to " + v6
                        + " (DatagramOptions.withFamily(INET6) opens one for both)"), log);
    }

    /** Before: an UnsupportedAddressTypeException without a message. */
    @Test
    void anIpv4EndpointConnectingToAnIpv6PeerSaysSo() {
        InetSocketAddress v6 = new InetSocketAddress("::1", 9);
        String got = Weft.run(() -> {
            try {
                await(Datagrams.open(DatagramOptions.defaults().withLocalAddress(new InetSocketAddress(LOOPBACK, 0))
                        .withRemoteAddress(v6)));
                return Task.of("connected");
            } catch (IllegalArgumentException e) {
                return Task.of(e.getMessage().replaceAll(":[0-9]+ cannot", ":PORT cannot"));
            }
        });
        assertEquals("an endpoint bound to /127.0.0.1:PORT cannot connect to " + v6
                + ": an IPv4 socket reaches IPv4 addresses only", got);
    }

    private static String message(Runnable call) {
        try {
            call.run();
            return "no exception";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void badOptionsAreRefusedAtTheCall() {
        DatagramOptions d = DatagramOptions.defaults();
        assertEquals("receive buffer size must be positive: 0",
                assertThrows(IllegalArgumentException.class, () -> d.withReceiveBufferSize(0)).getMessage());
        assertEquals("send buffer limit must be positive: -1",
                assertThrows(IllegalArgumentException.class, () -> d.withSendBufferLimit(-1)).getMessage());
        assertEquals("a datagram endpoint is INET or INET6, not UNIX",
                assertThrows(IllegalArgumentException.class, () -> d.withFamily(StandardProtocolFamily.UNIX)).getMessage());
        assertEquals("unresolved address localhost/<unresolved>:9: resolve the host name first",
                assertThrows(IllegalArgumentException.class,
                        () -> d.withRemoteAddress(InetSocketAddress.createUnresolved("localhost", 9))).getMessage());
        assertThrows(NullPointerException.class, () -> d.withLocalAddress(null));
        assertEquals("DatagramOptions[localAddress=null, remoteAddress=null, broadcast=false, reuseAddress=false,"
                + " receiveBufferSize=0, sendBufferLimit=16777216, family=null]", d.toString());
    }

    @Test
    void aPortInUseFailsTheOpenWithBindException() {
        String got = Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(onLoopback()));
            String f = await(failure(Datagrams.open(DatagramOptions.defaults()
                    .withLocalAddress((InetSocketAddress) e.localAddress()))));
            await(e.close());
            return Task.of(f);
        });
        assertTrue(got.startsWith("BindException: "), got);
    }

    @Test
    void openOutsideALoopAndUseFromAnotherThreadAreRefused() {
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> Datagrams.open(DatagramOptions.defaults()));
        assertEquals("Datagrams.open needs a running event loop: call it from code run by Weft.run", outside.getMessage());
        AtomicReference<Throwable> offLoop = new AtomicReference<>();
        Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(onLoopback()));
            await(Weft.toThread(() -> {
                try {
                    e.receive();
                } catch (IllegalStateException x) {
                    offLoop.set(x);
                }
                return null;
            }));
            return e.close();
        });
        assertEquals("a datagram endpoint belongs to the event loop it was opened on: use it from that loop's tasks",
                offLoop.get().getMessage());
    }

    /** An endpoint left open is closed by the end of its run: its port is free again. */
    @Test
    void theEndOfTheRunClosesAnEndpointLeftOpen() {
        AtomicReference<DatagramEndpoint> left = new AtomicReference<>();
        InetSocketAddress at = Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(onLoopback()));
            left.set(e);
            Task<Datagram> waiting = e.receive(); // still waiting at the end
            assertFalse(waiting.isDone());
            return Task.of((InetSocketAddress) e.localAddress());
        });
        assertTrue(left.get().isClosing());
        InetSocketAddress again = Weft.run(() -> {
            DatagramEndpoint e = await(Datagrams.open(DatagramOptions.defaults().withLocalAddress(at)));
            await(e.close());
            return Task.of((InetSocketAddress) e.localAddress());
        });
        assertEquals(at, again);
        assertSame(null, left.get().remoteAddress());
    }
}
