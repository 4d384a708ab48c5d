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

    public static void main(String[] args) {
        ServerChild c = new ServerChild();
        c.expected = Integer.parseInt(args[0]);
        Weft.run(c::main, RunOptions.defaults().withReporter((m, e) -> {
            System.out.println("report: " + m + " | " + e);
            System.out.flush();
        }));
        System.out.println("served " + (c.served - 1));
        System.out.flush();
        System.exit(0);
    }

    @Async
    Task<Void> main() {
        done = Task.promise();
        Server s = await(Streams.startServer(this::echoOnce, "127.0.0.1", 0));
        // One round before the flood: out of descriptors, the JVM cannot open the class files (or
        // initialize the JDK's socket classes) that a first accept, echo, close or timer would load.
        expected++;
        Connection warmUp = await(Streams.openConnection("127.0.0.1", s.port()));
        warmUp.writer().write("warm-up\n", StandardCharsets.UTF_8);
        await(warmUp.reader().readLine(StandardCharsets.UTF_8));
        await(warmUp.close());
        Promise<Void> timer = Task.promise();
        Weft.loop().callLater(java.time.Duration.ZERO, () -> timer.complete(null));
        await(timer);
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
            await(reader.read(-1));
        }
        if (++served == expected) {
            done.complete(null);
        }
        return Task.done();
    }
}
