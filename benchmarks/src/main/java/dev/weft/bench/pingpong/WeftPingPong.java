package dev.weft.bench.pingpong;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;

/** Two Weft coroutines on one loop, each awaiting a promise the other completes. */
final class WeftPingPong {
    private Promise<Integer> request = Task.promise();
    private Promise<Integer> reply;

    static int run(int rounds) {
        return Weft.run(() -> new WeftPingPong().play(rounds));
    }

    @Async
    private Task<Integer> play(int rounds) {
        Task<Void> pong = Weft.createTask(() -> pong(rounds));
        int ball = 0;
        for (int i = 0; i < rounds; i++) {
            reply = Task.promise();
            request.complete(ball);
            ball = await(reply);
        }
        await(pong);
        return Task.of(ball);
    }

    @Async
    private Task<Void> pong(int rounds) {
        for (int i = 0; i < rounds; i++) {
            int ball = await(request);
            request = Task.promise();
            reply.complete(ball + 1);
        }
        return Task.done();
    }
}
