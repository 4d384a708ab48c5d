package dev.weft.sync;

import dev.weft.Task;
import java.util.Objects;

/**
 * {@link AsyncQueue}, as asyncio's: a store, FIFO queues of waiting getters and putters, and the
 * unfinished count. An item put wakes the first waiting getter and a place freed the first waiting
 * putter; each takes its item, or puts its own, when its step runs a pass later, and waits again
 * (queued last) if by then someone else took the item or the place.
 */
final class QueueImpl<E> implements AsyncQueue<E> {
    private final QueueStore<E> store;
    private final int maxsize;
    private final WaitQueue<Getter> getters = new WaitQueue<>(() -> "AsyncQueue get (" + sizeText() + ")");
    private final WaitQueue<Putter> putters = new WaitQueue<>(() -> "AsyncQueue put (" + sizeText() + ")");
    private final WaitQueue<PlainWaiter<Void>> joiners = new WaitQueue<>(() -> "AsyncQueue join (" + this.unfinished + " unfinished)");
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

    /** Takes an item in and wakes the first waiting getter. */
    private void accept(E item) {
        store.add(item);
        unfinished++;
        wakeNext(getters);
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

    /** Takes the next item from the store and wakes the first waiting putter for the freed place. */
    private E take() {
        E item = store.poll();
        wakeNext(putters);
        return item;
    }

    /** Wakes the first waiter not cancelled yet; it leaves the queue now (asyncio's {@code _wakeup_next}). */
    private static void wakeNext(WaitQueue<? extends Contender<?>> waiters) {
        Contender<?> w;
        while ((w = waiters.pollFirst()) != null) {
            if (w.isPending()) {
                w.wake();
                return;
            }
        }
    }

    /** An item handed to a getter that was cancelled before it could see it: make it the next one out. */
    private void giveBack(E item) {
        if (shutDownImmediately) {
            finish(); // dropped, as the queue's other items were
            return;
        }
        store.giveBack(item);
        wakeNext(getters);
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
            PlainWaiter<Void> j;
            while ((j = joiners.pollFirst()) != null) {
                j.give(null);
            }
        }
    }

    @Override
    public Task<Void> join() {
        binding.check("The Queue");
        if (unfinished == 0) {
            return DoneTasks.nil();
        }
        PlainWaiter<Void> j = new PlainWaiter<>();
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
        // Every waiter checks again in its step: getters take what is left, then fail; putters fail.
        Getter g;
        while ((g = getters.pollFirst()) != null) {
            if (g.isPending()) {
                g.wake();
            }
        }
        Putter p;
        while ((p = putters.pollFirst()) != null) {
            if (p.isPending()) {
                p.wake();
            }
        }
    }

    /** For task dumps: how full the queue is. */
    private String sizeText() {
        int n = store.size();
        return n == 0 ? "empty" : n + (maxsize > 0 ? " of " + maxsize : "") + " items";
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

    /** A waiting get: takes the next item in its step, or waits again. */
    private final class Getter extends Contender<E> {
        Getter() {
            super(binding.loop());
        }

        @Override
        void resumed() {
            if (store.size() > 0) {
                grant(take());
            } else if (shutDown) {
                refuse(shutDownException());
            } else {
                getters.addLast(this);
            }
        }

        @Override
        void cancelled(boolean wasWoken, String message) {
            getters.unlink(this);
            if (wasWoken && store.size() > 0) {
                wakeNext(getters); // the item it was woken for is there for the next one
            }
            refuseCancelled(message);
        }

        /** Given an item but cancelled before its coroutine saw it: the item goes back. */
        @Override
        protected void onUndelivered(E item) {
            giveBack(item);
        }
    }

    /** A waiting put and its item: puts it in its step, or waits again. */
    private final class Putter extends Contender<Void> {
        final E item;

        Putter(E item) {
            super(binding.loop());
            this.item = item;
        }

        @Override
        void resumed() {
            if (shutDown) {
                refuse(shutDownException());
            } else if (isFull()) {
                putters.addLast(this);
            } else {
                accept(item);
                grant(null);
            }
        }

        @Override
        void cancelled(boolean wasWoken, String message) {
            putters.unlink(this);
            if (wasWoken && !isFull()) {
                wakeNext(putters); // the place it was woken for is free for the next one
            }
            refuseCancelled(message);
        }
    }
}
