package dev.weft.runtime.io;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.RunOptions;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Streams;
import java.nio.charset.StandardCharsets;

/**
 * The server of {@link ServerAcceptFailureTest}, in a JVM of its own started with few descriptors:
 * {@code ServerChild <connections>}. Prints {@code port P} once it listens, {@code report: ...} for
 * each report of its loop, and {@code served N} once it served that many connections; then exits.
 */
final class ServerChild {
    private int served;
    private int expected;
    private Promise<Void> done;

    public static void main(String[] args) throws Exception {
        preload();
        ServerChild c = new ServerChild();
        c.expected = Integer.parseInt(args[0]);
        Weft.run(c::main, RunOptions.defaults().withReporter((m, e) -> {
            System.out.println("report: " + m + " | " + e);
            System.out.flush();
        }));
        System.out.println("served " + c.served);
        System.out.flush();
        System.exit(0);
    }

    /**
     * Loads every class of the runtime and of the tests from the class path's directories now: out
     * of descriptors, loading one more from a directory (a file to open) would fail, and this
     * JVM is to run out of descriptors on purpose.
     */
    private static void preload() throws Exception {
        ClassLoader loader = ServerChild.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path root = java.nio.file.Paths.get(entry);
            if (!java.nio.file.Files.isDirectory(root)) {
                continue;
            }
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                    String name = root.relativize(f).toString();
                    if (name.startsWith("dev/weft/") && name.endsWith(".class") && !name.equals("module-info.class")) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        } catch (LinkageError | ClassNotFoundException e) {
                            // not needed here
                        }
                    }
                }
            }
        }
    }

    @Async
    Task<Void> main() {
        done = Task.promise();
        Server s = await(Streams.startServer(this::echoOnce, "127.0.0.1", 0));
        // One connection to itself first, while descriptors are plenty: the JDK sets up what a
        // socket's read and close need (sun.nio.ch.FileDispatcherImpl opens a socket pair once)
        // at their first use, which fails for good if that is when the process has none left.
        Connection self = await(Streams.openConnection("127.0.0.1", s.port()));
        self.writer().write("warm-up\n", StandardCharsets.UTF_8);
        await(self.reader().readLine());
        await(self.close());
        System.out.println("port " + s.port());
        System.out.flush();
        await(done);
        await(s.close());
        return Task.done();
    }

    /** Echoes one line, then waits for the client to close. */
    @Async
    Task<Void> echoOnce(StreamReader reader, StreamWriter writer) {
        String line = await(reader.readLine(StandardCharsets.UTF_8));
        if (line != null) {
            writer.write(line + "\n", StandardCharsets.UTF_8);
            await(reader.read(-1)); // until the client closes
        }
        if ("warm-up".equals(line)) {
            return Task.done();
        }
        if (++served == expected) {
            done.complete(null);
        }
        return Task.done();
    }
}
