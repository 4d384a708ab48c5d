package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.Streams;
import dev.weft.io.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's delegated tasks (here a trust manager that takes 500 ms to check a certificate)
 * run off the loop: while one connection's handshake waits for them, another connection on the
 * same loop keeps echoing with a low latency.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsDelegatedTaskTest extends TlsTestSupport {
    private static final long SLOW_MILLIS = 500;

    /** Round trips over a plain connection to an echo server on this loop. */
    static final class Pinger {
        final Connection connection;
        final List<Long> millis = new ArrayList<>();
        final List<Long> doneAt = new ArrayList<>();

        Pinger(Connection connection) {
            this.connection = connection;
        }

        /** How many round trips completed while the trust manager slept (its first check). */
        int during(TlsContexts.SlowTrust slow) {
            long[] w = slow.windows.get(0);
            return (int) doneAt.stream().filter(t -> t > w[0] && t < w[1]).count();
        }

        long max() {
            return millis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        @Override
        public String toString() {
            return millis.size() + " round trips, the longest " + max() + " ms: " + millis;
        }
    }

    @Async
    private static Task<Pinger> startPinger(Server echo) {
        return Task.of(new Pinger(await(Streams.openConnection("127.0.0.1", echo.port()))));
    }

    /** Pings every 10 ms until {@code until} is done. */
    @Async
    private static Task<Void> pingUntil(Pinger p, java.util.function.BooleanSupplier until) {
        while (!until.getAsBoolean()) {
            long start = System.nanoTime();
            p.connection.writer().write("ping\n", StandardCharsets.US_ASCII);
            String back = await(p.connection.reader().readLine(StandardCharsets.US_ASCII));
            assertEquals("ping", back);
            long end = System.nanoTime();
            p.millis.add(TimeUnit.NANOSECONDS.toMillis(end - start));
            p.doneAt.add(end);
            await(sleep(10));
        }
        return Task.done();
    }

    @Test
    void aSlowClientCertificateCheckDoesNotStallTheLoop() throws Exception {
        TlsContexts.SlowTrust slow = new TlsContexts.SlowTrust(SLOW_MILLIS);
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<String> peerGot = new AtomicReference<>();
        int before = socketsAndSelectors();
        Pinger pinger = Weft.run(() -> {
            loopThread.set(Thread.currentThread());
            Server echo = await(Streams.startServer(TlsTestSupport::echoLines, "127.0.0.1", 0));
            Server tls = await(Streams.startServer(TlsTestSupport::echoLines, "127.0.0.1", 0,
                    ServerOptions.defaults().withTls(TlsOptions.server(TlsContexts.withTrust(
                            TestCertificates.Leaf.LOCALHOST, slow)).withClientAuth(TlsOptions.ClientAuth.REQUIRED))));
            Pinger p = await(startPinger(echo));
            long start = System.nanoTime();
            TlsPeer peer = TlsPeer.client(TestCertificates.clientContextWithCertificate(), "localhost", tls.port(),
                    TlsPeer.Setup.NONE, s -> {
                        TlsPeer.send(s, "through\n");
                        peerGot.set(TlsPeer.readLine(s) + " after " + TimeUnit.NANOSECONDS.toMillis(
                                System.nanoTime() - start) + " ms");
                    });
            await(pingUntil(p, peer::isDone));
            await(finished(peer));
            await(p.connection.close());
            await(tls.close());
            await(echo.close());
            return Task.of(p);
        });
        assertTrue(peerGot.get() != null && peerGot.get().startsWith("through after "), peerGot::get);
        long handshake = Long.parseLong(peerGot.get().replaceAll("\\D", ""));
        assertTrue(handshake >= SLOW_MILLIS, peerGot::get);
        assertFalse(slow.threads.isEmpty(), "the trust manager never ran");
        // pinging every 10 ms over loopback: a loop stalled by the check would complete none meanwhile
        assertTrue(pinger.during(slow) >= 3, () -> pinger.during(slow) + " during the check; " + pinger);
        assertFalse(slow.threads.contains(loopThread.get()), () -> "ran on the loop: " + slow.threads);
        assertSocketsBackTo(before, "after the test");
    }

    @Test
    void aSlowServerCertificateCheckDoesNotStallTheLoop() throws Exception {
        TlsContexts.SlowTrust slow = new TlsContexts.SlowTrust(SLOW_MILLIS);
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.Setup.NONE, s -> TlsPeer.send(s, "hello\n"));
        List<String> log = new ArrayList<>();
        Pinger pinger;
        try {
            pinger = Weft.run(() -> {
                loopThread.set(Thread.currentThread());
                Server echo = await(Streams.startServer(TlsTestSupport::echoLines, "127.0.0.1", 0));
                Pinger p = await(startPinger(echo));
                long start = System.nanoTime();
                Task<Connection> connecting = Streams.openConnection("localhost", peer.port(),
                        ConnectOptions.defaults().withTls(TlsOptions.client(TlsContexts.withTrust(null, slow))));
                await(pingUntil(p, connecting::isDone));
                Connection c = await(connecting);
                log.add(await(c.reader().readLine(StandardCharsets.US_ASCII)) + " after "
                        + (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= SLOW_MILLIS ? "the check" : "?"));
                await(c.close());
                await(finished(peer));
                await(p.connection.close());
                await(echo.close());
                return Task.of(p);
            });
        } finally {
            peer.close();
        }
        assertEquals(List.of("hello after the check"), log);
        assertFalse(slow.threads.isEmpty(), "the trust manager never ran");
        // pinging every 10 ms over loopback: a loop stalled by the check would complete none meanwhile
        assertTrue(pinger.during(slow) >= 3, () -> pinger.during(slow) + " during the check; " + pinger);
        assertFalse(slow.threads.contains(loopThread.get()), () -> "ran on the loop: " + slow.threads);
        assertSocketsBackTo(before, "after the test");
    }

    @Test
    void manySlowHandshakesAtOnceAllComplete() throws Exception {
        // eight clients whose certificate checks each take 500 ms: done in parallel off the loop
        TlsContexts.SlowTrust slow = new TlsContexts.SlowTrust(SLOW_MILLIS);
        TlsPeer[] peers = new TlsPeer[8];
        for (int i = 0; i < peers.length; i++) {
            int n = i;
            peers[i] = TlsPeer.server(SERVER, TlsPeer.Setup.NONE, s -> TlsPeer.send(s, "peer " + n + "\n"));
        }
        try {
            List<String> got = Weft.run(() -> {
                List<Task<String>> tasks = new ArrayList<>();
                for (TlsPeer peer : peers) {
                    tasks.add(createTask(() -> greeting(peer.port(), slow)));
                }
                List<String> out = await(Weft.gather(tasks));
                for (TlsPeer peer : peers) {
                    await(finished(peer));
                }
                return Task.of(out);
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < peers.length; i++) {
                expected.add("peer " + i);
            }
            assertEquals(expected, got);
            assertEquals(peers.length, slow.threads.size());
        } finally {
            for (TlsPeer peer : peers) {
                peer.close();
            }
        }
    }

    @Async
    private static Task<String> greeting(int port, TlsContexts.SlowTrust slow) {
        Connection c = await(Streams.openConnection("localhost", port,
                ConnectOptions.defaults().withTls(TlsOptions.client(TlsContexts.withTrust(null, slow)))));
        String line = await(c.reader().readLine(StandardCharsets.US_ASCII));
        await(c.close());
        return Task.of(line);
    }
}
