package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Server;
import dev.weft.io.ServerOptions;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 concurrent connections on one loop: each sends a line and gets its reply, and none is
 * closed before all have had theirs (the server holds them until then, and closes first). The
 * clients run in a child JVM ({@link LoadClient}): both ends in one process would need twice the
 * descriptors. {@code -Dweft.load.connections=N} sets the count.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadTest {
    private static final int CONNECTIONS = Integer.getInteger("weft.load.connections", 10_000);
    /** Connects (and first exchanges) under way at once: within the listen backlog. */
    private static final int CONNECTING = 500;
    /** Descriptors beyond the connections: the JVM's own jars, selectors, pipes. */
    private static final int SPARE = 500;

    // The server's side, all on its one loop.
    private int open;
    private int peak;
    private int handled;
    private int replied;
    private final List<String> errors = new ArrayList<>();
    private Promise<Void> allReplied;

    @Async
    Task<Void> serve(StreamReader reader, StreamWriter writer) {
        handled++;
        open++;
        peak = Math.max(peak, open);
        try {
            String line = await(reader.readLine(StandardCharsets.UTF_8));
            if (line == null) {
                errors.add("a client sent nothing");
                return Task.done();
            }
            writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
            await(writer.drain());
            if (++replied == CONNECTIONS) {
                allReplied.complete(null);
            }
            await(allReplied); // all stay open until every one has had its reply
            return Task.done(); // the server closes first: its side keeps the TIME_WAITs
        } finally {
            open--;
        }
    }

    @Test
    void tenThousandConnectionsOnOneLoop() throws Exception {
        long limit = openFilesLimit();
        assumeTrue(limit >= CONNECTIONS + SPARE, "the open-files limit is " + limit + " (ulimit -n), below the "
                + (CONNECTIONS + SPARE) + " descriptors " + CONNECTIONS + " connections need in each process");
        File out = File.createTempFile("weft-load-client", ".txt");
        Process[] child = new Process[1];
        try {
            long start = System.nanoTime();
            int exit = Weft.run(() -> {
                allReplied = Task.promise();
                Server s = await(Streams.startServer(this::serve, "127.0.0.1", 0,
                        ServerOptions.defaults().withBacklog(4096)));
                child[0] = startClient(s.port(), out);
                int code = await(toThread(() -> child[0].waitFor(150, TimeUnit.SECONDS) ? child[0].exitValue() : -1));
                await(s.close());
                return Task.of(code);
            });
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String report = String.join("\n", Files.readAllLines(out.toPath()));
            System.out.printf("[load] %,d connections on one loop in %,d ms: server peak %,d open; client: %s%n",
                    CONNECTIONS, ms, peak, report);
            assertEquals(List.of(), errors);
            assertEquals("replies=" + CONNECTIONS + " eof=" + CONNECTIONS + " peak=" + CONNECTIONS + " errors=0",
                    report.split("\n")[0], report);
            assertEquals(0, exit, report);
            assertEquals(List.of(CONNECTIONS, CONNECTIONS, CONNECTIONS, 0), List.of(handled, replied, peak, open));
        } finally {
            if (child[0] != null) {
                child[0].destroyForcibly();
                child[0].waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out.toPath());
        }
    }

    private static Process startClient(int port, File out) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                LoadClient.class.getName(), String.valueOf(port), String.valueOf(CONNECTIONS), String.valueOf(CONNECTING));
        pb.redirectErrorStream(true);
        pb.redirectOutput(out);
        try {
            return pb.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This process's open-files limit (the soft one, which the JVM raised to the hard one at start). */
    static long openFilesLimit() {
        for (String line : LoopProbe.lines("/proc/self/limits")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
            }
        }
        return Long.MAX_VALUE; // not Linux: let the run tell
    }
}
