package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.runtime.Turns.turns;
import static dev.weft.runtime.io.StreamPeer.awaitSignal;
import static dev.weft.runtime.io.StreamPeer.readAll;
import static dev.weft.runtime.io.StreamPeer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that resets or half-closes: the errors arrive at the await as the JDK's, and no descriptor outlives them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamErrorsTest extends StreamTestSupport {

    @Async
    private static Task<Throwable> readFailure(StreamReader r) {
        try {
            byte[] b = await(r.read(10), IOException.class);
            return Task.of(new AssertionError("read " + b.length + " bytes"));
        } catch (IOException e) {
            return Task.of(e);
        }
    }

    @Async
    private static Task<Throwable> failureOf(Task<?> task) {
        try {
            await(task, IOException.class);
            return Task.of(null);
        } catch (IOException e) {
            return Task.of(e);
        }
    }

    @Test
    void aResetFailsTheWaitingReadAndEveryLaterReadAndDrain() throws Exception {
        int before = StreamFds.count();
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            StreamPeer.reset(s);
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<Throwable> reading = createTask(() -> readFailure(c.reader()));
                await(turns(2));
                assertFalse(reading.isDone());
                c.writer().write(new byte[] {1});
                Throwable reset = await(reading);
                assertFalse(reset instanceof AsynchronousCloseException, reset.toString());
                out.add("read: " + reset.getMessage());
                Throwable again = await(readFailure(c.reader()));
                assertSame(reset, again, "a later read throws the same");
                out.add("readLine: " + await(failureOf(c.reader().readLine())).getMessage());
                StreamWriter w = c.writer();
                assertTrue(w.isClosing());
                w.write(new byte[10]); // dropped: the connection is lost (asyncio logs and drops it too)
                assertEquals(0, w.writeBufferSize());
                out.add("drain: " + await(failureOf(w.drain())).getMessage());
                out.add("waitClosed: " + await(failureOf(w.waitClosed())).getMessage());
                out.add("close: " + await(failureOf(c.close())).getMessage());
                return Task.of(out);
            });
            // The OS's message, as the JDK gives it (Linux: "Connection reset").
            String m = log.get(0).substring("read: ".length());
            assertEquals(List.of("read: " + m, "readLine: " + m, "drain: " + m, "waitClosed: " + m, "close: " + m), log);
        }
        if (before >= 0) {
            StreamFds.assertBackTo(before, "after the reset");
        }
    }

    @Test
    void aResetWhileWritingFailsTheDrainAndTheReads() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s); // the connection was handed over
            StreamPeer.reset(s);
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                w.write(new byte[] {1});
                byte[] chunk = new byte[64 * 1024];
                Throwable lost = null;
                for (int i = 0; i < 10_000 && lost == null; i++) {
                    w.write(chunk);
                    lost = await(failureOf(w.drain()));
                    if (lost == null) {
                        await(turns(1));
                    }
                }
                assertNotNull(lost, "the writes never failed");
                List<String> out = new ArrayList<>();
                out.add(String.valueOf(lost instanceof AsynchronousCloseException));
                out.add(String.valueOf(await(readFailure(c.reader())) == lost));
                out.add(String.valueOf(w.isClosing()));
                return Task.of(out);
            });
            assertEquals(List.of("false", "true", "true"), log);
        }
    }

    @Test
    void afterThePeerHalfClosesThisSideReadsTheEndAndStillWrites() throws Exception {
        AtomicReference<String> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "bye\n");
            s.shutdownOutput();
            got.set(ascii(readAll(s)));
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                StreamReader r = c.reader();
                out.add(ascii(await(r.readLine())));
                out.add("[" + ascii(await(r.readLine())) + "] " + r.isAtEof());
                out.add("[" + ascii(await(r.read(-1))) + "]");
                assertFalse(c.writer().isClosing());
                c.writer().write(ascii("ack"));
                await(c.writer().drain());
                await(c.close());
                return Task.of(out);
            });
            assertEquals(List.of("bye\n", "[] true", "[]"), log);
        }
        assertEquals("ack", got.get());
    }
}
