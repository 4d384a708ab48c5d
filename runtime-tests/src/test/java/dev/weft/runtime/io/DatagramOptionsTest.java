package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Datagram;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Broadcast, multicast and address reuse, on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramOptionsTest extends DatagramTestSupport {
    /** Linux routes 127.255.255.255 as the broadcast address of lo (table local): a broadcast that stays on the machine. */
    private static final String LOOPBACK_BROADCAST = "127.255.255.255";

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
     * Without SO_BROADCAST the system refuses a datagram to a broadcast address (the failure is the
     * next receive's, as asyncio's error_received); with withBroadcast(true) it goes out and
     * reaches an endpoint bound to the wildcard address.
     */
    @Test
    void broadcastNeedsTheBroadcastOption() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "the loopback broadcast address 127.255.255.255 is Linux's");
        InetAddress broadcast = InetAddress.getByName(LOOPBACK_BROADCAST);
        List<String> log = Weft.run(() -> {
            DatagramEndpoint receiver = await(Datagrams.open(DatagramOptions.defaults()
                    .withLocalAddress(new InetSocketAddress("0.0.0.0", 0))));
            int port = ((InetSocketAddress) receiver.localAddress()).getPort();
            InetSocketAddress everyone = new InetSocketAddress(broadcast, port);
            DatagramEndpoint plain = await(Datagrams.open(onLoopback()));
            DatagramEndpoint broadcaster = await(Datagrams.open(onLoopback().withBroadcast(true)));
            List<String> out = new ArrayList<>();
            out.add("SO_BROADCAST " + option(plain, StandardSocketOptions.SO_BROADCAST) + ", "
                    + option(broadcaster, StandardSocketOptions.SO_BROADCAST));
            plain.send(ascii("refused"), everyone);
            out.add(await(failure(plain.receive())));
            broadcaster.send(ascii("to everyone"), everyone);
            Datagram d = await(waitFor(receiver.receive(), Duration.ofSeconds(5)));
            assertEquals(broadcaster.localAddress(), d.sender());
            out.add(ascii(d.data()));
            await(plain.close());
            await(broadcaster.close());
            await(receiver.close());
            return Task.of(out);
        });
        assertEquals(List.of("SO_BROADCAST false, true", "BindException: Permission denied", "to everyone"), log);
    }

    private static <T> T option(DatagramEndpoint e, java.net.SocketOption<T> name) {
        try {
            return e.getOption(name);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    /** Two endpoints bind one port with SO_REUSEADDR; without it the second bind fails. */
    @Test
    void reuseAddressLetsTwoEndpointsBindOnePort() {
        List<String> log = Weft.run(() -> {
            DatagramEndpoint first = await(Datagrams.open(onLoopback().withReuseAddress(true)));
            InetSocketAddress at = (InetSocketAddress) first.localAddress();
            DatagramEndpoint second = await(Datagrams.open(DatagramOptions.defaults().withLocalAddress(at)
                    .withReuseAddress(true)));
            List<String> out = new ArrayList<>();
            out.add(String.valueOf(second.localAddress().equals(at)));
            out.add(await(failure(Datagrams.open(DatagramOptions.defaults().withLocalAddress(at)))).replaceAll(":.*", ""));
            await(second.close());
            await(first.close());
            return Task.of(out);
        });
        assertEquals(List.of("true", "BindException"), log);
    }

    /**
     * An endpoint joins a multicast group on the loopback interface and receives what is sent to
     * the group there. Skipped where the system does not deliver multicast on loopback (checked
     * first with plain JDK channels).
     */
    @Test
    void multicastJoinOnLoopback() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
        Assumptions.assumeTrue(lo != null, "no loopback interface found");
        InetAddress group = InetAddress.getByName("239.255.43.21");
        String why = multicastOnLoopback(lo, group);
        Assumptions.assumeTrue(why == null, () -> "multicast on " + lo.getName() + " does not work here: " + why);
        List<String> log = Weft.run(() -> {
            DatagramEndpoint member = await(Datagrams.open(DatagramOptions.defaults()
                    .withLocalAddress(new InetSocketAddress("0.0.0.0", 0)).withReuseAddress(true)));
            int port = ((InetSocketAddress) member.localAddress()).getPort();
            MembershipKey key = join(member, group, lo);
            DatagramEndpoint sender = await(Datagrams.open(onLoopback()));
            setOption(sender, StandardSocketOptions.IP_MULTICAST_IF, lo);
            List<String> out = new ArrayList<>();
            out.add(String.valueOf(key.isValid()));
            sender.send(ascii("to the group"), new InetSocketAddress(group, port));
            Datagram d = await(waitFor(member.receive(), Duration.ofSeconds(5)));
            assertEquals(sender.localAddress(), d.sender());
            out.add(ascii(d.data()));
            key.drop();
            await(sender.close());
            await(member.close());
            return Task.of(out);
        });
        assertEquals(List.of("true", "to the group"), log);
    }

    private static MembershipKey join(DatagramEndpoint e, InetAddress group, NetworkInterface ni) {
        try {
            return e.joinGroup(group, ni);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private static <T> void setOption(DatagramEndpoint e, java.net.SocketOption<T> name, T value) {
        try {
            e.setOption(name, value);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    /** A plain channel that sends to multicast groups through {@code lo}. */
    private static DatagramChannel multicastSender(NetworkInterface lo) throws IOException {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
        c.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        c.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        c.bind(new InetSocketAddress(LOOPBACK, 0));
        return c;
    }

    /** Null if a datagram sent to {@code group} on {@code lo} reaches a member; else why not. */
    private static String multicastOnLoopback(NetworkInterface lo, InetAddress group) {
        try (DatagramChannel member = DatagramChannel.open(StandardProtocolFamily.INET);
                DatagramChannel sender = multicastSender(lo)) {
            member.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            member.bind(new InetSocketAddress("0.0.0.0", 0));
            member.join(group, lo);
            sender.send(ByteBuffer.wrap(ascii("probe")), new InetSocketAddress(group,
                    ((InetSocketAddress) member.getLocalAddress()).getPort()));
            member.configureBlocking(false);
            ByteBuffer b = ByteBuffer.allocate(16);
            for (int i = 0; i < 100; i++) {
                if (member.receive(b) != null) {
                    return null;
                }
                Thread.sleep(10);
            }
            return "the probe never arrived";
        } catch (IOException | UnsupportedOperationException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Test
    void theFamilyIsTheAddressesUnlessAskedFor() {
        assumeIpv6();
        List<String> log = Weft.run(() -> {
            List<String> out = new ArrayList<>();
            DatagramEndpoint v4 = await(Datagrams.open(onLoopback()));
            out.add(((InetSocketAddress) v4.localAddress()).getAddress().getClass().getSimpleName());
            DatagramEndpoint v6 = await(Datagrams.open(DatagramOptions.defaults().withFamily(StandardProtocolFamily.INET6)
                    .withLocalAddress(new InetSocketAddress("::", 0))));
            out.add(((InetSocketAddress) v6.localAddress()).getAddress().getClass().getSimpleName());
            // an IPv6 wildcard socket receives IPv4 datagrams too (dual stack), with the IPv4 sender
            v4.send(ascii("v4"), new InetSocketAddress(LOOPBACK, ((InetSocketAddress) v6.localAddress()).getPort()));
            Datagram d = await(waitFor(v6.receive(), Duration.ofSeconds(5)));
            out.add(ascii(d.data()) + " from " + d.sender().equals(v4.localAddress()));
            await(v4.close());
            await(v6.close());
            return Task.of(out);
        });
        assertEquals(List.of("Inet4Address", "Inet6Address", "v4 from true"), log);
    }
}
