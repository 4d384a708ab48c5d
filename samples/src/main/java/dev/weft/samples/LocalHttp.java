package dev.weft.samples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.gather;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Concurrent I/O for real: a small HTTP server on loopback (its own threads) answers three
 * endpoints after 300, 600 and 900 ms; one coroutine fetches all three at once with
 * {@link HttpClient#sendAsync}, whose {@code CompletableFuture} is awaited directly. The bodies come
 * back in request order after about the longest delay (~900 ms), not the sum (1800 ms).
 */
public final class LocalHttp {
    /** Path, delay in ms, body. */
    static final String[][] ENDPOINTS = {
        {"/users", "600", "users: alice, bob"},
        {"/posts", "300", "posts: 2 new"},
        {"/comments", "900", "comments: 5 new"},
    };

    /** Starts the server on 127.0.0.1, on a free port; each request waits its delay on a server thread. */
    static HttpServer startServer(ExecutorService threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String[] e : ENDPOINTS) {
            long delay = Long.parseLong(e[1]);
            byte[] body = e[2].getBytes(StandardCharsets.UTF_8);
            server.createContext(e[0], exchange -> respond(exchange, delay, body));
        }
        server.setExecutor(threads);
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, long delayMs, byte[] body) throws IOException {
        try {
            Thread.sleep(delayMs);                             // a slow backend (blocking is fine on the server's own threads)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } finally {
            exchange.close();
        }
    }

    @Async
    static Task<String> fetch(HttpClient client, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<String> response = await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        return Task.of(response.statusCode() + " " + uri.getPath() + " -> " + response.body());
    }

    @Async
    static Task<Void> main(URI base) {
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        List<String> bodies = await(gather(
                fetch(client, base.resolve("/users")),
                fetch(client, base.resolve("/posts")),
                fetch(client, base.resolve("/comments"))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        bodies.forEach(System.out::println);
        System.out.println("3 requests in " + ms + " ms: " + (ms < 1800
                ? "about the longest delay (900 ms), not the sum (1800 ms)"
                : "no faster than one after the other (1800 ms)"));
        return Task.done();
    }

    public static void main(String[] args) {
        ExecutorService threads = Executors.newFixedThreadPool(ENDPOINTS.length);
        HttpServer server;
        try {
            server = startServer(threads);
        } catch (IOException e) {
            threads.shutdownNow();
            throw new java.io.UncheckedIOException(e);
        }
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Weft.run(() -> main(base));
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
