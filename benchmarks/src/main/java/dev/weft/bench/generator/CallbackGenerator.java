package dev.weft.bench.generator;

import dev.weft.bench.RunQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Hand-written callbacks: a pull generator. The consumer asks for the next item with a fresh
 * future and the producer, run from the loop, answers it (null: no more); the consumer's callback
 * goes back through the loop. Two trips through the loop per item, as for a suspended generator.
 */
final class CallbackGenerator {
    private final RunQueue loop = new RunQueue();
    private final int n;
    private int next;
    private long sum;

    private CallbackGenerator(int n) {
        this.n = n;
    }

    static long run(int n) {
        CallbackGenerator g = new CallbackGenerator(n);
        g.loop.post(g::ask);
        g.loop.drain();
        return g.sum;
    }

    private void ask() {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        loop.post(() -> produce(answer));
        answer.thenAccept(item -> loop.post(() -> receive(item)));
    }

    private void produce(CompletableFuture<Integer> answer) {
        answer.complete(next < n ? next++ : null);
    }

    private void receive(Integer item) {
        if (item != null) {
            sum += item;
            ask();
        }
    }
}
