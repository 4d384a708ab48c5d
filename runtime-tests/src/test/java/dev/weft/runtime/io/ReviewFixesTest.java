package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Loop;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.LoopSelector;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.Streams;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The defects a code review found in the I/O of issue 13, each shown by what it did wrong. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReviewFixesTest {
    private static final String HOST = "127.0.0.1";

    // ---- 1. a busy turn collects ready channels before it fires due timers ---------------------

    /** Reads one byte, then logs "read". */
    @Async
    static Task<Void> readAndLog(StreamReader reader, List<String> log, Promise<Void> waiting) {
        Task<byte[]> read = reader.read(1);
        waiting.complete(null);
        await(read);
        log.add("read");
        return Task.done();
    }

    @Test
    void aBusyTurnResumesReadyChannelsBeforeItFiresDueTimers() throws Exception {
        List<String> log = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection(HOST, listener.getLocalPort()));
                Socket peer = accept(listener);
                Promise<Void> waiting = Task.promise();
                Task<Void> reading = createTask(() -> readAndLog(c.reader(), log, waiting));
                await(waiting);
                await(Weft.sleep(1)); // the loop has selected with the read registered
                // From the loop's thread: the byte arrives and the timer falls due before the next turn,
                // which is busy (the callback is ready), so it polls the channels without waiting.
                Loop loop = Weft.loop();
                write(peer, new byte[] {'x'});
                loop.callLater(Duration.ofMillis(1), () -> log.add("timer"));
                loop.callSoon(() -> log.add("busy"));
                LoopIoTest.sleepQuietly(50);
                await(reading);
                await(Weft.sleep(5)); // the timer has run too
                LoopIoTest.closeQuietly(peer);
                await(c.close());
                return Task.done();
            });
        }
        // asyncio's _run_once: the ready callback, then what select found, then the due timers.
        assertEquals(List.of("busy", "read", "timer"), log);
    }

    static Socket accept(ServerSocket listener) {
        try {
            return listener.accept();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void write(Socket s, byte[] bytes) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- 2. read(-1) from a fast peer leaves the loop turns for other work ----------------------

    private static final int STREAMED = 64 << 20;
    /** The most one read attempt takes from the socket since the fix: 16 reads of 64 KiB. */
    private static final int MOST_PER_TURN = 16 * 65536;

    /** How many bytes {@code reader} holds, from its toString ("StreamReader[N bytes buffered..."). */
    static int buffered(StreamReader reader) {
        String s = reader.toString();
        return Integer.parseInt(s.substring("StreamReader[".length(), s.indexOf(" bytes buffered")));
    }

    /**
     * A peer thread writes 64 MiB as fast as it can, its send buffer enlarged so that MiBs wait
     * in the socket before the read starts. A ticker on the loop (a callback each turn) watches
     * how much the read(-1) has buffered: before the fix one turn could take all that waited (the
     * attempt read until the socket was empty), now at most 1 MiB a turn, so the ticker runs at
     * least 64 times during the read.
     */
    @Test
    void readingAllFromAFastPeerLetsOtherCallbacksRunBetweenMegabytes() throws Exception {
        int[] got = new int[3];
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Thread writer = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.setSendBufferSize(4 << 20);
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[1 << 20];
                    for (int sent = 0; sent < STREAMED; sent += chunk.length) {
                        out.write(chunk); // blocks while the socket's buffers are full
                    }
                } catch (IOException e) {
                    // the reader went away: its assertions tell
                }
            }, "fast-peer");
            writer.start();
            try {
                Weft.run(() -> {
                    Connection c = await(Streams.openConnection(HOST, listener.getLocalPort()));
                    LoopIoTest.sleepQuietly(200); // the peer has filled the socket's buffers and waits
                    StreamReader reader = c.reader();
                    Task<byte[]> all = reader.read(-1);
                    Loop loop = Weft.loop();
                    int[] ticks = new int[1];
                    int[] mostPerTurn = new int[1];
                    int[] before = {buffered(reader)}; // what the read took when it started
                    Runnable[] tick = new Runnable[1];
                    tick[0] = () -> {
                        if (all.isDone()) {
                            return;
                        }
                        ticks[0]++;
                        int now = buffered(reader);
                        mostPerTurn[0] = Math.max(mostPerTurn[0], now - before[0]);
                        before[0] = now;
                        loop.callSoon(tick[0]);
                    };
                    loop.callSoon(tick[0]);
                    got[0] = await(all).length;
                    got[1] = ticks[0];
                    got[2] = mostPerTurn[0];
                    await(c.close());
                    return Task.done();
                });
            } finally {
                writer.join(10_000);
            }
        }
        System.out.printf("[review] read(-1) of %,d bytes from a fast peer: the ticker ran %,d times meanwhile, the most read in one turn %,d bytes%n",
                got[0], got[1], got[2]);
        assertEquals(STREAMED, got[0]);
        assertTrue(got[2] <= MOST_PER_TURN, () -> got[2] + " bytes read in one turn");
        assertTrue(got[1] >= STREAMED / MOST_PER_TURN, () -> "the ticker ran " + got[1] + " times during the read");
    }

    // ---- 3. startServer's runtime failures arrive at the await ------------------------------------

    /**
     * The child JVM of {@link #aRuntimeFailureToBindArrivesAtTheAwait}: started with
     * {@code -Djava.net.preferIPv4Stack=true}, where binding an IPv6 literal throws
     * {@link java.nio.channels.UnsupportedAddressTypeException}. Prints how the failure came.
     */
    static final class BindChild {
        public static void main(String[] args) {
            String how = Weft.run(() -> {
                Task<Server> start;
                try {
                    start = Streams.startServer((r, w) -> Task.done(), "::1", 0);
                } catch (RuntimeException e) {
                    return Task.of("startServer threw " + e.getClass().getName());
                }
                try {
                    Server s = await(start);
                    await(s.close());
                    return Task.of("bound " + s.address());
                } catch (RuntimeException e) {
                    return Task.of("the await threw " + e.getClass().getName());
                }
            });
            System.out.println(how);
            System.out.flush();
        }
    }

    @Test
    void aRuntimeFailureToBindArrivesAtTheAwait() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), BindChild.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = out.readLine()) != null; ) {
                lines.add(l);
            }
        } finally {
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child ended");
        }
        assertEquals(List.of("the await threw java.nio.channels.UnsupportedAddressTypeException"), lines);
    }

    // ---- 4. a server closed from another loop's thread accepts nothing more -------------------------------

    /** Counts itself, and ends a little later. */
    @Async
    static Task<Void> count(AtomicInteger handled) {
        handled.incrementAndGet();
        await(Weft.sleep(50));
        return Task.done();
    }

    /**
     * Another loop of the runParallel closes {@code s} on its thread; once close() has returned,
     * connects once more (the backlog takes the connection). Blocks the calling thread meanwhile.
     */
    static void closeFromAnotherLoopThenConnect(LoopSelector other, Server s, List<Socket> clients, List<String> seen) {
        CountDownLatch closed = new CountDownLatch(1);
        other.loop().callSoonThreadSafe(() -> {
            s.close();
            closed.countDown();
        });
        try {
            assertTrue(closed.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        seen.add("serving after close: " + s.isServing());
        clients.add(LoopIoTest.blockingConnect(s.port()));
    }

    /** Registers the pipe's source with this loop's selector: {@code onReady} runs when a byte came (it takes it). */
    static SelectionKey watch(Pipe pipe, Runnable onReady) {
        try {
            pipe.source().configureBlocking(false);
            SelectionKey key = LoopSelector.current("watch").register(pipe.source(), ops -> {
                try {
                    pipe.source().read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                onReady.run();
            });
            key.interestOps(SelectionKey.OP_READ);
            return key;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void send(Pipe pipe) {
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Deterministic: the server's loop collects, in one select, a pipe's readiness and then the
     * server's accept. The pipe's handler (on the loop's thread, before the accept) has the other
     * loop close the server and connects again once close() has returned; then the accept handler
     * takes both connections (the one before, the one after close()), and must serve neither: the
     * close's hand-over to the loop comes a turn later. Before the fix both were served.
     */
    @Test
    void aServerClosedFromAnotherLoopsThreadServesNoConnectionItAcceptsLater() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Pipe pipe = Pipe.open();
        try {
            Weft.runParallel(() -> {
                Server s = await(Streams.startServer((r, w) -> count(handled), HOST, 0));
                List<Socket> clients = Collections.synchronizedList(new ArrayList<>());
                Promise<Void> handled1 = Task.promise();
                LoopSelector other = null;
                for (LoopSelector peer : LoopSelector.current("test").peers()) {
                    if (!peer.inLoopThread()) {
                        other = peer;
                    }
                }
                LoopSelector otherLoop = other;
                SelectionKey key = watch(pipe, () -> {
                    closeFromAnotherLoopThenConnect(otherLoop, s, clients, seen);
                    handled1.complete(null);
                });
                await(Weft.sleep(1)); // the loop has selected with the pipe and the accept registered
                // From the loop's thread (it cannot select in between): the pipe becomes readable,
                // then a connection waits to be accepted; the next select finds both, in that order.
                send(pipe);
                LoopIoTest.sleepQuietly(20);
                clients.add(LoopIoTest.blockingConnect(s.port()));
                LoopIoTest.sleepQuietly(20);
                await(handled1);
                key.cancel();
                await(Weft.waitFor(s.waitClosed(), Duration.ofSeconds(10)));
                await(Weft.sleep(100)); // a handler started on the other loop would have counted by now
                seen.add("handlers: " + handled.get());
                for (Socket c : clients) {
                    int b;
                    try {
                        c.setSoTimeout(5_000);
                        b = c.getInputStream().read();
                    } catch (IOException e) {
                        b = -2; // reset
                    }
                    seen.add(b == -1 ? "closed" : b == -2 ? "reset" : "read " + b);
                    LoopIoTest.closeQuietly(c);
                }
                return Task.done();
            }, ParallelOptions.defaults().withLoops(2));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("serving after close: false", "handlers: 0"), seen.subList(0, 2));
        assertEquals(4, seen.size(), seen::toString);
        for (String s : seen.subList(2, 4)) {
            assertTrue(s.equals("closed") || s.equals("reset"), seen::toString);
        }
    }
}
