package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many MiB both ways through TLS 1.3 connections, byte-exact, and TLS 1.3 KeyUpdates: a JDK peer
 * in a child JVM with a tiny {@code jdk.tls.keyLimits} updates its keys every 64 KiB and asks the
 * Weft side to update its own; the data keeps flowing both ways.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsKeyUpdateTest extends TlsTestSupport {
    private static final int CHUNK = 64 * 1024;
    private static final int SIZE = 16 * 1024 * 1024;
    private static final byte[] DATA = data(SIZE);

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    @Async
    private static Task<Void> sendAll(StreamWriter w, byte[] data, boolean eof) {
        for (int off = 0; off < data.length; off += CHUNK) {
            w.write(ByteBuffer.wrap(data, off, Math.min(CHUNK, data.length - off)));
            await(w.drain());
        }
        if (eof) {
            w.writeEof();
        }
        return Task.done();
    }

    @Async
    private static Task<byte[]> readAll(StreamReader r) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] b;
        while ((b = await(r.read(CHUNK))).length > 0) {
            all.write(b, 0, b.length);
        }
        return Task.of(all.toByteArray());
    }

    /**
     * Sends {@link #DATA} to an echoing peer at {@code port} while reading the echo, to the end of
     * the stream; returns the echo. {@code eof}: the end of {@link #DATA} is a {@code writeEof()}.
     */
    @Async
    private static Task<byte[]> roundTrip(int port, boolean eof) {
        Connection c = await(Streams.openConnection("localhost", port, tls(CLIENT)));
        assertEquals("TLSv1.3", c.writer().tlsSession().getProtocol());
        Task<Void> sending = createTask(() -> sendAll(c.writer(), DATA, eof));
        byte[] echoed = await(readAll(c.reader()));
        await(sending);
        await(c.close());
        return Task.of(echoed);
    }

    /** Echoes until the end of the stream. */
    static void echo(InputStream in, OutputStream out) throws IOException {
        byte[] b = new byte[CHUNK];
        for (int n; (n = in.read(b)) >= 0;) {
            out.write(b, 0, n);
        }
        out.flush();
    }

    @Test
    void sixteenMibBothWaysWithAJdkServer() throws Exception {
        int before = socketsAndSelectors();
        TlsPeer peer = TlsPeer.server(SERVER, TlsPeer.protocols("TLSv1.3"),
                s -> echo(s.getInputStream(), s.getOutputStream()));
        try {
            byte[] echoed = Weft.run(() -> {
                byte[] e = await(roundTrip(peer.port(), true));
                await(finished(peer));
                return Task.of(e);
            });
            assertEquals(SIZE, echoed.length);
            assertArrayEquals(DATA, echoed);
        } finally {
            peer.close();
        }
        assertSocketsBackTo(before, "after the transfer");
    }

    @Async
    private static Task<Void> echoHandler(StreamReader r, StreamWriter w) {
        byte[] b;
        while ((b = await(r.read(CHUNK))).length > 0) {
            w.write(b);
            await(w.drain());
        }
        return Task.done();
    }

    @Test
    void sixteenMibBothWaysWithAJdkClient() throws Exception {
        int before = socketsAndSelectors();
        AtomicReference<byte[]> echoed = new AtomicReference<>();
        Weft.run(() -> {
            Server server = await(Streams.startServer(TlsKeyUpdateTest::echoHandler, "127.0.0.1", 0,
                    tlsServer(SERVER)));
            await(finished(TlsPeer.client(CLIENT, "localhost", server.port(), TlsPeer.protocols("TLSv1.3"), s -> {
                AtomicReference<Throwable> writeFailure = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        for (int off = 0; off < SIZE; off += CHUNK) {
                            out.write(DATA, off, CHUNK);
                        }
                        out.flush();
                        s.shutdownOutput();
                    } catch (IOException e) {
                        writeFailure.set(e);
                    }
                }, "tls-peer-writer");
                writer.start();
                try {
                    echoed.set(TlsPeer.readAll(s));
                } finally {
                    writer.join(30_000);
                }
                if (writeFailure.get() != null) {
                    throw new AssertionError("the peer's writes failed", writeFailure.get());
                }
            })));
            await(server.close());
            return Task.done();
        });
        assertEquals(SIZE, echoed.get().length);
        assertArrayEquals(DATA, echoed.get());
        assertSocketsBackTo(before, "after the transfer");
    }

    // ---- KeyUpdates, forced by a child JVM's key limits ------------------------------------------

    @Test
    void keyUpdatesBothWaysWhileDataFlows() throws Exception {
        Path dir = Files.createTempDirectory("weft-key-update");
        Path keyStore = dir.resolve("server.p12");
        Path security = dir.resolve("java.security");
        Path debug = dir.resolve("debug.log");
        Process child = null;
        int before = socketsAndSelectors();
        try {
            try (OutputStream out = Files.newOutputStream(keyStore)) {
                TestCertificates.keyStore(TestCertificates.Leaf.LOCALHOST).store(out, TestCertificates.PASSWORD);
            }
            // every 64 KiB written, the child updates its write key and asks the Weft side to update its own
            Files.write(security, List.of("jdk.tls.keyLimits=AES/GCM/NoPadding KeyUpdate 2^16"));
            String classes = new File(KeyUpdateEchoPeer.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()).getPath();
            child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.security.properties=" + security, "-Djavax.net.debug=ssl:handshake",
                    "-cp", classes, KeyUpdateEchoPeer.class.getName(),
                    keyStore.toString(), new String(TestCertificates.PASSWORD), String.valueOf(SIZE))
                    .redirectError(debug.toFile())
                    .start();
            child.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII));
            String first = out.readLine();
            Matcher port = Pattern.compile("port (\\d+)").matcher(String.valueOf(first));
            assertTrue(port.matches(), () -> "the child said " + first + "; its log: " + tail(debug));
            int childPort = Integer.parseInt(port.group(1));

            byte[] echoed;
            try {
                echoed = Weft.run(() -> roundTrip(childPort, false));
            } catch (Exception | Error e) { // Weft.run rethrows the task's checked exceptions as they are
                child.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the transfer failed; the child's log ends with:\n" + tail(debug), e);
            }
            assertEquals(SIZE, echoed.length);
            assertArrayEquals(DATA, echoed);

            assertEquals("echoed " + SIZE, out.readLine());
            String after = out.readLine();
            // the JDK's own failure reading our close_notify at its key limit, if it comes (see the child)
            assertTrue(after == null || after.equals("after the end: java.net.SocketException: "
                    + "Socket has been closed or broken"), () -> after + "; the child's log ends with:\n" + tail(debug));
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
            assertEquals(0, child.exitValue(), () -> tail(debug));
            String log = new String(Files.readAllBytes(debug), StandardCharsets.UTF_8);
            int produced = count(log, "Produced KeyUpdate post-handshake message");
            int consumed = count(log, "Consuming KeyUpdate post-handshake message");
            // 16 MiB out at one update per 64 KiB: some 256 from the child; each asks for one back,
            // which the Weft side sends with its next record (one per update asked while it writes)
            assertTrue(produced >= 100, () -> produced + " KeyUpdates produced by the child");
            assertTrue(consumed >= 1, () -> consumed + " KeyUpdates from the Weft side");
        } finally {
            if (child != null) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
                child.getInputStream().close();
            }
            for (Path p : new Path[] {keyStore, security, debug, dir}) {
                Files.deleteIfExists(p);
            }
        }
        assertSocketsBackTo(before, "after the transfer");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(Path log) {
        try {
            String s = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
