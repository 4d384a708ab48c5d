package dev.weft.bench.generator;

import dev.weft.bench.RunQueue;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded FIFO queue of futures for one {@link RunQueue} loop, written for the hand-written and
 * EA Async contenders: put and get return a completed future when they need not wait; a waiting
 * one is completed from the loop, first come first served, like Weft's and Kotlin's queues.
 */
final class LoopQueue {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final RunQueue loop;
    private final int capacity;
    private final ArrayDeque<Integer> items = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Integer>> getters = new ArrayDeque<>();
    private final ArrayDeque<Integer> blockedItems = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> putters = new ArrayDeque<>();

    LoopQueue(RunQueue loop, int capacity) {
        this.loop = loop;
        this.capacity = capacity;
    }

    CompletableFuture<Void> put(Integer item) {
        CompletableFuture<Integer> getter = getters.poll();
        if (getter != null) {
            loop.post(() -> getter.complete(item));
            return DONE;
        }
        if (items.size() < capacity) {
            items.add(item);
            return DONE;
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        blockedItems.add(item);
        putters.add(wait);
        return wait;
    }

    CompletableFuture<Integer> get() {
        Integer item = items.poll();
        if (item == null) {
            CompletableFuture<Integer> wait = new CompletableFuture<>();
            getters.add(wait);
            return wait;
        }
        CompletableFuture<Void> putter = putters.poll();
        if (putter != null) {
            items.add(blockedItems.poll());
            loop.post(() -> putter.complete(null));
        }
        return CompletableFuture.completedFuture(item);
    }
}
