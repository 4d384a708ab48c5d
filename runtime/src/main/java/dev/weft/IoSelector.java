package dev.weft;

import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An event loop's {@link Selector}, made by the loop at the first I/O: the loop then waits in it
 * instead of parking, and collects the channels ready at each turn into its ready queue (asyncio's
 * {@code _run_once}: {@code select}, then the ready callbacks).
 */
final class IoSelector extends LoopSelector implements Consumer<SelectionKey> {
    /** One read's worth: asyncio's streams read 64 KiB at a time too. */
    private static final int IO_BUFFER = 64 * 1024;

    private final EventLoop loop;
    private final Selector selector;
    private ByteBuffer ioBuffer;
    /** How many times the loop asked the selector what is ready. */
    private int polls;
    /** Ready keys collected by the last select. */
    private int collected;
    /** Set by {@link #close()} (from the loop's thread, or the one ending a runParallel); guarded by keysLock. */
    private boolean closing;
    private final Object keysLock = new Object();
    /** What {@link #close()} closes besides the channels ({@link #closeAtEnd}); guarded by keysLock. */
    private java.util.Set<AutoCloseable> atEnd;
    /** Within a select: another one cannot start (the readiness handlers run in it). */
    private boolean selecting;
    /** How many times {@link #wakeup()} was called: for tests, which check that wake-ups coalesce. */
    private final java.util.concurrent.atomic.AtomicLong wakeups = new java.util.concurrent.atomic.AtomicLong();

    IoSelector(EventLoop loop) {
        this.loop = loop;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
    }

    /** Whether a channel is registered (a read, an accept... another thread's data may end the wait). Loop thread only. */
    boolean hasChannels() {
        return !selector.keys().isEmpty();
    }

    /** Collects ready channels without waiting; returns how many. Loop thread only. */
    int poll() {
        if (selector.keys().isEmpty()) {
            return 0;
        }
        collected = 0;
        polls++;
        selecting = true;
        try {
            selector.selectNow(this);
        } catch (IOException | ClosedSelectorException e) {
            loop.reporter().report("Selector failed", e);
        } finally {
            selecting = false;
        }
        return collected;
    }

    /**
     * Waits for a ready channel, a {@link #wakeup()} or {@code waitNanos} (forever if negative),
     * then collects the ready channels. Loop thread only.
     */
    void select(long waitNanos) {
        collected = 0;
        polls++;
        selecting = true;
        try {
            if (waitNanos == 0) {
                selector.selectNow(this);
            } else if (waitNanos < 0) {
                selector.select(this, 0);
            } else {
                // Rounded up: waking a millisecond late is better than spinning until the deadline.
                selector.select(this, Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
            }
        } catch (IOException | ClosedSelectorException e) {
            loop.reporter().report("Selector failed", e);
        } finally {
            selecting = false;
        }
    }

    /** From any thread: ends a {@link #select} under way, or makes the next one return at once. */
    void wakeup() {
        wakeups.incrementAndGet();
        selector.wakeup();
    }

    /** For tests: how many times other threads woke this selector. */
    long wakeups() {
        return wakeups.get();
    }

    /**
     * One ready key: its handler is told. The handler changes the key's interest itself: a reader
     * keeps watching while reads follow one another (each change is a system call at the next
     * select), and stops once a readiness finds no read waiting.
     */
    @Override
    public void accept(SelectionKey key) {
        collected++;
        try {
            ((Readiness) key.attachment()).ready(key.readyOps());
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed since it was selected: nobody waits on it any more
        } catch (Throwable t) {
            loop.reporter().report("Exception in the readiness handler of " + key.channel(), t);
        }
    }

    /**
     * Closes the selector and every channel still registered with it: the loop has ended, so
     * nobody can use them any more, and their file descriptors must not outlive it.
     */
    void close() {
        List<AutoCloseable> resources;
        synchronized (keysLock) {
            closing = true;
            resources = atEnd == null ? null : new ArrayList<>(atEnd);
            atEnd = null;
        }
        if (resources != null) {
            for (AutoCloseable r : resources) {
                closeResource(r);
            }
        }
        List<SelectionKey> keys;
        synchronized (keysLock) {
            try {
                keys = new ArrayList<>(selector.keys());
            } catch (ClosedSelectorException e) {
                return;
            }
        }
        for (SelectionKey k : keys) {
            try {
                k.channel().close();
            } catch (IOException e) {
                loop.reporter().report("Cannot close " + k.channel(), e);
            }
            try {
                ((Readiness) k.attachment()).loopEnded();
            } catch (RuntimeException e) {
                loop.reporter().report("Cannot release what " + k.channel() + " held", e);
            }
        }
        try {
            selector.selectNow(); // deregisters the closed channels, which closes their descriptors
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            loop.reporter().report("Cannot close the selector", e);
        }
    }

    // ---- LoopSelector -------------------------------------------------------------------------

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public boolean inLoopThread() {
        return loop.inLoopThread();
    }

    @Override
    public SelectionKey register(SelectableChannel channel, Readiness handler) throws IOException {
        // Another loop's thread may register an accepted connection while this loop closes: under
        // the lock, either close() lists its key (and closes it) or this sees the loop closing.
        synchronized (keysLock) {
            if (closing) {
                channel.close();
                throw new ClosedSelectorException();
            }
            return channel.register(selector, 0, handler);
        }
    }

    @Override
    public void closeAtEnd(AutoCloseable resource) {
        synchronized (keysLock) {
            if (!closing) {
                if (atEnd == null) {
                    atEnd = new java.util.LinkedHashSet<>();
                }
                atEnd.add(resource);
                return;
            }
        }
        closeResource(resource);
    }

    @Override
    public void forgetAtEnd(AutoCloseable resource) {
        synchronized (keysLock) {
            if (atEnd != null) {
                atEnd.remove(resource);
            }
        }
    }

    private void closeResource(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Throwable t) {
            loop.reporter().report("Cannot close " + resource + " at the end of the loop", t);
        }
    }

    @Override
    public void releaseClosed() {
        if (selecting) {
            return;
        }
        try {
            // Deregisters the cancelled keys, which closes their channels' descriptors. What it finds
            // ready is dropped: the selector is level-triggered, so the next select reports it again.
            selector.selectNow();
            selector.selectedKeys().clear();
        } catch (IOException | ClosedSelectorException e) {
            loop.reporter().report("Selector failed", e);
        }
    }

    @Override
    public int polls() {
        return polls;
    }

    @Override
    public ByteBuffer ioBuffer() {
        ByteBuffer b = ioBuffer;
        if (b == null) {
            b = ioBuffer = ByteBuffer.allocateDirect(IO_BUFFER);
        }
        b.clear();
        return b;
    }

    @Override
    public LoopSelector[] peers() {
        EventLoop[] loops = loop.peers();
        LoopSelector[] all = new LoopSelector[loops.length];
        for (int i = 0; i < loops.length; i++) {
            all[i] = loops[i] == loop ? this : loops[i].selector();
        }
        return all;
    }

    @Override
    public <T> Task<T> startTask(Supplier<? extends Task<T>> body) {
        return LoopTask.servingConnection(loop, body);
    }

    @Override
    public boolean execute(Runnable action) {
        if (loop.inLoopThread()) {
            action.run();
            return true;
        }
        return loop.enqueueUnlessClosed(action);
    }

    @Override
    public void report(String message, Throwable exception) {
        loop.reporter().report(message, exception);
    }
}
