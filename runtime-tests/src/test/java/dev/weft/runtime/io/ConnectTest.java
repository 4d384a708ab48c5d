package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Streams#openConnection}: its failures as the JDK's exceptions, and cancellation that leaves no socket open. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectTest extends StreamTestSupport {

    /**
     * A loopback listener whose backlog is full (it never accepts): a further connect stays
     * half-open, its SYN dropped, which is how a connect times out without a network.
     */
    static final class FullListener implements AutoCloseable {
        final ServerSocket server;
        private final List<Socket> queued = new ArrayList<>();

        FullListener() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(server.getLocalSocketAddress(), 500); // a loopback connect takes far less
                        queued.add(s);
                    } catch (SocketTimeoutException full) {
                        s.close();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            close();
            Assumptions.abort("the system accepted 16 connections on a listener with a backlog of 1: "
                    + "no way to make a connect hang on loopback here");
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : queued) {
                s.close();
            }
            server.close();
        }
    }

    @Async
    private static Task<String> outcome(String host, int port, ConnectOptions options) {
        try {
            Connection c = await(Streams.openConnection(host, port, options), IOException.class);
            await(c.close());
            return Task.of("connected");
        } catch (IOException e) {
            return Task.of(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** The message names the address (asyncio: "Connect call failed ('127.0.0.1', PORT)"); before, "Connection refused" alone. */
    @Test
    void aRefusedConnectionIsAConnectExceptionNamingTheAddress() {
        int port = freePort();
        String got = Weft.run(() -> outcome("127.0.0.1", port, ConnectOptions.defaults()));
        assertEquals(ConnectException.class.getName() + ": Connection refused: 127.0.0.1:" + port, got);
        String v6 = Weft.run(() -> outcome("::1", port, ConnectOptions.defaults()));
        assertTrue(v6.equals(ConnectException.class.getName() + ": Connection refused: [0:0:0:0:0:0:0:1]:" + port)
                || v6.startsWith("java.net.SocketException: "), v6); // a machine without IPv6 loopback: "Protocol family unavailable"
    }

    /** Before: an UnknownHostException with an empty message. */
    @Test
    void anEmptyHostNameIsAnUnknownHostExceptionSayingSo() {
        String got = Weft.run(() -> outcome("", 80, ConnectOptions.defaults()));
        assertEquals(UnknownHostException.class.getName() + ": an empty host name: name the host to connect to", got);
    }

    @Test
    void anUnknownHostIsAnUnknownHostException() {
        String got = Weft.run(() -> outcome("no-such-host.invalid", 80, ConnectOptions.defaults()));
        assertTrue(got.startsWith(UnknownHostException.class.getName() + ": no-such-host.invalid"), got);
    }

    @Test
    void connectionsLeftOpenAreClosedWhenTheLoopEnds() throws Exception {
        StreamFds.assumeAvailable();
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            int before = StreamFds.count();
            Weft.run(() -> {
                await(Streams.openConnection("127.0.0.1", listener.getLocalPort())); // never used
                Connection read = await(Streams.openConnection("127.0.0.1", listener.getLocalPort()));
                createTask(() -> read.reader().read(1)); // still waiting when the run ends
                Connection written = await(Streams.openConnection("127.0.0.1", listener.getLocalPort()));
                written.writer().write(new byte[10]);
                return Task.done();
            });
            StreamFds.assertBackTo(before, "after the run");
        }
    }

    @Test
    void aHostNameIsResolvedAndItsAddressesTriedInTurn() throws Exception {
        // "localhost" may give ::1 before 127.0.0.1: the peer listens on 127.0.0.1 alone, so the
        // connect must go on to the next address when one is refused.
        try (StreamPeer peer = new StreamPeer(s -> StreamPeer.send(s, "hi"))) {
            String got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("localhost", peer.port()));
                String hi = ascii(await(c.reader().read(-1)));
                await(c.close());
                return Task.of(hi + " from " + c.remoteAddress());
            });
            assertEquals("hi from localhost/127.0.0.1:" + peer.port(), got);
        }
        int port = freePort();
        String refused = Weft.run(() -> outcome("localhost", port, ConnectOptions.defaults()));
        assertTrue(refused.equals(ConnectException.class.getName() + ": Connection refused: 127.0.0.1:" + port)
                || refused.equals(ConnectException.class.getName() + ": Connection refused: [0:0:0:0:0:0:0:1]:" + port), refused);
    }

    @Test
    void aLocalAddressIsBoundBeforeTheConnect() throws Exception {
        try (StreamPeer peer = new StreamPeer(StreamPeer::readAll);
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> got = Weft.run(() -> {
                List<String> out = new ArrayList<>();
                ConnectOptions options = ConnectOptions.defaults()
                        .withLocalAddress(new java.net.InetSocketAddress("127.0.0.1", 0));
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port(), options));
                java.net.InetSocketAddress local = (java.net.InetSocketAddress) c.localAddress();
                out.add(local.getAddress().getHostAddress() + " " + (local.getPort() > 0));
                await(c.close());
                // a local port in use: the bind fails, at the await
                out.add(await(outcome("127.0.0.1", peer.port(), ConnectOptions.defaults()
                        .withLocalAddress(new java.net.InetSocketAddress("127.0.0.1", taken.getLocalPort())))));
                return Task.of(out);
            });
            assertEquals("127.0.0.1 true", got.get(0));
            assertEquals("java.net.BindException: Address already in use: 127.0.0.1:" + taken.getLocalPort(), got.get(1));
        }
    }

    @Test
    void aConnectThatDoesNotCompleteInTimeIsASocketTimeoutException() throws Exception {
        try (FullListener full = new FullListener()) {
            long start = System.nanoTime();
            String got = Weft.run(() -> outcome("127.0.0.1", full.port(),
                    ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(300))));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(SocketTimeoutException.class.getName() + ": connect to 127.0.0.1:" + full.port()
                    + " timed out after 300 ms", got);
            assertTrue(ms >= 290 && ms < 10_000, ms + " ms");
        }
    }

    @Test
    void aConnectThatTimesOutClosesItsSocket() throws Exception {
        StreamFds.assumeAvailable();
        try (FullListener full = new FullListener()) {
            String got = Weft.run(() -> {
                int before = await(selectorMade());
                String outcome = await(outcome("127.0.0.1", full.port(),
                        ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(50))));
                await(descriptorsBackTo(before));
                return Task.of(outcome);
            });
            assertTrue(got.startsWith(SocketTimeoutException.class.getName()), got);
        }
    }

    @Async
    private static Task<Connection> connect(int port) {
        return Task.of(await(Streams.openConnection("127.0.0.1", port)));
    }

    /**
     * Waits (2 s at most) for no more descriptors open than {@code count}: fewer is no leak (a
     * descriptor of the JVM's own, or of an earlier test, may close meanwhile, as in ServerTest).
     */
    @Async
    private static Task<Void> descriptorsBackTo(int count) {
        for (int i = 0; i < 200 && StreamFds.count() > count; i++) {
            await(sleep(10));
        }
        int now = StreamFds.count();
        assertTrue(now <= count, () -> now + " descriptors open, " + count + " before: " + StreamFds.targets());
        return Task.done();
    }

    /** Makes the loop's selector, and returns the descriptor count then. */
    @Async
    private static Task<Integer> selectorMade() {
        try {
            await(Streams.openConnection("127.0.0.1", freePort()), IOException.class);
        } catch (IOException refused) {
            // the point was the selector
        }
        await(sleep(20));
        return Task.of(StreamFds.count());
    }

    @Test
    void aCancelledConnectClosesItsHalfOpenSocket() throws Exception {
        StreamFds.assumeAvailable();
        try (FullListener full = new FullListener()) {
            List<String> log = Weft.run(() -> {
                List<String> out = new ArrayList<>();
                int before = await(selectorMade());
                Task<Connection> t = createTask(() -> connect(full.port()));
                await(sleep(100));
                assertFalse(t.isDone());
                out.add("while connecting: +" + (StreamFds.count() - before));
                t.cancel();
                try {
                    await(t);
                    out.add("connected");
                } catch (CancelledException e) {
                    out.add("cancelled");
                }
                await(descriptorsBackTo(before));

                Task<Connection> direct = Streams.openConnection("127.0.0.1", full.port()); // the connect's own task
                await(sleep(50));
                assertTrue(direct.cancel());
                assertTrue(direct.isCancelled());
                await(descriptorsBackTo(before));
                return Task.of(out);
            });
            assertEquals(List.of("while connecting: +1", "cancelled"), log);
        }
    }

    /**
     * Connects, and cancels the calling task in the turn the connection is handed over, before it
     * resumes with it: a done callback added before the await runs first.
     */
    @Async
    private static Task<Connection> cancelledOnArrival(int port, AtomicReference<Task<Connection>> connecting) {
        Task<Connection> c = Streams.openConnection("127.0.0.1", port);
        connecting.set(c);
        assertFalse(c.isDone());
        Task<?> me = Weft.currentTask();
        c.whenDone(done -> me.cancel());
        return Task.of(await(c));
    }

    @Test
    void aConnectionMadeForACancelledTaskIsClosed() throws Exception {
        StreamFds.assumeAvailable();
        // A listener that never accepts: the connection completes in its queue, and no descriptor of
        // this process stands for the other end (a peer's accepted socket would blur the count).
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<String> log = Weft.run(() -> {
                List<String> out = new ArrayList<>();
                int before = await(selectorMade());
                AtomicReference<Task<Connection>> connecting = new AtomicReference<>();
                Task<Connection> t = createTask(() -> cancelledOnArrival(listener.getLocalPort(), connecting));
                try {
                    await(t);
                    out.add("got it");
                } catch (CancelledException e) {
                    out.add("cancelled");
                }
                Connection c = connecting.get().result(); // connected, but t never saw it
                out.add("closing " + c.writer().isClosing());
                await(descriptorsBackTo(before));
                return Task.of(out);
            });
            assertEquals(List.of("cancelled", "closing true"), log);
        }
    }
}
