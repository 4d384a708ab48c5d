package dev.weft;

import java.util.Objects;

/**
 * {@link Queue}: a store, FIFO queues of waiting getters and putters, and the unfinished count.
 * Invariants: getters wait only while the store is empty, putters only while it is full, so at
 * most one of the two queues is non-empty; an item put while getters wait is handed over directly.
 */
final class QueueImpl<E> implements Queue<E> {
    private final QueueStore<E> store;
    private final int maxsize;
    private final WaitQueue<Getter> getters = new WaitQueue<>();
    private final WaitQueue<Putter> putters = new WaitQueue<>();
    private final WaitQueue<Waiter<Void>> joiners = new WaitQueue<>();
    private int unfinished;
    private boolean shutDown;
    private boolean shutDownImmediately;
    private final LoopBinding binding = new LoopBinding();

    QueueImpl(QueueStore<E> store, int maxsize) {
        this.store = store;
        this.maxsize = maxsize;
    }

    @Override
    public Task<Void> put(E item) {
        binding.check("The Queue");
        Objects.requireNonNull(item, "a Queue does not take null items");
        if (shutDown) {
            return Task.failed(shutDownException());
        }
        if (!isFull()) {
            accept(item);
            return DoneTasks.nil();
        }
        Putter p = new Putter(item);
        putters.addLast(p);
        return p;
    }

    @Override
    public void putNowait(E item) {
        binding.check("The Queue");
        Objects.requireNonNull(item, "a Queue does not take null items");
        if (shutDown) {
            throw shutDownException();
        }
        if (isFull()) {
            throw new QueueFullException("the queue is full (maxsize " + maxsize + ")");
        }
        accept(item);
    }

    /** Takes an item in: to the first waiting getter, else into the store. */
    private void accept(E item) {
        unfinished++;
        Getter g = getters.pollFirst();
        if (g != null) {
            g.complete(item);
        } else {
            store.add(item);
        }
    }

    @Override
    public Task<E> get() {
        binding.check("The Queue");
        if (store.size() > 0) {
            return Task.of(take());
        }
        if (shutDown) {
            return Task.failed(shutDownException());
        }
        Getter g = new Getter();
        getters.addLast(g);
        return g;
    }

    @Override
    public E getNowait() {
        binding.check("The Queue");
        if (store.size() > 0) {
            return take();
        }
        if (shutDown) {
            throw shutDownException();
        }
        throw new QueueEmptyException("the queue is empty");
    }

    /** Takes the next item from the store and lets the first waiting putter into the freed place. */
    private E take() {
        E item = store.poll();
        Putter p;
        while (!isFull() && (p = putters.pollFirst()) != null) {
            unfinished++;
            store.add(p.item);
            p.complete(null);
        }
        return item;
    }

    /** An item handed to a getter that was cancelled before it could see it: make it the next one out. */
    private void giveBack(E item) {
        if (shutDownImmediately) {
            finish(); // dropped, as the queue's other items were
            return;
        }
        Getter g = getters.pollFirst();
        if (g != null) {
            g.complete(item);
        } else {
            store.giveBack(item);
        }
    }

    @Override
    public void taskDone() {
        binding.check("The Queue");
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called too many times");
        }
        finish();
    }

    private void finish() {
        if (--unfinished == 0) {
            Waiter<Void> j;
            while ((j = joiners.pollFirst()) != null) {
                j.complete(null);
            }
        }
    }

    @Override
    public Task<Void> join() {
        binding.check("The Queue");
        if (unfinished == 0) {
            return DoneTasks.nil();
        }
        Waiter<Void> j = new Waiter<>();
        joiners.addLast(j);
        return j;
    }

    @Override
    public void shutdown() {
        shutdown(false);
    }

    @Override
    public void shutdown(boolean immediate) {
        binding.check("The Queue");
        shutDown = true;
        if (immediate) {
            shutDownImmediately = true;
            while (store.size() > 0) {
                store.poll();
                if (unfinished > 0) {
                    finish();
                }
            }
        }
        Getter g;
        while ((g = getters.pollFirst()) != null) {
            g.fail(shutDownException());
        }
        Putter p;
        while ((p = putters.pollFirst()) != null) {
            p.fail(shutDownException());
        }
    }

    private static QueueShutDownException shutDownException() {
        return new QueueShutDownException("the queue was shut down");
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public boolean isEmpty() {
        return store.size() == 0;
    }

    @Override
    public boolean isFull() {
        return maxsize > 0 && store.size() >= maxsize;
    }

    @Override
    public String toString() {
        return "Queue[size:" + store.size() + (maxsize > 0 ? "/" + maxsize : "") + ", getters:" + getters.size()
                + ", putters:" + putters.size() + ", unfinished:" + unfinished + (shutDown ? ", shut down" : "") + "]";
    }

    /** A waiting get; an item handed to it but never delivered goes back. */
    private final class Getter extends Waiter<E> {
        @Override
        void onUndelivered() {
            giveBack(valueOrThrow());
        }
    }

    /** A waiting put and its item. */
    private final class Putter extends Waiter<Void> {
        final E item;

        Putter(E item) {
            this.item = item;
        }
    }
}
