package dev.weft.bench.pingpong;

import static com.ea.async.Async.await;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * EA Async: the same two coroutines as {@link WeftPingPong}. EA Async has no loop of its own and
 * resumes a method on the thread that completes its future, so completions go through a run queue
 * to make every hand-off a trip through the loop, as in the other contenders.
 */
final class EaPingPong {
    private final RunQueue queue = new RunQueue();
    private CompletableFuture<Integer> request = new CompletableFuture<>();
    private CompletableFuture<Integer> reply;

    static int run(int rounds) {
        EaPingPong game = new EaPingPong();
        CompletableFuture<Integer>[] result = new CompletableFuture[1];
        game.queue.post(() -> game.pong(rounds));
        game.queue.post(() -> result[0] = game.ping(rounds));
        game.queue.drain();
        return result[0].join();
    }

    private CompletableFuture<Integer> ping(int rounds) {
        int ball = 0;
        for (int i = 0; i < rounds; i++) {
            reply = new CompletableFuture<>();
            send(request, ball);
            ball = await(reply);
        }
        return CompletableFuture.completedFuture(ball);
    }

    private CompletableFuture<Void> pong(int rounds) {
        for (int i = 0; i < rounds; i++) {
            int ball = await(request);
            request = new CompletableFuture<>();
            send(reply, ball + 1);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void send(CompletableFuture<Integer> to, int ball) {
        queue.post(() -> to.complete(ball));
    }
}
