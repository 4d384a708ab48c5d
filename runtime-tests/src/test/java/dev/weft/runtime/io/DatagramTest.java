package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.toThread;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Datagram endpoints on loopback: ping-pong, addresses, connected endpoints, bursts, sizes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramTest extends DatagramTestSupport {

    @Test
    void pingPongBetweenTwoEndpointsWithExactSenders() {
        List<String> log = Weft.run(() -> pingPong(onLoopback(), onLoopback(), 3));
        assertEquals(List.of("server got ping 0", "client got pong 0", "server got ping 1", "client got pong 1",
                "server got ping 2", "client got pong 2"), log);
    }

    @Async
    private static Task<List<String>> pingPong(DatagramOptions serverOptions, DatagramOptions clientOptions, int rounds) {
        DatagramEndpoint server = await(Datagrams.open(serverOptions));
        DatagramEndpoint client = await(Datagrams.open(clientOptions));
        List<String> log = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            client.send(ascii("ping " + i), server.localAddress());
            Datagram ping = await(server.receive());
            assertEquals(client.localAddress(), ping.sender());   // the port and address the client is bound to
            log.add("server got " + ascii(ping.data()));
            server.send(ascii("pong " + i), ping.sender());
            Datagram pong = await(client.receive());
            assertEquals(server.localAddress(), pong.sender());
            log.add("client got " + ascii(pong.data()));
        }
        await(client.close());
        await(server.close());
        return Task.of(log);
    }

    @Test
    void anEndpointBoundToNothingGetsTheWildcardAddressAndAPort() {
        String got = Weft.run(() -> {
            DatagramEndpoint any = await(Datagrams.open(DatagramOptions.defaults()));
            DatagramEndpoint client = await(Datagrams.open(onLoopback()));
            InetSocketAddress local = (InetSocketAddress) any.localAddress();
            assertTrue(local.getAddress().isAnyLocalAddress(), local.toString());
            assertNotEquals(0, local.getPort());
            assertNull(any.remoteAddress());
            client.send(ascii("hi"), new InetSocketAddress(LOOPBACK, local.getPort()));
            Datagram d = await(any.receive());
            assertEquals(client.localAddress(), d.sender());
            await(client.close());
            await(any.close());
            return Task.of(ascii(d.data()));
        });
        assertEquals("hi", got);
    }

    /** A connected endpoint sends with send(data), and receives its peer's datagrams only. */
    @Test
    void aConnectedEndpointTalksToItsPeerOnly() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint server = await(Datagrams.open(onLoopback()));
            DatagramEndpoint stranger = await(Datagrams.open(onLoopback()));
            DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults()
                    .withRemoteAddress((InetSocketAddress) server.localAddress())));
            List<String> out = new ArrayList<>();
            assertEquals(server.localAddress(), client.remoteAddress());
            InetSocketAddress local = (InetSocketAddress) client.localAddress();
            assertEquals(LOOPBACK, local.getAddress()); // connecting chose the address that reaches the peer
            client.send(ascii("hello"));
            Datagram d = await(server.receive());
            assertEquals(client.localAddress(), d.sender());
            out.add(ascii(d.data()));
            stranger.send(ascii("from a stranger"), client.localAddress()); // filtered out by the system
            server.send(ascii("reply"), d.sender());
            Datagram r = await(client.receive());
            assertEquals(server.localAddress(), r.sender());
            out.add(ascii(r.data()));
            client.send(ascii("again"), server.localAddress()); // its peer, named: allowed
            out.add(ascii(await(server.receive()).data()));
            await(client.close());
            await(stranger.close());
            await(server.close());
            return Task.of(out);
        });
        assertEquals(List.of("hello", "reply", "again"), log);
    }

    /**
     * An empty datagram: sent by an endpoint not connected; refused by a connected one, whose JDK
     * channel sends nothing for it (before, it was taken as sent and never arrived: the peer got
     * "x" first). asyncio's connected transport sends it.
     */
    @Test
    void anEmptyDatagramIsSentUnconnectedAndRefusedConnected() {
        List<String> got = Weft.run(() -> {
            DatagramEndpoint server = await(Datagrams.open(onLoopback()));
            DatagramEndpoint loose = await(Datagrams.open(onLoopback()));
            DatagramEndpoint client = await(Datagrams.open(DatagramOptions.defaults()
                    .withRemoteAddress((InetSocketAddress) server.localAddress())));
            List<String> out = new ArrayList<>();
            out.add(assertThrows(IllegalArgumentException.class, () -> client.send(new byte[0])).getMessage());
            out.add(assertThrows(IllegalArgumentException.class,
                    () -> client.send(ByteBuffer.allocate(0), server.localAddress())).getMessage());
            loose.send(new byte[0], server.localAddress());
            client.send(ascii("x"));
            for (int i = 0; i < 2; i++) {
                out.add(String.valueOf(await(server.receive()).data().length));
            }
            await(client.close());
            await(loose.close());
            await(server.close());
            return Task.of(out);
        });
        String refused = "a connected datagram endpoint cannot send an empty datagram (the JDK's connected channel sends"
                + " nothing for one); an endpoint not connected can";
        assertEquals(List.of(refused, refused, "0", "1"), got);
    }

    @Test
    void datagramsKeepTheirBoundariesAndSizesUpToTheMaximum() {
        List<Integer> sizes = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback().withReceiveBufferSize(1 << 20)));
            List<Integer> out = new ArrayList<>();
            int[] lengths = {0, 1, 1400, 9000, 65_507};
            for (int n : lengths) {
                byte[] data = new byte[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (byte) (i * 31 + n);
                }
                a.send(data, b.localAddress());
                Datagram d = await(b.receive());
                assertArrayEquals(data, d.data());
                out.add(d.data().length);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> a.send(new byte[65_508], b.localAddress()));
            assertEquals("a datagram holds at most 65507 bytes, not 65508", e.getMessage());
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of(0, 1, 1400, 9000, 65_507), sizes);
    }

    @Test
    void byteBuffersAreSentFromTheirPositionToTheirLimit() {
        List<String> got = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(onLoopback()));
            DatagramEndpoint b = await(Datagrams.open(onLoopback()));
            ByteBuffer heap = ByteBuffer.wrap(ascii("xxheapyy"));
            heap.position(2).limit(6);
            a.send(heap, b.localAddress());
            assertEquals(6, heap.position());
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put(ascii("direct")).flip();
            a.send(direct, b.localAddress());
            assertFalse(direct.hasRemaining());
            List<String> out = new ArrayList<>();
            out.add(ascii(await(b.receive()).data()));
            out.add(ascii(await(b.receive()).data()));
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("heap", "direct"), got);
    }

    @Test
    void aDatagramIsAValue() {
        SocketAddress from = new InetSocketAddress(LOOPBACK, 5000);
        byte[] bytes = ascii("abc");
        Datagram d = new Datagram(bytes, from);
        bytes[0] = 'x'; // copied
        assertEquals(new Datagram(ascii("abc"), new InetSocketAddress(LOOPBACK, 5000)), d);
        assertEquals(new Datagram(ascii("abc"), from).hashCode(), d.hashCode());
        assertNotEquals(new Datagram(ascii("abd"), from), d);
        assertNotEquals(new Datagram(ascii("abc"), new InetSocketAddress(LOOPBACK, 5001)), d);
        assertEquals("Datagram[3 bytes from " + from + "]", d.toString());
        assertThrows(NullPointerException.class, () -> new Datagram(null, from));
        assertThrows(NullPointerException.class, () -> new Datagram(bytes, null));
    }

    // ---- bursts -------------------------------------------------------------------------------

    private static final int BURST = 2_000;
    private static final int SIZE = 1_400;

    private static byte[] numbered(int seq) {
        byte[] b = new byte[SIZE];
        ByteBuffer.wrap(b).putInt(seq);
        b[SIZE - 1] = (byte) seq;
        return b;
    }

    /**
     * What arrived of a burst, in order: the sequence numbers strictly increase (no datagram twice,
     * none out of order), each datagram whole.
     */
    private static List<Integer> checkedSequence(List<byte[]> received) {
        List<Integer> seqs = new ArrayList<>();
        int last = -1;
        for (byte[] b : received) {
            assertEquals(SIZE, b.length);
            int seq = ByteBuffer.wrap(b).getInt();
            assertTrue(seq > last && seq < BURST, "datagram " + seq + " after " + last);
            assertEquals((byte) seq, b[SIZE - 1]);
            last = seq;
            seqs.add(seq);
        }
        return seqs;
    }

    /** Receives until nothing comes for {@code quiet}: what arrived. */
    @Async
    private static Task<List<byte[]>> receiveUntilQuiet(DatagramEndpoint e, Task<?> sending, Duration quiet) {
        List<byte[]> got = new ArrayList<>();
        while (true) {
            try {
                got.add(await(waitFor(e.receive(), quiet)).data());
            } catch (AsyncTimeoutException timedOut) {
                if (sending.isDone()) {
                    return Task.of(got);
                }
            }
        }
    }

    /**
     * 2,000 datagrams of 1,400 bytes sent in one step into a receive buffer of a few KiB: most are
     * dropped by the system, those that arrived are received in order, and the receiving ends.
     */
    @Test
    void aBurstLargerThanTheReceiveBufferLosesDatagramsButNeverHangs() {
        int[] counts = Weft.run(() -> {
            DatagramEndpoint sender = await(Datagrams.open(onLoopback()));
            DatagramEndpoint receiver = await(Datagrams.open(onLoopback().withReceiveBufferSize(16 * 1024)));
            for (int i = 0; i < BURST; i++) {
                sender.send(numbered(i), receiver.localAddress());
            }
            assertEquals(0, sender.sendBufferSize()); // loopback takes every datagram at once
            List<byte[]> got = await(receiveUntilQuiet(receiver, Task.done(), Duration.ofMillis(300)));
            await(sender.close());
            await(receiver.close());
            List<Integer> seqs = checkedSequence(got);
            return Task.of(new int[] {seqs.size(), BURST - seqs.size()});
        });
        int received = counts[0];
        int lost = counts[1];
        assertEquals(BURST, received + lost);
        assertTrue(received > 0, "nothing received");
        assertTrue(lost > 0, "a receive buffer of 16 KiB held all of " + BURST * SIZE + " bytes?");
    }

    /** The same burst from another thread while the loop receives: in order, whatever is lost. */
    @Test
    void aBurstFromAnotherThreadArrivesInOrder() {
        int[] counts = Weft.run(() -> {
            DatagramEndpoint receiver = await(Datagrams.open(onLoopback().withReceiveBufferSize(16 * 1024)));
            SocketAddress to = receiver.localAddress();
            Task<Integer> sending = toThread(() -> {
                try (DatagramChannel c = DatagramChannel.open()) {
                    for (int i = 0; i < BURST; i++) {
                        c.send(ByteBuffer.wrap(numbered(i)), to);
                    }
                }
                return BURST;
            });
            List<byte[]> got = await(receiveUntilQuiet(receiver, sending, Duration.ofMillis(300)));
            int sent = await(sending);
            await(receiver.close());
            return Task.of(new int[] {sent, checkedSequence(got).size()});
        });
        assertEquals(BURST, counts[0]);
        assertTrue(counts[1] > 0 && counts[1] <= BURST, counts[1] + " received");
    }

    /**
     * A receive loop over datagrams that are all there already lets the loop's other tasks run
     * now and then: a receive takes at most 16 at once per poll of the selector, then waits for
     * the next poll, as the loop reads at most so many per readiness.
     */
    @Test
    void aReceiveLoopOverAFullBufferLetsOtherTasksRun() {
        List<Integer> ticksSeen = Weft.run(() -> {
            DatagramEndpoint sender = await(Datagrams.open(onLoopback()));
            DatagramEndpoint receiver = await(Datagrams.open(onLoopback().withReceiveBufferSize(1 << 20)));
            for (int i = 0; i < 100; i++) {
                sender.send(numbered(i), receiver.localAddress());
            }
            int[] ticks = {0};
            Task<Void> ticker = Weft.createTask(() -> tick(ticks));
            await(dev.weft.runtime.Turns.turns(1));
            int before = ticks[0];
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                got.add(await(receiver.receive()).data());
            }
            int during = ticks[0] - before;
            ticker.cancel();
            checkedSequence(got);
            await(sender.close());
            await(receiver.close());
            return Task.of(List.of(got.size(), during));
        });
        assertEquals(100, ticksSeen.get(0));
        assertTrue(ticksSeen.get(1) >= 100 / 16 - 1, "the ticker ran " + ticksSeen.get(1) + " times while 100 were received");
    }

    @Async
    private static Task<Void> tick(int[] ticks) {
        while (true) {
            await(Weft.sleep(0));
            ticks[0]++;
        }
    }

    // ---- IPv6 ---------------------------------------------------------------------------------

    @Test
    void pingPongOnIpv6Loopback() throws Exception {
        assumeIpv6();
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramOptions options = DatagramOptions.defaults().withLocalAddress(new InetSocketAddress(v6, 0));
        assertEquals(List.of("server got ping 0", "client got pong 0"), Weft.run(() -> pingPong(options, options, 1)));
    }

    /** IPv6's length field does not count its header: 65,527 bytes go (asyncio sends them on ::1); before, refused over 65,507. */
    @Test
    void anIpv6DatagramHoldsUpTo65527Bytes() throws Exception {
        assumeIpv6();
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramOptions options = DatagramOptions.defaults().withLocalAddress(new InetSocketAddress(v6, 0));
        List<String> got = Weft.run(() -> {
            DatagramEndpoint a = await(Datagrams.open(options));
            DatagramEndpoint b = await(Datagrams.open(options.withReceiveBufferSize(1 << 20)));
            List<String> out = new ArrayList<>();
            byte[] data = new byte[65_527];
            data[65_526] = 7;
            a.send(data, b.localAddress());
            Datagram d = await(b.receive());
            out.add(d.data().length + " " + d.data()[65_526]);
            out.add(assertThrows(IllegalArgumentException.class, () -> a.send(new byte[65_528], b.localAddress())).getMessage());
            await(a.close());
            await(b.close());
            return Task.of(out);
        });
        assertEquals(List.of("65527 7", "a datagram holds at most 65527 bytes, not 65528 (over IPv6)"), got);
    }
}
