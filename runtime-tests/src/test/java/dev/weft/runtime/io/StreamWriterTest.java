package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.Turns.turns;
import static dev.weft.runtime.io.StreamPeer.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamWriter}: order, copies, back-pressure (asyncio's 64 KiB / 16 KiB marks), half-close and close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamWriterTest extends StreamTestSupport {
    private static final int MIB = 1024 * 1024;

    /** Bytes that differ from one position to the next, with every value, so that a reordering shows. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return b;
    }

    /** Writes 4 KiB at a time until the socket takes no more (the peer does not read); returns how many bytes were written. */
    static long fillTheSocket(StreamWriter w) {
        byte[] chunk = new byte[4096];
        long sent = 0;
        while (w.writeBufferSize() == 0) {
            w.write(chunk);
            sent += chunk.length;
            if (sent > 256L * MIB) {
                fail("the socket took 256 MiB and asked for more");
            }
        }
        return sent;
    }

    @Test
    void largeWritesKeepTheirOrderAndTheCallerMayReuseWhatItWrote() throws Exception {
        byte[] expected = pattern(8 * MIB);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(s -> got.set(readAll(s.getInputStream(), 64 * 1024)))) { // a slow reader
            int most = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                int at = 0;
                byte[] reused = new byte[MIB];
                for (int i = 0; i < 3; i++, at += MIB) {
                    System.arraycopy(expected, at, reused, 0, MIB);
                    w.write(reused); // refilled at once: the writer must have copied what it kept
                }
                ByteBuffer heap = ByteBuffer.allocate(MIB + 10);
                ByteBuffer direct = ByteBuffer.allocateDirect(MIB);
                for (ByteBuffer b : List.of(heap, heap, direct, direct)) {
                    b.clear().position(b == heap ? 10 : 0);
                    b.put(expected, at, MIB).flip().position(b == heap ? 10 : 0);
                    w.write(b);
                    assertEquals(b.limit(), b.position(), "the buffer is read to its limit");
                    at += MIB;
                }
                w.write(new String(expected, at, MIB, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
                int buffered = w.writeBufferSize();
                await(c.close());
                return Task.of(buffered);
            });
            assertTrue(most > 64 * 1024, "the slow reader made the writer buffer: " + most);
        }
        assertEquals(expected.length, got.get().length);
        assertArrayEquals(expected, got.get());
    }

    @Test
    void everyKindOfBufferIsWrittenFromItsPositionToItsLimit() throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(s -> got.set(readAll(s)))) {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                byte[] letters = ascii("abcdefghij");
                ByteBuffer slice = ByteBuffer.wrap(letters, 2, 5).slice(); // array offset 2: "cdefg"
                slice.position(1);
                w.write(slice); // "defg"
                assertEquals(5, slice.position());
                ByteBuffer readOnly = ByteBuffer.wrap(letters).asReadOnlyBuffer(); // no array to reach
                readOnly.position(7);
                w.write(readOnly); // "hij"
                assertEquals(10, readOnly.position());
                ByteBuffer direct = ByteBuffer.allocateDirect(4).put(ascii("1234"));
                direct.flip().position(2);
                w.write(direct); // "34"
                assertEquals(4, direct.position());
                w.write(ByteBuffer.allocate(0));
                w.write(new byte[0]);
                w.write("", StandardCharsets.UTF_8);
                w.write("é", StandardCharsets.UTF_8);
                return c.close();
            });
        }
        assertEquals("defghij34\u00c3\u00a9", ascii(got.get()));
    }

    @Test
    void drainReturnsAtOnceUpTo64KiBAndWaitsAboveUntil16KiB() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(4096, s -> {
            go.await();
            got.set(readAll(s.getInputStream(), 8 * 1024));
        })) {
            List<String> log = new ArrayList<>();
            long sent = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                long written = fillTheSocket(w);
                int room = 64 * 1024 - w.writeBufferSize();
                w.write(new byte[room]);
                Task<Void> atTheMark = w.drain(); // asyncio: paused only above the high-water mark
                log.add(w.writeBufferSize() + " " + atTheMark.isDone());
                w.write(new byte[1]);
                Task<Void> above = w.drain();
                log.add(w.writeBufferSize() + " " + above.isDone());
                go.countDown();
                await(above);
                int left = w.writeBufferSize();
                assertTrue(left <= 16 * 1024, "drain returned with " + left + " bytes buffered");
                assertTrue(w.drain().isDone());
                await(c.close());
                return Task.of(written + room + 1);
            });
            assertEquals(List.of("65536 true", "65537 false"), log);
            peer.close();
            assertEquals(sent, got.get().length);
        }
    }

    // ---- a client that never reads ---------------------------------------------------------------

    private volatile long floodWritten;
    private volatile Throwable floodEnded;

    @Async
    private Task<Void> floodOrEcho(StreamReader r, StreamWriter w) {
        String line = await(r.readLine(StandardCharsets.UTF_8));
        if (!"flood".equals(line)) {
            w.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
            return Task.done();
        }
        byte[] chunk = new byte[64 * 1024];
        try {
            for (;;) {
                w.write(chunk);
                floodWritten += chunk.length;
                await(w.drain(), IOException.class);
            }
        } catch (IOException e) {
            floodEnded = e;
        }
        return Task.done();
    }

    @Async
    private static Task<String> ask(int port, String line) {
        Connection c = await(Streams.openConnection("127.0.0.1", port));
        c.writer().write(line + "\n", StandardCharsets.UTF_8);
        String answer = await(c.reader().readLine(StandardCharsets.UTF_8));
        await(c.close());
        return Task.of(answer);
    }

    @Test
    void aClientThatNeverReadsStallsOnlyItsOwnHandler() {
        List<String> got = Weft.run(() -> {
            Server server = await(Streams.startServer(this::floodOrEcho, "127.0.0.1", 0));
            Connection flood = await(Streams.openConnection("127.0.0.1", server.port()));
            flood.writer().write("flood\n", StandardCharsets.UTF_8);
            // Wait (5 s at most) until the handler's drain no longer returns: the buffers are full.
            long last = -1;
            int still = 0;
            for (int i = 0; i < 500 && still < 10; i++) {
                await(sleep(10));
                still = floodWritten == last ? still + 1 : 0;
                last = floodWritten;
            }
            assertEquals(10, still, "the flood handler never stopped writing");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(await(ask(server.port(), "ping " + i)));
            }
            assertEquals(last, floodWritten, "the flood handler waited in drain all along");
            assertEquals(null, floodEnded);
            flood.writer().abort(); // unread bytes: the server's side gets a reset
            for (int i = 0; i < 500 && floodEnded == null; i++) {
                await(sleep(10));
            }
            assertNotNull(floodEnded, "the handler's drain ended when its client went away");
            assertFalse(floodEnded instanceof AsynchronousCloseException, floodEnded.toString());
            await(server.close());
            return Task.of(answers);
        });
        assertEquals(List.of("PING 0", "PING 1", "PING 2"), got);
    }

    @Test
    void aWriteOverTheWriteBufferLimitThrowsAndTakesNothing() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(4096, s -> {
            go.await();
            got.set(readAll(s));
        })) {
            List<String> log = new ArrayList<>();
            long sent = Weft.run(() -> {
                ConnectOptions options = ConnectOptions.defaults().withWriteBufferLimit(256 * 1024);
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port(), options));
                StreamWriter w = c.writer();
                long total = fillTheSocket(w);
                byte[] chunk = new byte[64 * 1024];
                while (w.writeBufferSize() <= 256 * 1024) {
                    w.write(chunk);
                    total += chunk.length;
                }
                int before = w.writeBufferSize();
                ByteBuffer more = ByteBuffer.wrap(new byte[10]);
                log.add(assertThrows(IllegalStateException.class, () -> w.write(more)).getMessage()
                        .replace(String.valueOf(before), "N"));
                log.add(more.position() + " " + (w.writeBufferSize() - before));
                assertThrows(IllegalStateException.class, () -> w.write(new byte[1]));
                assertThrows(IllegalStateException.class, () -> w.write("x", StandardCharsets.US_ASCII));
                assertEquals(before, w.writeBufferSize());
                go.countDown();
                await(w.drain());
                w.write(more);
                total += 10;
                await(c.close());
                return Task.of(total);
            });
            assertEquals(List.of("the write buffer holds N bytes, over its limit of 262144: await drain() between writes", "0 0"),
                    log);
            peer.close();
            assertEquals(sent, got.get().length);
        }
    }

    @Test
    void writeEofHalfClosesAfterWhatIsBufferedAndThisSideStillReads() throws Exception {
        byte[] data = pattern(8 * MIB);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(s -> {
            go.await();
            byte[] all = readAll(s); // until the half-close
            got.set(all);
            StreamPeer.send(s, "got " + all.length);
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                List<String> out = new ArrayList<>();
                assertTrue(w.canWriteEof());
                w.write(data);
                out.add("buffered " + (w.writeBufferSize() > 0));
                w.writeEof();
                w.writeEof(); // a second call changes nothing
                out.add(assertThrows(IllegalStateException.class, () -> w.write(new byte[1])).getMessage());
                out.add("closing " + w.isClosing());
                go.countDown();
                out.add(ascii(await(c.reader().read(-1))));
                await(c.close());
                return Task.of(out);
            });
            assertEquals(List.of("buffered true", "write after writeEof()", "closing false", "got " + data.length), log);
        }
        assertArrayEquals(data, got.get());
    }

    @Test
    void closeThenWaitClosedAndTheAddressesStayKnown() throws Exception {
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(s -> got.set(readAll(s)))) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                List<String> out = new ArrayList<>();
                SocketAddress remote = c.remoteAddress();
                SocketAddress local = c.localAddress();
                assertEquals(new InetSocketAddress("127.0.0.1", peer.port()), remote);
                assertEquals(remote, w.remoteAddress());
                assertEquals(local, w.localAddress());
                w.write("bye", StandardCharsets.US_ASCII);
                out.add("closing " + w.isClosing());
                Task<Void> closing = c.close();
                out.add("closing " + w.isClosing());
                await(w.waitClosed());
                out.add("closed " + closing.isDone());
                assertTrue(c.close().isDone(), "a second close: the same, done");
                // asyncio keeps get_extra_info('peername') after the close
                assertEquals(remote, c.remoteAddress());
                assertEquals(local, c.localAddress());
                assertEquals(remote, w.remoteAddress());
                assertEquals(local, w.localAddress());
                out.add(assertThrows(IllegalStateException.class, () -> w.write(new byte[1])).getMessage());
                assertTrue(w.drain().isDone());
                return Task.of(out);
            });
            assertEquals(List.of("closing false", "closing true", "closed true", "write to a closed stream writer"), log);
        }
        assertEquals("bye", ascii(got.get()));
    }

    @Async
    private static Task<Throwable> readFailure(StreamReader r) {
        try {
            byte[] b = await(r.read(10), IOException.class);
            return Task.of(new AssertionError("read " + b.length + " bytes"));
        } catch (IOException e) {
            return Task.of(e);
        }
    }

    @Test
    void closingWakesAWaitingReadAndLaterReadsFindTheChannelClosed() throws Exception {
        try (StreamPeer peer = new StreamPeer(StreamPeer::readAll)) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<Throwable> reading = createTask(() -> readFailure(c.reader()));
                await(turns(2));
                assertFalse(reading.isDone());
                await(c.close());
                Throwable woken = await(reading);
                assertInstanceOf(AsynchronousCloseException.class, woken);
                out.add(woken.getMessage());
                for (int i = 0; i < 2; i++) {
                    Throwable later = await(readFailure(c.reader()));
                    assertSame(ClosedChannelException.class, later.getClass(), later.toString());
                }
                try {
                    await(c.reader().readLine(), IOException.class);
                } catch (IOException e) {
                    out.add("readLine: " + e.getClass().getName());
                }
                return Task.of(out);
            });
            assertEquals(List.of("the connection was closed while this operation waited", "readLine: java.nio.channels.ClosedChannelException"), log);
        }
    }

    @Async
    private static Task<String> drainOutcome(StreamWriter w) {
        try {
            await(w.drain(), IOException.class);
            return Task.of("drained");
        } catch (IOException e) {
            return Task.of(e.toString());
        }
    }

    /**
     * asyncio: a drain waiting while close() sends the rest returns normally (the buffer went down
     * to the low-water mark before the connection closed), whether the rest goes in one send or many.
     */
    @Test
    void aDrainWaitingWhileCloseSendsTheRestCompletes() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(4096, s -> {
            go.await();
            got.set(readAll(s));
        })) {
            List<String> log = new ArrayList<>();
            long written = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                long total = fillTheSocket(w) + 100 * 1024;
                w.write(new byte[100 * 1024]);
                Task<String> draining = createTask(() -> drainOutcome(w));
                await(turns(1));
                assertFalse(draining.isDone());
                w.close();
                go.countDown();
                await(w.waitClosed());
                log.add(await(draining));
                return Task.of(total);
            });
            assertEquals(List.of("drained"), log);
            peer.close();
            assertEquals(written, got.get().length);
        }
    }

    @Test
    void abortWakesAWaitingDrain() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (StreamPeer peer = new StreamPeer(4096, s -> {
            go.await();
            readAll(s);
        })) {
            String message = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                fillTheSocket(w);
                w.write(new byte[100 * 1024]);
                Task<Void> draining = w.drain();
                assertFalse(draining.isDone());
                w.abort();
                go.countDown();
                assertTrue(w.isClosing());
                assertEquals(0, w.writeBufferSize());
                try {
                    await(draining, IOException.class);
                    return Task.of("drained");
                } catch (IOException e) {
                    return Task.of((e instanceof AsynchronousCloseException) + " " + e.getMessage());
                }
            });
            assertEquals("true the connection was closed while this operation waited", message);
        }
    }
}
