package dev.weft.sync;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;

/** Where a {@link AsyncQueue} keeps its items: the one thing FIFO, LIFO and priority queues differ in. */
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

    /**
     * A binary min-heap that moves items exactly as Python's {@code heapq} does (asyncio's
     * {@code PriorityQueue} is built on it), so that items comparing equal come out in the same
     * order as there. Like heapq it is not stable: equal items do not keep their insertion order.
     * Only "less than" is asked of the order, as heapq asks only {@code <}.
     */
    private static final class Heap<E> extends QueueStore<E> {
        private final Comparator<? super E> order;
        private Object[] items = new Object[16];
        private int size;

        Heap(Comparator<? super E> order) {
            this.order = order;
        }

        @SuppressWarnings("unchecked")
        private boolean less(Object a, Object b) {
            return order != null ? order.compare((E) a, (E) b) < 0 : ((Comparable<Object>) a).compareTo(b) < 0;
        }

        @Override
        void add(E item) {
            if (order == null && !(item instanceof Comparable)) {
                throw new ClassCastException(item.getClass().getName()
                        + " is not Comparable: create the priority queue with a Comparator");
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size] = item;
            size++;
            siftTowardsRoot(0, size - 1);
        }

        @Override
        @SuppressWarnings("unchecked")
        E poll() {
            if (size == 0) {
                return null;
            }
            Object last = items[--size];
            items[size] = null;
            if (size == 0) {
                return (E) last;
            }
            Object top = items[0];
            items[0] = last;
            siftTowardsLeaves(0);
            return (E) top;
        }

        /** Moves the item at {@code pos} up while it is less than its parent, not above {@code start}. */
        private void siftTowardsRoot(int start, int pos) {
            Object item = items[pos];
            while (pos > start) {
                int parent = (pos - 1) >> 1;
                if (!less(item, items[parent])) {
                    break;
                }
                items[pos] = items[parent];
                pos = parent;
            }
            items[pos] = item;
        }

        /**
         * heapq's way down: moves the smaller child up all the way to a leaf, puts the item there,
         * then lets it rise again (fewer comparisons than stopping early, and a different order of
         * equal items, which is why this is not {@link java.util.PriorityQueue}).
         */
        private void siftTowardsLeaves(int pos) {
            int start = pos;
            Object item = items[pos];
            int child = 2 * pos + 1;
            while (child < size) {
                int right = child + 1;
                if (right < size && !less(items[child], items[right])) {
                    child = right;
                }
                items[pos] = items[child];
                pos = child;
                child = 2 * pos + 1;
            }
            items[pos] = item;
            siftTowardsRoot(start, pos);
        }

        @Override
        void giveBack(E item) {
            add(item);
        }

        @Override
        int size() {
            return size;
        }
    }
}
