package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.ParallelOptions;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.ConnectOptions;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix domain sockets: {@link Streams#openUnixConnection} and {@link Streams#startUnixServer}, their
 * socket file (made, removed at close and at the run's end, a stale one replaced, other files
 * refused), their errors, cancellation, and the spread over the loops of a runParallel.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketTest {
    @TempDir
    Path dir;

    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    private int sockets;
    private int selectors;

    private RunOptions reporting() {
        return RunOptions.defaults().withReporter((message, e) -> reports.add(message + " | " + e));
    }

    /**
     * The first runParallel with I/O in a JVM leaves a socket open for good (not one of ours: it
     * stays, however many runs follow), as ParallelServerTest's warm-up also allows for.
     */
    @BeforeAll
    static void warmUp() {
        Weft.runParallel(() -> Streams.startServer((r, w) -> Task.done(), "127.0.0.1", 0),
                ParallelOptions.defaults().withLoops(2));
    }

    @BeforeEach
    void countDescriptors() {
        StreamFds.assumeAvailable();
        sockets = LoopProbe.openSockets();
        selectors = LoopProbe.openSelectors();
    }

    /** Whatever a test opened is closed once its run has ended (a decrease is another test's socket finishing). */
    @AfterEach
    void nothingLeftOpen() throws InterruptedException {
        for (int i = 0; i < 100 && (LoopProbe.openSockets() > sockets || LoopProbe.openSelectors() > selectors); i++) {
            Thread.sleep(20);
        }
        assertTrue(LoopProbe.openSockets() <= sockets, () -> "sockets: " + LoopProbe.fdKinds());
        assertTrue(LoopProbe.openSelectors() <= selectors, () -> "selectors: " + LoopProbe.fdKinds());
    }

    @Async
    static Task<Void> upperCase(StreamReader reader, StreamWriter writer) {
        String line;
        while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
            writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
            await(writer.drain());
        }
        return Task.done();
    }

    @Async
    static Task<List<String>> client(Path path, String name, int lines) {
        Connection c = await(Streams.openUnixConnection(path));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            c.writer().write(name + " " + i + "\n", StandardCharsets.UTF_8);
            got.add(await(c.reader().readLine(StandardCharsets.UTF_8)));
        }
        c.writer().writeEof();
        got.add(String.valueOf(await(c.reader().readLine(StandardCharsets.UTF_8))));
        await(c.close());
        return Task.of(got);
    }

    /** What awaiting {@code task} gave: its value, or the exception's class and message. */
    @Async
    static Task<String> outcome(Task<?> task) {
        try {
            return Task.of(String.valueOf(await(task, Exception.class)));
        } catch (Exception e) {
            return Task.of(e.getClass().getName() + ": " + e.getMessage());
        } catch (CancelledException e) {
            return Task.of("cancelled");
        }
    }

    @Test
    void linesComeBackAndTheSocketFileIsRemovedAtClose() {
        Path path = dir.resolve("echo.sock");
        List<String> got = Weft.run(() -> {
            Server server = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            List<String> seen = new ArrayList<>();
            seen.add("path " + path.equals(server.path()) + ", port " + server.port() + ", address " + server.address());
            seen.add("socket file " + Files.exists(path));
            seen.addAll(await(client(path, "line", 3)));
            seen.add(server.toString().replace(path.toString(), "PATH"));
            await(server.close());
            seen.add(server.toString().replace(path.toString(), "PATH"));
            seen.add("socket file " + Files.exists(path));
            return Task.of(seen);
        }, reporting());
        assertEquals(List.of("path true, port -1, address null", "socket file true", "LINE 0", "LINE 1", "LINE 2", "null",
                "Server[PATH, serving, 0 connections]", "Server[PATH, closed, 0 connections]", "socket file false"), got);
        assertEquals(List.of(), reports);
    }

    @Test
    void manyClientsAtOnce() {
        Path path = dir.resolve("many.sock");
        int clients = 40; // under the default backlog (100): a Unix connect to a full backlog fails at once
        List<List<String>> got = Weft.run(() -> {
            Server server = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            List<Task<List<String>>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "c" + i;
                all.add(createTask(() -> client(path, name, 5)));
            }
            List<List<String>> replies = await(gather(all));
            await(server.close());
            return Task.of(replies);
        }, reporting());
        for (int i = 0; i < clients; i++) {
            List<String> expected = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                expected.add("C" + i + " " + j);
            }
            expected.add("null");
            assertEquals(expected, got.get(i));
        }
        assertFalse(Files.exists(path));
        assertEquals(List.of(), reports);
    }

    @Test
    void addressesAreUnixDomainSocketAddresses() {
        Path path = dir.resolve("addr.sock");
        List<String> got = Weft.run(() -> {
            Promise<StreamWriter> served = Task.promise();
            Server server = await(Streams.startUnixServer((r, w) -> {
                served.complete(w);
                return r.read(-1);
            }, path));
            Connection c = await(Streams.openUnixConnection(path));
            StreamWriter w = await(served);
            List<String> seen = new ArrayList<>();
            seen.add("client remote " + describe(c.remoteAddress(), path));
            seen.add("client local " + describe(c.localAddress(), path));
            seen.add("served remote " + describe(w.remoteAddress(), path));
            seen.add("served local " + describe(w.localAddress(), path));
            seen.add(c.toString().replace(path.toString(), "PATH"));
            await(c.close());
            seen.add("after close " + describe(c.remoteAddress(), path));
            await(server.close());
            return Task.of(seen);
        });
        assertEquals(List.of("client remote UnixDomainSocketAddress PATH", "client local UnixDomainSocketAddress ''",
                "served remote UnixDomainSocketAddress ''", "served local UnixDomainSocketAddress PATH",
                "Connection[connection  -> PATH]", "after close UnixDomainSocketAddress PATH"), got);
    }

    private static String describe(SocketAddress a, Path path) {
        if (!(a instanceof UnixDomainSocketAddress)) {
            return String.valueOf(a);
        }
        Path p = ((UnixDomainSocketAddress) a).getPath();
        return "UnixDomainSocketAddress " + (p.toString().isEmpty() ? "''" : p.equals(path) ? "PATH" : p.toString());
    }

    @Test
    void aServerNotClosedHasItsFileRemovedWhenTheRunEnds() {
        Path path = dir.resolve("left.sock");
        boolean existed = Weft.run(() -> {
            await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            return Task.of(Files.exists(path));
        }, reporting());
        assertTrue(existed);
        assertFalse(Files.exists(path));
        assertEquals(List.of(), reports);
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(path)); // closed without removing its file, as after a crash
        }
        assertTrue(Files.exists(path));
        List<String> got = Weft.run(() -> {
            List<String> seen = new ArrayList<>();
            seen.add(await(outcome(Streams.openUnixConnection(path))).replace(path.toString(), "PATH"));
            Server server = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            seen.addAll(await(client(path, "again", 1)));
            await(server.close());
            return Task.of(seen);
        }, reporting());
        assertEquals(List.of("java.net.ConnectException: Connection refused: PATH", "AGAIN 0", "null"), got);
        assertFalse(Files.exists(path));
    }

    @Test
    void closeRemovesItsOwnSocketFileOnlyNotOneMadeThereSince() {
        Path path = dir.resolve("replaced.sock");
        List<String> got = Weft.run(() -> {
            Server first = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            assertTrue(path.toFile().delete()); // someone removed it; a second server makes its own there
            Server second = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            await(first.close());
            List<String> seen = new ArrayList<>();
            seen.add("socket file " + Files.exists(path));
            seen.addAll(await(client(path, "second", 1)));
            await(second.close());
            seen.add("socket file " + Files.exists(path));
            return Task.of(seen);
        }, reporting());
        assertEquals(List.of("socket file true", "SECOND 0", "null", "socket file false"), got);
        assertEquals(List.of(), reports);
    }

    @Test
    void aLiveServersSocketIsNotTakenOver() {
        Path path = dir.resolve("live.sock");
        List<String> got = Weft.run(() -> {
            Server first = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            List<String> seen = new ArrayList<>();
            Task<Server> second = Streams.startUnixServer(UnixSocketTest::upperCase, path);
            seen.add(await(outcome(second)).replace(path.toString(), "PATH"));
            seen.addAll(await(client(path, "still first", 1)));
            await(first.close());
            seen.add("socket file " + Files.exists(path));
            return Task.of(seen);
        }, reporting());
        assertEquals(List.of("java.net.BindException: Address PATH is already in use: a server listens there",
                "STILL FIRST 0", "null", "socket file false"), got);
    }

    @Test
    void aFileThatIsNotASocketIsRefusedAndLeftAlone() throws IOException {
        Path path = dir.resolve("regular.txt");
        Files.writeString(path, "keep me");
        String got = Weft.run(() -> outcome(Streams.startUnixServer(UnixSocketTest::upperCase, path)));
        assertEquals("java.net.BindException: Cannot listen at " + path + ": a file that is not a socket is there", got);
        assertEquals("keep me", Files.readString(path));
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        got = Weft.run(() -> outcome(Streams.startUnixServer(UnixSocketTest::upperCase, directory)));
        assertEquals("java.net.BindException: Cannot listen at " + directory + ": a file that is not a socket is there", got);
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void connectingToAMissingPathFailsAtTheAwait() {
        Path path = dir.resolve("nobody.sock");
        List<String> got = Weft.run(() -> {
            Task<Connection> connecting = Streams.openUnixConnection(path); // no throw at the call
            List<String> seen = new ArrayList<>();
            seen.add(await(outcome(connecting)));
            try {
                await(Streams.openUnixConnection(path), IOException.class);
            } catch (SocketException e) {
                seen.add("caught " + e.getClass().getSimpleName() + ", cause " + e.getCause().getMessage());
            } catch (IOException e) {
                seen.add("another IOException " + e);
            }
            return Task.of(seen);
        });
        assertEquals(List.of("java.net.SocketException: No such file or directory: " + path,
                "caught SocketException, cause No such file or directory"), got);
    }

    @Test
    void aPathTooLongForTheSystemIsAClearError() {
        Path path = dir.resolve("x".repeat(120) + ".sock");
        int bytes = path.toString().length();
        List<String> got = Weft.run(() -> {
            String server = await(outcome(Streams.startUnixServer(UnixSocketTest::upperCase, path)));
            String client = await(outcome(Streams.openUnixConnection(path)));
            return Task.of(List.of(server, client));
        });
        String expected = "java.net.SocketException: Unix domain socket path too long (" + bytes
                + " bytes; Linux takes 107 at most, macOS 103): " + path;
        assertEquals(List.of(expected, expected), got);
        assertFalse(Files.exists(path));
    }

    @Test
    void aLocalAddressIsForTcpOnly() {
        Path path = dir.resolve("local.sock");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weft.run(() -> Streams
                .openUnixConnection(path, ConnectOptions.defaults().withLocalAddress(new InetSocketAddress(0)))));
        assertEquals("a Unix connection binds no local address: withLocalAddress is for TCP", e.getMessage());
    }

    /** Before: the empty path read as the current directory, and the bind said "a file that is not a socket" is there. */
    @Test
    void anEmptyPathIsRefusedAtTheCall() {
        String expected = "an empty path: name the Unix domain socket's file";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Weft.run(() -> Streams.startUnixServer(UnixSocketTest::readNothing, Path.of("")))).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Weft.run(() -> Streams.openUnixConnection(Path.of("")))).getMessage());
    }

    @Async
    static Task<Void> readNothing(StreamReader reader, StreamWriter writer) {
        return Task.done();
    }

    /** Waits for a line that never comes, and logs how that ended. */
    @Async
    static Task<Void> readForever(StreamReader reader, Promise<Void> started, List<String> log) {
        started.complete(null);
        try {
            await(reader.readLine());
            log.add("handler read");
        } catch (CancelledException e) {
            log.add("handler cancelled");
            throw e;
        }
        return Task.done();
    }

    @Test
    void cancellation() {
        Path path = dir.resolve("cancel.sock");
        List<String> got = Weft.run(() -> {
            List<String> log = new ArrayList<>();
            Promise<Void> started = Task.promise();
            Server server = await(Streams.startUnixServer((r, w) -> readForever(r, started, log), path));
            Connection c = await(Streams.openUnixConnection(path));
            await(started);
            // A client read cancelled while it waits.
            Task<byte[]> read = createTask(() -> c.reader().read(10));
            await(sleep(10));
            read.cancel();
            log.add("client read " + await(outcome(read)));
            // closeNow() cancels the handler; its connection is aborted, the client reads the end.
            await(server.closeNow());
            log.add("client then reads " + new String(await(c.reader().read(-1)), StandardCharsets.UTF_8).length() + " bytes");
            await(c.close());
            log.add("socket file " + Files.exists(path));
            // Cancelling serveForever closes the server, and removes its file.
            Server second = await(Streams.startUnixServer(UnixSocketTest::upperCase, path));
            Task<Void> forever = createTask(() -> second.serveForever());
            await(sleep(10));
            forever.cancel();
            log.add("serveForever " + await(outcome(forever)));
            log.add("serving " + second.isServing() + ", socket file " + Files.exists(path));
            return Task.of(log);
        }, reporting());
        assertEquals(List.of("client read cancelled", "handler cancelled",
                "client then reads 0 bytes", "socket file false", "serveForever cancelled",
                "serving false, socket file false"), got);
        assertEquals(List.of(), reports);
    }

    /** Replies with the thread it runs on. */
    @Async
    static Task<Void> whereAmI(StreamReader reader, StreamWriter writer) {
        await(reader.readLine());
        writer.write(Thread.currentThread().getName() + "\n", StandardCharsets.UTF_8);
        await(writer.drain());
        return Task.done();
    }

    @Async
    static Task<String> ask(Path path) {
        Connection c = await(Streams.openUnixConnection(path));
        c.writer().write("where?\n", StandardCharsets.UTF_8);
        String reply = await(c.reader().readLine(StandardCharsets.UTF_8));
        await(c.close());
        return Task.of(reply);
    }

    @Test
    void underRunParallelConnectionsGoRoundRobinOverTheLoops() {
        Path path = dir.resolve("parallel.sock");
        int loops = 3;
        List<String> got = Weft.runParallel(() -> {
            Server s = await(Streams.startUnixServer(UnixSocketTest::whereAmI, path));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 2 * loops; i++) {
                replies.add(await(ask(path))); // one after the other: accepted in this order
            }
            await(s.close());
            return Task.of(replies);
        }, ParallelOptions.defaults().withLoops(loops).withRunOptions(reporting()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2 * loops; i++) {
            expected.add("weft-loop-" + (i % loops));
        }
        assertEquals(expected, got);
        assertFalse(Files.exists(path));
        assertEquals(List.of(), reports);
    }
}
