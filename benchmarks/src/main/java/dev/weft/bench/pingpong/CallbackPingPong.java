package dev.weft.bench.pingpong;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The same two state machines written by hand: CompletableFuture callbacks that post each
 * continuation to a plain same-thread run queue. The practical lower bound for the workload.
 */
final class CallbackPingPong {
    private final RunQueue queue = new RunQueue();
    private final int rounds;
    private CompletableFuture<Integer> request = new CompletableFuture<>();
    private CompletableFuture<Integer> reply;
    private int pings;
    private int pongs;
    private int result;

    private CallbackPingPong(int rounds) {
        this.rounds = rounds;
    }

    static int run(int rounds) {
        CallbackPingPong game = new CallbackPingPong(rounds);
        game.queue.post(game::awaitRequest);
        game.queue.post(() -> game.ping(0));
        game.queue.drain();
        return game.result;
    }

    private void ping(int ball) {
        if (pings++ == rounds) {
            result = ball;
            return;
        }
        reply = new CompletableFuture<>();
        request.complete(ball);
        reply.thenAccept(next -> queue.post(() -> ping(next)));
    }

    private void awaitRequest() {
        if (pongs++ == rounds) {
            return;
        }
        request.thenAccept(ball -> queue.post(() -> pong(ball)));
    }

    private void pong(int ball) {
        request = new CompletableFuture<>();
        reply.complete(ball + 1);
        awaitRequest();
    }
}
