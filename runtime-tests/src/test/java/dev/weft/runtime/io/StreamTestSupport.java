package dev.weft.runtime.io;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every stream test class shares: once its tests ran, the process has no more file
 * descriptors open than before them. The baseline is taken after a warm-up that opens and closes
 * a server, a connection and a refused connect, so that what the JVM opens once and keeps (the
 * jars it loads classes from) is counted in it.
 */
abstract class StreamTestSupport {
    private static int baseline = -1;

    @BeforeAll
    static void takeBaseline() throws Exception {
        if (!StreamFds.available()) {
            return;
        }
        Weft.run(StreamTestSupport::warmUp);
        try (StreamPeer peer = new StreamPeer(s -> StreamPeer.send(s, "x"))) {
            Weft.run(() -> {
                Connection c = await(Streams.openConnection("127.0.0.1", peer.port()));
                await(c.reader().read(1));
                return c.close();
            });
        }
        baseline = StreamFds.count();
    }

    @AfterAll
    static void noDescriptorLeft() {
        StreamFds.assertBackTo(baseline, "after the class's tests");
    }

    @Async
    private static Task<Void> echoLine(StreamReader r, StreamWriter w) {
        w.write(await(r.readLine()));
        return Task.done();
    }

    @Async
    private static Task<Void> warmUp() {
        Server server = await(Streams.startServer(StreamTestSupport::echoLine, "127.0.0.1", 0));
        Connection c = await(Streams.openConnection("127.0.0.1", server.port()));
        c.writer().write("warm\n", StandardCharsets.UTF_8);
        await(c.reader().readLine(StandardCharsets.UTF_8));
        await(c.close());
        await(server.close());
        try {
            await(Streams.openConnection("127.0.0.1", freePort()), IOException.class);
        } catch (IOException expected) {
            // refused, as it should be
        }
        return Task.done();
    }

    /** A port nothing listens on (it was free a moment ago). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
