package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Server}: its address, serveForever, close, closeNow, waitClosed, handler failures, binding, and its end with the run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerTest {
    private static final String HOST = "127.0.0.1";

    /** What the run's reporter was told, as "message | exception". */
    private final List<Object[]> reports = Collections.synchronizedList(new ArrayList<>());

    private RunOptions reporting() {
        return RunOptions.defaults().withReporter((message, exception) -> reports.add(new Object[] {message, exception}));
    }

    @Async
    static Task<Void> ignore(StreamReader reader, StreamWriter writer) {
        return Task.done();
    }

    /** Says it started, then writes "bye" once released. */
    @Async
    static Task<Void> waitThenBye(StreamWriter writer, Promise<Void> started, Task<Void> release) {
        started.complete(null);
        await(release);
        writer.write("bye", StandardCharsets.UTF_8);
        return Task.done();
    }

    /** Waits for a byte that never comes, and logs how that ended. */
    @Async
    static Task<Void> readForever(StreamReader reader, Promise<Void> started, List<String> log) {
        started.complete(null);
        try {
            await(reader.read(10));
            log.add("handler read");
        } catch (CancelledException e) {
            log.add("handler cancelled");
            throw e;
        }
        return Task.done();
    }

    @Async
    static Task<Void> failAfterALine(StreamReader reader, StreamWriter writer, IOException failure) {
        await(reader.readLine());
        writer.write("partial", StandardCharsets.UTF_8);
        return Task.failed(failure);
    }

    @Async
    static Task<String> connectOrSay(int port) {
        try {
            Connection c = await(Streams.openConnection(HOST, port), IOException.class);
            await(c.close());
            return Task.of("connected");
        } catch (ConnectException e) {
            return Task.of("refused");
        } catch (IOException e) {
            return Task.of(e.toString());
        }
    }

    @Test
    void portZeroGetsAFreePortAndAddressTellsIt() {
        List<Object> seen = Weft.run(() -> {
            Server s = await(Streams.startServer(ServerTest::ignore, HOST, 0));
            List<Object> got = new ArrayList<>();
            got.add(s.port() > 0);
            got.add(s.address().getPort() == s.port());
            got.add(s.address().getAddress().getHostAddress());
            got.add(s.isServing());
            await(s.close());
            got.add(s.isServing());
            got.add(s.port() > 0); // still known once closed
            return Task.of(got);
        });
        assertEquals(List.of(true, true, HOST, true, false, true), seen);
    }

    @Test
    void serveForeverCompletesWhenTheServerIsClosed() {
        List<String> log = Weft.run(() -> {
            List<String> got = new ArrayList<>();
            Server s = await(Streams.startServer(ServerTest::ignore, HOST, 0));
            Task<Void> forever = s.serveForever();
            await(sleep(10));
            got.add("waiting " + !forever.isDone());
            got.add(await(connectOrSay(s.port())));
            Task<Void> closed = s.close();
            await(forever);
            got.add("forever ended " + (forever.isDone() && !forever.isFailed() && !forever.isCancelled()));
            await(closed);
            got.add("serving " + s.isServing());
            return Task.of(got);
        });
        assertEquals(List.of("waiting true", "connected", "forever ended true", "serving false"), log);
    }

    @Test
    void cancellingServeForeverClosesTheServer() {
        List<String> log = Weft.run(() -> {
            List<String> got = new ArrayList<>();
            Server s = await(Streams.startServer(ServerTest::ignore, HOST, 0));
            Task<Void> forever = createTask(() -> s.serveForever());
            await(sleep(10));
            forever.cancel();
            try {
                await(forever);
                got.add("not cancelled");
            } catch (CancelledException e) {
                got.add("cancelled");
            }
            got.add("serving " + s.isServing());
            got.add(await(connectOrSay(s.port())));
            await(s.waitClosed());
            got.add("closed");
            return Task.of(got);
        });
        assertEquals(List.of("cancelled", "serving false", "refused", "closed"), log);
    }

    @Test
    void serveForeverTwiceOrOnAClosedServerThrows() {
        List<String> log = Weft.run(() -> {
            List<String> got = new ArrayList<>();
            Server s = await(Streams.startServer(ServerTest::ignore, HOST, 0));
            Task<Void> forever = s.serveForever();
            try {
                s.serveForever();
                got.add("second accepted");
            } catch (IllegalStateException e) {
                got.add(e.getMessage().replace(s.address().toString(), "ADDR"));
            }
            await(s.close());
            await(forever);
            try {
                s.serveForever();
                got.add("closed accepted");
            } catch (IllegalStateException e) {
                got.add(e.getMessage().replace(s.address().toString(), "ADDR"));
            }
            return Task.of(got);
        });
        assertEquals(List.of("server ADDR is already being awaited on serveForever()", "server ADDR is closed"), log);
    }

    @Test
    void closeStopsAcceptingWhileRunningHandlersFinish() {
        List<String> log = Weft.run(() -> {
            List<String> got = new ArrayList<>();
            Promise<Void> started = Task.promise();
            Promise<Void> release = Task.promise();
            Server s = await(Streams.startServer((r, w) -> waitThenBye(w, started, release), HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            await(started);
            Task<Void> closed = s.close();
            got.add("serving " + s.isServing());
            got.add(await(connectOrSay(s.port())));
            await(sleep(20));
            got.add("closed before the handler ended " + closed.isDone());
            got.add("waitClosed before the handler ended " + s.waitClosed().isDone());
            release.complete(null);
            byte[] rest = await(c.reader().read(-1));
            got.add("client got " + new String(rest, StandardCharsets.UTF_8));
            await(closed);
            got.add("closed " + s.waitClosed().isDone());
            await(c.close());
            return Task.of(got);
        });
        assertEquals(List.of("serving false", "refused", "closed before the handler ended false",
                "waitClosed before the handler ended false", "client got bye", "closed true"), log);
    }

    @Test
    void closeNowCancelsTheHandlersAndClosesTheirConnections() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Weft.run(() -> {
            Promise<Void> started = Task.promise();
            Server s = await(Streams.startServer((r, w) -> readForever(r, started, log), HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            await(started);
            await(s.closeNow());
            log.add("closed");
            byte[] got = await(c.reader().read(10));
            log.add("client read " + got.length + " bytes, eof " + c.reader().isAtEof());
            await(c.close());
            return Task.done();
        });
        assertEquals(List.of("handler cancelled", "closed", "client read 0 bytes, eof true"), log);
    }

    @Test
    void aHandlerThatThrowsIsReportedAndItsConnectionClosed() {
        IOException boom = new IOException("boom");
        String got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                w.write("before", StandardCharsets.UTF_8);
                throw boom;
            }, HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            byte[] all = await(c.reader().read(-1));
            await(c.close());
            await(s.close());
            return Task.of(new String(all, StandardCharsets.UTF_8));
        }, reporting());
        assertEquals("before", got);
        assertOneHandlerReport(boom);
    }

    @Test
    void aHandlerWhoseTaskFailsIsReportedAndItsConnectionClosed() {
        IOException boom = new IOException("async boom");
        String got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> failAfterALine(r, w, boom), HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            c.writer().write("go\n", StandardCharsets.UTF_8);
            byte[] all = await(c.reader().read(-1));
            await(c.close());
            await(s.close());
            return Task.of(new String(all, StandardCharsets.UTF_8));
        }, reporting());
        assertEquals("partial", got);
        assertOneHandlerReport(boom);
    }

    private void assertOneHandlerReport(Throwable expected) {
        assertEquals(1, reports.size(), () -> "reports: " + describe(reports));
        String message = (String) reports.get(0)[0];
        assertTrue(message.startsWith("Unhandled exception in the connection handler of connection /127.0.0.1:"), message);
        assertSame(expected, reports.get(0)[1]);
    }

    @Test
    void aHandlerReturningNullIsReportedAndItsConnectionClosed() {
        int got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> null, HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            byte[] all = await(c.reader().read(-1));
            await(c.close());
            await(s.close());
            return Task.of(all.length);
        }, reporting());
        assertEquals(0, got);
        assertEquals(1, reports.size(), () -> "reports: " + describe(reports));
        Throwable e = (Throwable) reports.get(0)[1];
        assertEquals(NullPointerException.class, e.getClass());
        assertEquals("the ConnectionHandler returned null instead of a task", e.getMessage());
    }

    /** Far more than the socket takes at once: the close waits until all of it is sent. */
    private static final int BIG = 4 << 20;

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }

    @Test
    void theConnectionClosesWhenTheHandlerEndsAfterWhatItWroteIsSent() {
        byte[] sent = pattern(BIG);
        byte[] got = Weft.run(() -> {
            Server s = await(Streams.startServer((r, w) -> {
                w.write(sent);
                return Task.done(); // ends at once, with megabytes still buffered
            }, HOST, 0));
            Connection c = await(Streams.openConnection(HOST, s.port()));
            byte[] all = await(c.reader().read(-1));
            boolean eof = c.reader().isAtEof();
            await(c.close());
            await(s.close());
            return Task.of(eof ? all : new byte[0]);
        });
        assertEquals(BIG, got.length);
        assertArrayEquals(sent, got);
    }

    @Test
    void bindingAPortInUseFailsWithBindExceptionAtTheAwait() throws Exception {
        int before = LoopProbe.openSockets();
        String got = Weft.run(() -> {
            Server first = await(Streams.startServer(ServerTest::ignore, HOST, 0));
            int sockets = LoopProbe.openSockets();
            Task<Server> second = Streams.startServer(ServerTest::ignore, HOST, first.port());
            String outcome;
            try {
                await(second, IOException.class);
                outcome = "bound";
            } catch (BindException e) {
                outcome = "BindException: " + e.getMessage().replace(":" + first.port(), ":PORT");
            } catch (IOException e) {
                outcome = e.toString();
            }
            outcome += ", sockets left by the failed bind: " + (LoopProbe.openSockets() - sockets);
            await(first.close());
            return Task.of(outcome);
        });
        assertEquals("BindException: Address already in use: 127.0.0.1:PORT, sockets left by the failed bind: 0", got);
        assertEquals(before, LoopProbe.openSockets());
    }

    @Test
    void aHostNameIsResolvedOffTheLoop() {
        List<Object> got = Weft.run(() -> {
            Task<Server> starting = Streams.startServer((r, w) -> {
                w.write("hi", StandardCharsets.UTF_8);
                return Task.done();
            }, "localhost", 0);
            boolean doneAtOnce = starting.isDone();
            Server s = await(starting);
            InetAddress at = s.address().getAddress();
            Connection c = await(Streams.openConnection(at.getHostAddress(), s.port()));
            byte[] all = await(c.reader().read(-1));
            await(c.close());
            await(s.close());
            return Task.of(List.of(doneAtOnce, at.isLoopbackAddress(), new String(all, StandardCharsets.UTF_8)));
        });
        assertEquals(List.of(false, true, "hi"), got);
    }

    @Test
    void aStartCancelledWhileItResolvesBindsNothing() throws Exception {
        int before = LoopProbe.openSockets();
        List<String> got = Weft.run(() -> {
            List<String> seen = new ArrayList<>();
            Task<Server> starting = Streams.startServer(ServerTest::ignore, "localhost", 0);
            starting.cancel();
            try {
                Server s = await(starting);
                seen.add("started on " + s.port());
            } catch (CancelledException e) {
                seen.add("cancelled");
            }
            await(sleep(100)); // the resolution on its thread has ended meanwhile
            seen.add("sockets " + (LoopProbe.openSockets() - before));
            return Task.of(seen);
        });
        assertEquals(List.of("cancelled", "sockets 0"), got);
    }

    @Test
    void aServerLeftOpenIsClosedWhenTheRunEnds() throws Exception {
        leaveServerOpen(false); // warm-up: classes loaded, so that the count compares like with like
        int before = LoopProbe.openFdsQuiet();
        int port = leaveServerOpen(false);
        assertEquals(before, LoopProbe.openFdsSettled(before), () -> "descriptors: " + LoopProbe.fdKinds());
        // Bindable at once, even without SO_REUSEADDR: nothing listens any more.
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            again.bind(new InetSocketAddress(HOST, port));
        }
    }

    @Test
    void aServerLeftOpenWithAConnectionInItsHandlerIsClosedWhenTheRunEnds() throws Exception {
        leaveServerOpen(true);
        int before = LoopProbe.openFdsQuiet(); // the warm-up's connection may still be closing
        int port = leaveServerOpen(true);
        assertEquals(before, LoopProbe.openFdsSettled(before), () -> "descriptors: " + LoopProbe.fdKinds());
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.bind(new InetSocketAddress(HOST, port)); // SO_REUSEADDR: the closed connection may be in TIME_WAIT
        }
    }

    private static int leaveServerOpen(boolean withConnection) {
        return Weft.run(() -> {
            Promise<Void> started = Task.promise();
            Server s = await(Streams.startServer((r, w) -> readForever(r, started, new ArrayList<>()), HOST, 0));
            if (withConnection) {
                await(Streams.openConnection(HOST, s.port())); // left open too
                await(started);
            }
            return Task.of(s.port());
        });
    }

    private static String describe(List<Object[]> reports) {
        StringBuilder b = new StringBuilder();
        synchronized (reports) {
            for (Object[] r : reports) {
                b.append("\n  ").append(r[0]).append(" | ").append(r[1]);
            }
        }
        return b.toString();
    }
}
