package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncTimeoutException;
import dev.weft.LoopClock;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each claim of {@link LoopClock#virtual()}'s Javadoc about I/O, in its order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopVirtualClockTest {
    private static final String HOST = "127.0.0.1";

    private static <T> T virtual(Supplier<? extends Task<T>> main) {
        return Weft.run(main, RunOptions.defaults().withClock(LoopClock.virtual()));
    }

    private static long nowMs() {
        return Weft.loop().time() / 1_000_000;
    }

    @Async
    static Task<Void> ignore(StreamReader reader, StreamWriter writer) {
        return Task.done();
    }

    /** Waits for one byte, and tells when (loop time, ms) it came. */
    @Async
    static Task<Long> readOne(StreamReader reader, Promise<Void> waiting) {
        Task<byte[]> read = reader.read(1);
        waiting.complete(null);
        await(read);
        return Task.of(nowMs());
    }

    @Test
    void timersJumpWhileSocketsWaitForNothing() {
        long[] got = virtual(() -> {
            Server s = await(Streams.startServer((r, w) -> r.read(1), HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            Task<byte[]> reading = createTask(() -> c.reader().read(1)); // never ready
            long real = System.nanoTime();
            await(sleep(Duration.ofHours(1)));
            long realMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - real);
            long at = nowMs();
            reading.cancel();
            await(c.close());
            await(s.close());
            return Task.of(new long[] {at, realMs});
        });
        assertEquals(3_600_000, got[0]);
        assertTrue(got[1] < 5_000, "an hour of virtual sleep took " + got[1] + " ms");
    }

    @Test
    void readinessThereWhenTheLoopLooksResumesBeforeTheClockMoves() {
        List<Long> got = virtual(() -> {
            Promise<Void> waiting = Task.promise();
            List<Task<Long>> handler = new ArrayList<>();
            Server s = await(Streams.startServer((r, w) -> {
                Task<Long> t = readOne(r, waiting);
                handler.add(t);
                return t;
            }, HOST, 0));
            Task<Void> later = createTask(() -> sleep(10_000)); // a timer pending all along
            Socket peer = LoopIoTest.blockingConnect(s.port());
            await(waiting);
            LoopIoTest.writeByte(peer, 'x');
            LoopIoTest.sleepQuietly(50); // in the server's socket before the loop looks
            long readAt = await(handler.get(0));
            long after = nowMs();
            await(later);
            LoopIoTest.closeQuietly(peer);
            await(s.close());
            return Task.of(List.of(readAt, after, nowMs()));
        });
        assertEquals(List.of(0L, 0L, 10_000L), got);
    }

    @Test
    void bytesStillOnTheirWayDoNotHoldTheClockBack() throws Exception {
        // A peer on another thread that answers 200 ms after it accepted, in real time.
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Thread peer = new Thread(() -> {
                try (Socket s = listening.accept()) {
                    Thread.sleep(200);
                    s.getOutputStream().write('x');
                    s.getInputStream().read(); // until the client closes
                } catch (Exception e) {
                    // the test reports what the client saw
                }
            });
            peer.start();
            List<Object> got = virtual(() -> {
                Connection c = await(Streams.openConnection(HOST, listening.getLocalPort()));
                List<Object> seen = new ArrayList<>();
                long real = System.nanoTime();
                try {
                    await(Weft.waitFor(c.reader().read(1), Duration.ofSeconds(5)));
                    seen.add("read first");
                } catch (AsyncTimeoutException e) {
                    seen.add("timed out at " + nowMs());
                }
                long realMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - real);
                seen.add(realMs < 200 ? "before the answer in real time" : "after " + realMs + " ms");
                // No timer pending now: the loop waits for the answer in real time.
                seen.add(new String(await(c.reader().read(1)), StandardCharsets.UTF_8) + " at " + nowMs());
                await(c.close());
                return Task.of(seen);
            });
            peer.join(5_000);
            assertEquals(List.of("timed out at 5000", "before the answer in real time", "x at 5000"), got);
        }
    }

    @Test
    void withNoTimerPendingTheLoopWaitsForIoInRealTime() {
        long[] got = virtual(() -> {
            Promise<Void> waiting = Task.promise();
            List<Task<Long>> handler = new ArrayList<>();
            Server s = await(Streams.startServer((r, w) -> {
                Task<Long> t = readOne(r, waiting);
                handler.add(t);
                return t;
            }, HOST, 0));
            Socket peer = LoopIoTest.blockingConnect(s.port());
            await(waiting);
            Thread writer = new Thread(() -> {
                LoopIoTest.sleepQuietly(100);
                LoopIoTest.writeByte(peer, 'x');
            });
            long real = System.nanoTime();
            writer.start();
            long readAt = await(handler.get(0));
            long realMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - real);
            LoopIoTest.closeQuietly(peer);
            await(s.close());
            return Task.of(new long[] {readAt, realMs});
        });
        assertEquals(0, got[0], "the clock stands still");
        assertTrue(got[1] >= 99 && got[1] < 5_000, "waited " + got[1] + " ms in real time");
    }
}
