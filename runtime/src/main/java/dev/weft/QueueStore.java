package dev.weft;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/** Where a {@link Queue} keeps its items: the one thing FIFO, LIFO and priority queues differ in. */
abstract class QueueStore<E> {
    abstract void add(E item);

    abstract E poll();

    /** Puts back an item that was taken but never delivered, so that it is the next one out. */
    abstract void giveBack(E item);

    abstract int size();

    static <E> QueueStore<E> fifo() {
        return new Deque<>(false);
    }

    static <E> QueueStore<E> lifo() {
        return new Deque<>(true);
    }

    static <E> QueueStore<E> priority(Comparator<? super E> order) {
        return new Heap<>(order);
    }

    private static final class Deque<E> extends QueueStore<E> {
        private final ArrayDeque<E> items = new ArrayDeque<>();
        private final boolean lifo;

        Deque(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        void add(E item) {
            items.addLast(item);
        }

        @Override
        E poll() {
            return lifo ? items.pollLast() : items.pollFirst();
        }

        @Override
        void giveBack(E item) {
            if (lifo) {
                items.addLast(item);
            } else {
                items.addFirst(item);
            }
        }

        @Override
        int size() {
            return items.size();
        }
    }

    private static final class Heap<E> extends QueueStore<E> {
        private final PriorityQueue<E> items;

        Heap(Comparator<? super E> order) {
            items = new PriorityQueue<>(order);
        }

        @Override
        void add(E item) {
            items.add(item);
        }

        @Override
        E poll() {
            return items.poll();
        }

        @Override
        void giveBack(E item) {
            items.add(item);
        }

        @Override
        int size() {
            return items.size();
        }
    }
}
