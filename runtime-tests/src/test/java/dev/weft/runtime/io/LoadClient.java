package dev.weft.runtime.io;

import static dev.weft.Weft.await;
import static dev.weft.Weft.createTask;
import static dev.weft.Weft.gather;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Streams;
import dev.weft.sync.AsyncSemaphore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@link LoadTest}, run in a JVM of its own (one process cannot hold both ends
 * of 10,000 connections under the usual descriptor limit): {@code LoadClient <port> <connections>
 * <connecting at once>}. Each connection sends a line and checks the reply, then waits for the
 * server to close it. Prints {@code replies=R eof=E peak=P errors=X} and exits 0 if all went well.
 */
final class LoadClient {
    private int open;
    private int peak;
    private int replies;
    private int eofs;
    private final List<String> errors = new ArrayList<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int connecting = Integer.parseInt(args[2]);
        LoadClient c = new LoadClient();
        Weft.run(() -> c.all(port, n, connecting));
        System.out.println("replies=" + c.replies + " eof=" + c.eofs + " peak=" + c.peak + " errors=" + c.errors.size());
        for (String e : c.errors.subList(0, Math.min(10, c.errors.size()))) {
            System.out.println("  " + e);
        }
        System.out.flush();
        System.exit(c.errors.isEmpty() && c.replies == n && c.eofs == n ? 0 : 1);
    }

    @Async
    Task<Void> all(int port, int n, int connecting) {
        AsyncSemaphore limit = AsyncSemaphore.create(connecting);
        List<Task<Void>> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            clients.add(createTask(() -> one(port, id, limit)));
        }
        await(gather(clients));
        return Task.done();
    }

    @Async
    Task<Void> one(int port, int id, AsyncSemaphore limit) {
        Connection c;
        await(limit.acquire());
        try {
            c = await(Streams.openConnection("127.0.0.1", port), IOException.class);
            open++;
            peak = Math.max(peak, open);
            c.writer().write("hello " + id + "\n", StandardCharsets.UTF_8);
            String reply = await(c.reader().readLine(StandardCharsets.UTF_8), IOException.class);
            if (("HELLO " + id).equals(reply)) {
                replies++;
            } else {
                errors.add(id + ": reply " + reply);
            }
        } catch (IOException e) {
            errors.add(id + ": " + e);
            return Task.done();
        } finally {
            limit.release();
        }
        try {
            // The server closes first, once every connection has had its reply.
            byte[] rest = await(c.reader().read(-1), IOException.class);
            if (rest.length == 0) {
                eofs++;
            } else {
                errors.add(id + ": " + rest.length + " bytes more");
            }
        } catch (IOException e) {
            errors.add(id + ": at the end: " + e);
        }
        open--;
        await(c.close());
        return Task.done();
    }
}
