package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static dev.weft.runtime.Turns.turns;
import static dev.weft.runtime.io.StreamPeer.awaitSignal;
import static dev.weft.runtime.io.StreamPeer.readAll;
import static dev.weft.runtime.io.StreamPeer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.IncompleteReadException;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task cancelled in a read or a drain gets CancelledException there, and no byte is lost. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamCancellationTest extends StreamTestSupport {

    @Async
    private static <T> Task<T> awaitIt(Task<T> task) {
        return Task.of(await(task));
    }

    @Async
    private static Task<String> outcome(Task<?> task) {
        try {
            await(task);
            return Task.of("completed");
        } catch (CancelledException e) {
            return Task.of("cancelled");
        }
    }

    /** Waits (5 s at most) until the reader holds {@code n} bytes it took from the socket. */
    @Async
    private static Task<Void> buffered(StreamReader r, int n) {
        String expected = "StreamReader[" + n + " bytes buffered";
        for (int i = 0; i < 500 && !r.toString().startsWith(expected); i++) {
            await(sleep(10));
        }
        assertTrue(r.toString().startsWith(expected), r.toString());
        return Task.done();
    }

    @Test
    void aReadExactlyCancelledHalfWayLosesNothing() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "0123");
            awaitSignal(s);
            send(s, "456789");
            readAll(s);
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<byte[]> t = createTask(() -> c.reader().readExactly(10));
                await(buffered(c.reader(), 4)); // part of the bytes arrived, and the read took them
                assertFalse(t.isDone());
                t.cancel();
                out.add(await(outcome(t)));
                c.writer().write(new byte[] {1});
                out.add(ascii(await(c.reader().readExactly(10))));
                await(c.close());
                return Task.of(out);
            });
            assertEquals(List.of("cancelled", "0123456789"), log);
        }
    }

    /**
     * The read was granted its bytes, but the task awaiting it is cancelled in the same turn before
     * it resumes (from a done callback, which runs first): the waiter's onUndelivered gives the bytes
     * back to the reader. For each kind of read whose result is made of the bytes.
     */
    private static List<String> cancelledAfterTheGrant(String sent, java.util.function.Function<StreamReader, Task<?>> read,
            java.util.function.Function<StreamReader, Task<?>> again) throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            send(s, sent);
            readAll(s);
        })) {
            return Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<?> r = read.apply(c.reader());
                assertFalse(r.isDone());
                Task<?> t = createTask(() -> awaitIt(r));
                r.whenDone(done -> t.cancel());
                await(turns(1)); // t awaits r
                c.writer().write(new byte[] {1});
                out.add(await(outcome(t)));
                out.add("granted " + show(r.result()));
                out.add("again " + show(await(again.apply(c.reader()))));
                await(c.close());
                return Task.of(out);
            });
        }
    }

    private static String show(Object o) {
        return o instanceof byte[] ? ascii((byte[]) o) : String.valueOf(o);
    }

    @Test
    void bytesGrantedToATaskCancelledBeforeItResumedGoBack() throws Exception {
        assertEquals(List.of("cancelled", "granted abcd", "again abcd"),
                cancelledAfterTheGrant("abcd", r -> r.readExactly(4), r -> r.readExactly(4)));
        assertEquals(List.of("cancelled", "granted abcd", "again abcd"),
                cancelledAfterTheGrant("abcd", r -> r.read(100), r -> r.read(100)));
        assertEquals(List.of("cancelled", "granted ab\n", "again ab\ncd"),
                cancelledAfterTheGrant("ab\ncd", r -> r.readLine(), r -> r.readExactly(5)));
        assertEquals(List.of("cancelled", "granted ab", "again ab"),
                cancelledAfterTheGrant("ab\r\ncd", r -> r.readLine(StandardCharsets.UTF_8), r -> r.readLine(StandardCharsets.UTF_8)));
        assertEquals(List.of("cancelled", "granted a--", "again a--b"),
                cancelledAfterTheGrant("a--b", r -> r.readUntil(ascii("--")), r -> r.readExactly(4)));
    }

    /**
     * A read started after the grant, before the cancelled task gave the bytes back, waits for the
     * socket: the bytes put back in front of the buffer must reach it (no more come from the peer).
     */
    @Test
    void bytesGivenBackReachAReadWaitingSinceTheGrant() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            send(s, "abcd");
            readAll(s);
        })) {
            String got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                Task<byte[]> r = c.reader().readExactly(4);
                Task<?> t = createTask(() -> awaitIt(r));
                AtomicReference<Task<byte[]>> next = new AtomicReference<>();
                r.whenDone(done -> {
                    t.cancel();
                    next.set(c.reader().readExactly(4)); // the buffer is empty now: this read waits
                });
                await(turns(1));
                c.writer().write(new byte[] {1});
                assertEquals("cancelled", await(outcome(t)));
                byte[] b = await(Weft.waitFor(next.get(), java.time.Duration.ofSeconds(5)));
                await(c.close());
                return Task.of(ascii(b));
            });
            assertEquals("abcd", got);
        }
    }

    @Test
    void aReadCancelledFromAnotherThreadLosesNothing() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "01");
            awaitSignal(s);
            send(s, "234");
            readAll(s);
        })) {
            List<String> log = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<byte[]> t = createTask(() -> c.reader().readExactly(5));
                await(buffered(c.reader(), 2));
                await(Weft.toThread(() -> t.cancel()));
                out.add(await(outcome(t)));
                c.writer().write(new byte[] {1});
                out.add(ascii(await(c.reader().readExactly(5))));
                await(c.close());
                return Task.of(out);
            });
            assertEquals(List.of("cancelled", "01234"), log);
        }
    }

    @Async
    private static Task<String> incompleteOrCancelled(Task<?> task) {
        try {
            await(task, IncompleteReadException.class);
            return Task.of("completed");
        } catch (IncompleteReadException e) {
            return Task.of(ascii(e.partial()));
        } catch (CancelledException e) {
            return Task.of("");
        }
    }

    /**
     * The end of the stream fails a waiting readExactly with IncompleteReadException, which holds
     * the bytes that came. A task cancelled in the turn that happens (from a done callback) must
     * either get the exception with the bytes, or leave the bytes buffered: it failed before with
     * the bytes gone (refused at the readiness, the task cancelled before it resumed, and a refusal
     * is not handed back as a grant is). asyncio's readexactly fails in the task's own step.
     */
    @Test
    void anIncompleteReadMeetingACancellationLosesNothing() throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            awaitSignal(s);
            send(s, "ab");
            s.shutdownOutput();
            readAll(s);
        })) {
            String got = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                Task<byte[]> r = c.reader().readExactly(5);
                Task<?> t = createTask(() -> awaitIt(r));
                r.whenDone(done -> t.cancel());
                await(turns(1)); // t awaits r
                c.writer().write(new byte[] {1});
                String seen = await(incompleteOrCancelled(t));
                String left = ascii(await(c.reader().read(-1)));
                await(c.close());
                return Task.of(seen + "|" + left);
            });
            assertTrue(got.equals("ab|") || got.equals("|ab"), got);
        }
    }

    /** Blocks the loop's thread on purpose (the end of the stream arrives meanwhile), and cancels {@code t} from another. */
    private static void cancelFromAnotherThreadWhileTheLoopIsBlocked(Task<?> t) {
        try {
            Thread.sleep(200);
            Thread canceller = new Thread(() -> t.cancel());
            canceller.start();
            canceller.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A read cancelled from another thread is done at once, but its reader learns it only when the
     * loop runs the clean-up. A read started before that must not be refused as a second read, and
     * if the end of the stream is handled first, the bytes the cancelled read had must stay
     * buffered, not go into an IncompleteReadException nobody receives.
     */
    private static List<String> cancelledFromAnotherThreadThenTheEnd(boolean turnFirst) throws Exception {
        try (StreamPeer peer = new StreamPeer(s -> {
            send(s, "ab");
            awaitSignal(s);
            s.shutdownOutput();
            readAll(s);
        })) {
            return Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                List<String> out = new ArrayList<>();
                Task<byte[]> r = c.reader().readExactly(5); // the read's own task, cancelled directly
                await(buffered(c.reader(), 2));
                c.writer().write(new byte[] {1});
                cancelFromAnotherThreadWhileTheLoopIsBlocked(r);
                out.add(await(outcome(r)));
                if (turnFirst) {
                    await(sleep(0)); // the end of the stream is seen, and the clean-up runs
                }
                out.add(ascii(await(c.reader().read(-1))));
                await(c.close());
                return Task.of(out);
            });
        }
    }

    @Test
    void aReadStartedRightAfterACancellationFromAnotherThreadGetsTheBytes() throws Exception {
        assertEquals(List.of("cancelled", "ab"), cancelledFromAnotherThreadThenTheEnd(false));
    }

    @Test
    void theEndOfTheStreamReachingAReadCancelledFromAnotherThreadLosesNothing() throws Exception {
        assertEquals(List.of("cancelled", "ab"), cancelledFromAnotherThreadThenTheEnd(true));
    }

    @Async
    private static Task<Void> drained(StreamWriter w) {
        await(w.drain());
        return Task.done();
    }

    @Test
    void aCancelledDrainLeavesTheBytesToBeSentAndTheOtherDrainsWaiting() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<byte[]> got = new AtomicReference<>();
        try (StreamPeer peer = new StreamPeer(4096, s -> {
            go.await();
            got.set(readAll(s));
        })) {
            List<Object> log = new ArrayList<>();
            long written = Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                StreamWriter w = c.writer();
                long total = StreamWriterTest.fillTheSocket(w);
                w.write(new byte[100 * 1024]);
                total += 100 * 1024;
                Task<Void> first = createTask(() -> drained(w));
                Task<Void> second = createTask(() -> drained(w));
                await(turns(1));
                first.cancel();
                log.add(await(outcome(first)));
                assertFalse(second.isDone());
                go.countDown();
                log.add(await(outcome(second)));
                assertTrue(w.writeBufferSize() <= 16 * 1024);
                w.write(ascii("END"));
                total += 3;
                await(c.close());
                return Task.of(total);
            });
            assertEquals(List.of("cancelled", "completed"), log);
            peer.close();
            assertEquals(written, got.get().length);
            assertEquals("END", ascii(java.util.Arrays.copyOfRange(got.get(), got.get().length - 3, got.get().length)));
        }
    }
}
