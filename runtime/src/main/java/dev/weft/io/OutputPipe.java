package dev.weft.io;

import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A child process's stdout or stderr as a {@link Transport} with a reader only. The JDK's pipe
 * blocks, so a pump thread reads it into chunks that {@link #receive} serves on the loop; the pump
 * stops reading while the chunks hold {@code limit} bytes the reader has not taken, so that a
 * child writing faster than it is read waits in its write (the pipe fills up) instead of being
 * buffered without bound. It reads again once the reader has taken half of them.
 */
final class OutputPipe extends PipeTransport {
    /** The most one read of the pipe takes. */
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int limit;
    private final Runnable serveTask = this::serve;
    private final Runnable arrivedTask = this::arrived;

    private final Object lock = new Object();
    // ---- guarded by lock: shared with the pump
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Where the first chunk's unreceived bytes start. */
    private int offset;
    /** Bytes in the chunks, not received yet. */
    private int held;
    /** The most {@link #held} has been: for tests. */
    private int maxHeld;
    /** The pump met the end of the pipe (or failed: {@link #failure}). */
    private boolean ended;
    private IOException failure;
    /** The pump is to end: the transport closed, or the loop ended. */
    private boolean stopped;
    /** The pump waits for the reader to take bytes. */
    private boolean pumpWaiting;
    /** An {@link #arrived()} is on its way to the loop: the pump need not send another. */
    private boolean told;
    // ---- read by the loop at any time
    private volatile int epoch;
    // ---- the loop's
    private boolean wanted;
    private boolean serveScheduled;
    private boolean open = true;

    OutputPipe(LoopSelector selector, InputStream in, int limit, String name) {
        super(selector, limit, 0, name);
        this.in = in;
        this.limit = limit;
    }

    /** The pump's body: reads the pipe until its end, pausing while the reader is behind. */
    @Override
    public void run() {
        byte[] buf = new byte[Math.min(CHUNK, limit)];
        // Held from the first read to the pipe's end: the JDK's stream takes its monitor to end the
        // pipe when the child exits (it reads what the pipe holds then and closes it), which would
        // cut off what a process the child started writes later (sh -c 'echo a; sleep 0.1; (sleep 1;
        // echo b; sleep 1; echo c) &' lost "c" in two runs of three, and the background job died of
        // SIGPIPE). asyncio reads until every writer has closed the pipe; holding the monitor, so
        // does this. The child's exit is still known at once (the JDK records it before it ends the
        // streams). A child that exits before this thread gets here (within about a millisecond of
        // its start) has its pipe ended by the JDK all the same: no public API reaches the pipe first.
        synchronized (in) {
            pumpUntilTheEnd(buf);
        }
    }

    private void pumpUntilTheEnd(byte[] buf) {
        try {
            for (;;) {
                int room;
                synchronized (lock) {
                    while (held >= limit && !stopped) {
                        pumpWaiting = true;
                        lock.wait();
                    }
                    pumpWaiting = false;
                    if (stopped) {
                        return;
                    }
                    room = Math.min(limit - held, buf.length);
                }
                int n = in.read(buf, 0, room);
                if (n < 0) {
                    post(null, null);
                    return;
                }
                if (n > 0) {
                    post(Arrays.copyOf(buf, n), null);
                }
            }
        } catch (IOException e) {
            post(null, e);
        } catch (InterruptedException e) {
            post(null, new java.io.InterruptedIOException("the pump of " + this + " was interrupted"));
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // the descriptor is released all the same
            }
        }
    }

    /** From the pump: a chunk, or the end of the pipe (with the failure, if it failed). */
    private void post(byte[] chunk, IOException e) {
        boolean tell;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (chunk != null) {
                chunks.addLast(chunk);
                held += chunk.length;
                maxHeld = Math.max(maxHeld, held);
            } else {
                ended = true;
                failure = e;
            }
            epoch++;
            tell = !told;
            told = true;
        }
        if (tell) {
            selector.execute(arrivedTask); // not run if the loop has ended: nobody reads any more
        }
    }

    /** On the loop: chunks (or the end) arrived. */
    private void arrived() {
        synchronized (lock) {
            told = false;
        }
        serve();
    }

    /** On the loop: the waiting read takes what is there; again on the next turn while it stays wanted and bytes are left. */
    private void serve() {
        serveScheduled = false;
        if (!wanted || !open || !hasInput()) {
            return;
        }
        if (!reader.readable()) {
            wanted = false;
            return;
        }
        if (wanted && hasInput()) {
            scheduleServe();
        }
    }

    private void scheduleServe() {
        if (!serveScheduled) {
            serveScheduled = true;
            selector.loop().callSoon(serveTask);
        }
    }

    private boolean hasInput() {
        synchronized (lock) {
            return held > 0 || ended;
        }
    }

    @Override
    int receive(ByteBuffer dst) throws IOException {
        synchronized (lock) {
            int total = 0;
            while (dst.hasRemaining() && !chunks.isEmpty()) {
                byte[] c = chunks.peekFirst();
                int n = Math.min(c.length - offset, dst.remaining());
                dst.put(c, offset, n);
                offset += n;
                total += n;
                if (offset == c.length) {
                    chunks.pollFirst();
                    offset = 0;
                }
            }
            if (total > 0) {
                held -= total;
                if (pumpWaiting && held <= limit / 2) {
                    lock.notifyAll();
                }
                return total;
            }
            if (!ended) {
                return 0;
            }
            if (failure != null) {
                throw failure;
            }
            return -1;
        }
    }

    @Override
    int send(ByteBuffer src) {
        throw new IllegalStateException("a child's output is not written to");
    }

    @Override
    void wantRead() {
        wanted = true;
        if (hasInput()) {
            scheduleServe(); // bytes that came before the read: level-triggered, as a socket's
        }
    }

    @Override
    void unwantRead() {
        wanted = false;
    }

    @Override
    void wantWrite() {
        throw new IllegalStateException("a child's output is not written to");
    }

    @Override
    void unwantWrite() {
    }

    @Override
    int readEpoch() {
        return epoch;
    }

    @Override
    void shutdownOutput() {
        throw new IllegalStateException("a child's output is not written to");
    }

    @Override
    boolean isOpen() {
        return open;
    }

    @Override
    void closeChannel() {
        if (!open) {
            return;
        }
        open = false;
        wanted = false;
        stop();
        closedNow();
    }

    /** Ends the pump (from any thread): what it holds is dropped; a pump blocked in a read ends at the pipe's end. */
    @Override
    void stop() {
        synchronized (lock) {
            stopped = true;
            chunks.clear();
            held = 0;
            lock.notifyAll();
        }
    }

    /** For tests: the bytes held now for the reader, and the most ever held. */
    int[] held() {
        synchronized (lock) {
            return new int[] {held, maxHeld};
        }
    }
}
