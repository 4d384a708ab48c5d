package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.DatagramEndpoint;
import dev.weft.io.DatagramOptions;
import dev.weft.io.Datagrams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every datagram test class shares: once its tests ran, the process has no more sockets and
 * selectors open than before them (other descriptors come and go with the JVM's own threads). The
 * baseline is taken after a warm-up that opens, uses and closes two endpoints.
 */
abstract class DatagramTestSupport {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static int baseline = -1;

    @BeforeAll
    static void takeBaseline() throws Exception {
        if (!StreamFds.available()) {
            return;
        }
        Weft.run(DatagramTestSupport::warmUp);
        baseline = socketsAndSelectors();
    }

    @AfterAll
    static void noSocketLeft() throws InterruptedException {
        if (baseline < 0) {
            return;
        }
        int now = socketsAndSelectors();
        for (int i = 0; i < 100 && now > baseline; i++) {
            Thread.sleep(20);
            now = socketsAndSelectors();
        }
        int after = now;
        assertTrue(after <= baseline, () -> "sockets and selectors: " + baseline + " before the class's tests, " + after
                + " after: " + LoopProbe.fdKinds());
    }

    private static int socketsAndSelectors() {
        return LoopProbe.openSockets() + LoopProbe.openSelectors();
    }

    @Async
    private static Task<Void> warmUp() {
        DatagramEndpoint a = await(Datagrams.open(onLoopback()));
        DatagramEndpoint b = await(Datagrams.open(onLoopback()));
        a.send(ascii("warm"), b.localAddress());
        await(b.receive());
        await(a.close());
        return b.close();
    }

    /** Bound to 127.0.0.1 on a port the system chooses. */
    static DatagramOptions onLoopback() {
        return DatagramOptions.defaults().withLocalAddress(new InetSocketAddress(LOOPBACK, 0));
    }

    /** A UDP port of 127.0.0.1 nothing listens on (it was free a moment ago). */
    static InetSocketAddress freeUdpPort() {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(LOOPBACK, 0));
            return (InetSocketAddress) c.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test where no socket can bind the IPv6 loopback address ::1. */
    static void assumeIpv6() {
        try (DatagramChannel probe = DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
