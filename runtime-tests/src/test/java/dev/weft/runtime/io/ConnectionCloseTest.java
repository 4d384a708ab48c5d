package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's close sends everything written, also when the peer's bytes are unread, and a
 * server's {@code waitClosed} waits for it. Closed with bytes of the peer's unread, a socket is
 * reset (on Linux), and the reset drops what the kernel had not yet delivered of ours.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCloseTest {
    private static final String HOST = "127.0.0.1";
    private static final int ANSWER = 1 << 20;
    private static final int UPLOAD = 4 << 20;
    /** More than loopback's socket buffers take, so that some stays in the writer's buffer. */
    private static final int MORE_THAN_THE_KERNEL_HOLDS = 16 << 20;

    /**
     * Answers the first request line with 1 MiB and closes, the client's second request unread.
     * asyncio (its transport had read the second line into the reader's buffer) sends it all; Weft
     * read nothing more, and the client read "Connection reset" after about 113 KB.
     */
    @Test
    void anAnswerToOneRequestOfTwoReachesTheClientWhole() {
        String got = Weft.run(() -> answerOneOfTwo());
        assertEquals(ANSWER + " bytes, then the end", got);
    }

    @Async
    static Task<String> answerOneOfTwo() {
        Promise<Void> firstRead = Task.promise();
        Promise<Void> secondSent = Task.promise();
        Server server = await(Streams.startServer((r, w) -> answerFirst(r, w, firstRead, secondSent), HOST, 0));
        Connection c = await(Streams.openConnection(HOST, server.port()));
        c.writer().write("GET /a\n", StandardCharsets.US_ASCII);
        await(firstRead); // read alone: the second line is not taken with it
        c.writer().write("GET /b\n", StandardCharsets.US_ASCII);
        await(c.writer().drain());
        await(sleep(50)); // the second line is in the server's socket, read by nobody
        secondSent.complete(null);
        await(sleep(300)); // a slow reader: most of the answer is still on its way when the server closes
        String got = await(readAll(c.reader()));
        await(c.close());
        await(server.close());
        return Task.of(got);
    }

    @Async
    static Task<Void> answerFirst(StreamReader reader, StreamWriter writer, Promise<Void> firstRead, Task<Void> secondSent) {
        await(reader.readLine());
        firstRead.complete(null);
        await(secondSent);
        writer.write(new byte[ANSWER]);
        writer.close();
        await(writer.waitClosed());
        return Task.done();
    }

    /** Reads to the end: "N bytes, then the end", or "N bytes, then" the failure. */
    @Async
    static Task<String> readAll(StreamReader reader) {
        long n = 0;
        try {
            byte[] b;
            while ((b = await(reader.read(64 * 1024), IOException.class)).length > 0) {
                n += b.length;
            }
            return Task.of(n + " bytes, then the end");
        } catch (IOException e) {
            return Task.of(n + " bytes, then " + e);
        }
    }

    /**
     * A client uploads 4 MiB and closes without reading the server's greeting: the server gets
     * all of it (before: about 1.4 MB, then a reset).
     */
    @Test
    void anUploadWithTheGreetingUnreadReachesTheServerWhole() {
        String got = Weft.run(() -> uploadIgnoringGreeting());
        assertEquals(UPLOAD + " bytes, then the end", got);
    }

    @Async
    static Task<String> uploadIgnoringGreeting() {
        Promise<String> received = Task.promise();
        Server server = await(Streams.startServer((r, w) -> greetThenCount(r, w, received), HOST, 0));
        Connection c = await(Streams.openConnection(HOST, server.port()));
        await(sleep(50)); // the greeting is in the client's socket, read by nobody
        c.writer().write(new byte[UPLOAD]);
        c.writer().close();
        await(c.writer().waitClosed());
        String got = await(received);
        await(server.close());
        return Task.of(got);
    }

    @Async
    static Task<Void> greetThenCount(StreamReader reader, StreamWriter writer, Promise<String> received) {
        writer.write("hello\n", StandardCharsets.US_ASCII);
        await(sleep(200)); // a slow reader: most of the upload is still on its way when the client closes
        received.complete(await(readAll(reader)));
        return Task.done();
    }

    /**
     * A handler writes 4 MiB to a slow reader and returns; the program closes the server, waits
     * for {@code waitClosed} and ends. asyncio's {@code wait_closed} waits until the connections
     * are closed, so the client reads everything; before, {@code waitClosed} completed as the
     * handler ended, the run's end closed the socket, and the client read about 3.9 MB and a
     * normal end: a silent cut.
     */
    @Test
    void waitClosedWaitsUntilWhatAHandlerWroteIsSent() throws Exception {
        AtomicReference<String> got = new AtomicReference<>("nothing");
        Promise<Integer> port = Task.promise();
        Thread client = new Thread(() -> slowClient(port, got), "slow-client");
        client.start();
        Weft.run(() -> serveOnceThenClose(port));
        client.join(30_000);
        assertFalse(client.isAlive());
        assertEquals(UPLOAD + " bytes, then the end", got.get());
    }

    @Async
    static Task<Void> serveOnceThenClose(Promise<Integer> port) {
        Promise<Void> answered = Task.promise();
        Server server = await(Streams.startServer((r, w) -> writeAndReturn(w, answered), HOST, 0));
        port.complete(server.port());
        await(answered);
        await(server.close());
        return Task.done();
    }

    @Async
    static Task<Void> writeAndReturn(StreamWriter writer, Promise<Void> answered) {
        writer.write(new byte[UPLOAD]);
        answered.complete(null);
        return Task.done();
    }

    /** Connects, waits 300 ms, then reads to the end. */
    private static void slowClient(Task<Integer> port, AtomicReference<String> got) {
        long n = 0;
        try {
            while (!port.isDone()) {
                Thread.sleep(5);
            }
            try (Socket s = new Socket(HOST, port.result())) {
                Thread.sleep(300);
                InputStream in = s.getInputStream();
                byte[] b = new byte[64 * 1024];
                int k;
                while ((k = in.read(b)) > 0) {
                    n += k;
                }
                got.set(n + " bytes, then the end");
            }
        } catch (IOException | InterruptedException e) {
            got.set(n + " bytes, then " + e);
        }
    }

    /**
     * {@code closeNow} aborts a connection whose handler has ended but which is still sending to a
     * peer that does not read: its {@code waitClosed} does not wait for that peer.
     */
    @Test
    void closeNowAbortsAConnectionStillSendingAfterItsHandlerEnded() throws Exception {
        Promise<Integer> port = Task.promise();
        AtomicReference<Socket> peer = new AtomicReference<>();
        Thread connector = new Thread(() -> {
            try {
                while (!port.isDone()) {
                    Thread.sleep(5);
                }
                peer.set(new Socket(HOST, port.result())); // never reads
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, "idle-peer");
        connector.start();
        try {
            String state = Weft.run(() -> serveOnceThenCloseNow(port));
            assertEquals("sending after its handler; closed now", state);
        } finally {
            connector.join(10_000);
            if (peer.get() != null) {
                peer.get().close();
            }
        }
    }

    @Async
    static Task<String> serveOnceThenCloseNow(Promise<Integer> port) {
        Promise<StreamWriter> answered = Task.promise();
        Server server = await(Streams.startServer((r, w) -> writeAndReturnWriter(w, answered), HOST, 0));
        port.complete(server.port());
        StreamWriter w = await(answered);
        await(sleep(50));
        String state = w.writeBufferSize() > 0 && !server.waitClosed().isDone() ? "sending after its handler" : "not sending";
        server.closeNow();
        await(server.waitClosed());
        return Task.of(state + "; closed now");
    }

    @Async
    static Task<Void> writeAndReturnWriter(StreamWriter writer, Promise<StreamWriter> answered) {
        writer.write(new byte[MORE_THAN_THE_KERNEL_HOLDS]);
        answered.complete(writer);
        return Task.done();
    }

    /**
     * A peer that keeps its side open and its bytes unread still reads the end of what was sent at
     * once (the output is shut), and may go on writing for a while without a reset; the socket then
     * closes within the linger time.
     */
    @Test
    void aPeerStillWritingAfterTheCloseReadsTheEndNotAReset() throws Exception {
        Promise<Integer> port = Task.promise();
        AtomicReference<String> got = new AtomicReference<>("nothing");
        Thread peer = new Thread(() -> {
            try {
                while (!port.isDone()) {
                    Thread.sleep(5);
                }
                try (Socket s = new Socket(HOST, port.result())) {
                    OutputStream out = s.getOutputStream();
                    out.write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    StringBuilder sb = new StringBuilder();
                    int c;
                    while ((c = in.read()) >= 0) {
                        sb.append((char) c);
                    }
                    out.write(new byte[1000]); // after the end was read: dropped, not answered with a reset
                    Thread.sleep(50);
                    out.write(new byte[1000]);
                    got.set(sb + "|end|writes taken");
                }
            } catch (IOException | InterruptedException e) {
                got.set("failed: " + e);
            }
        }, "writing-peer");
        peer.start();
        Weft.run(() -> answerOnce(port));
        peer.join(10_000);
        assertFalse(peer.isAlive());
        assertEquals("bye\n|end|writes taken", got.get());
    }

    @Async
    static Task<Void> answerOnce(Promise<Integer> port) {
        Promise<Void> done = Task.promise();
        Server server = await(Streams.startServer((r, w) -> byeAfterOneLine(r, w, done), HOST, 0));
        port.complete(server.port());
        await(done);
        await(server.close());
        await(sleep(200)); // the peer writes after our end; the run goes on meanwhile
        return Task.done();
    }

    @Async
    static Task<Void> byeAfterOneLine(StreamReader reader, StreamWriter writer, Promise<Void> done) {
        await(reader.readLine());
        await(sleep(20)); // "two" arrives, read by nobody
        writer.write("bye\n", StandardCharsets.US_ASCII);
        writer.close();
        await(writer.waitClosed());
        assertTrue(writer.isClosing());
        done.complete(null);
        return Task.done();
    }
}
