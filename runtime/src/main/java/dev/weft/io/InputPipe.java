package dev.weft.io;

import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A child process's stdin as a {@link Transport} with a writer only. The JDK's pipe blocks, so
 * {@link #send} hands the bytes to a pump thread, which writes them; at most {@link #IN_FLIGHT}
 * bytes are handed over and not written yet, the rest stays in the writer's buffer (its
 * {@code drain()} then waits, as for a socket that does not take more). A write that fails (the
 * child closed its input, or ended) is the transport's loss: the writer's {@code drain()} throws it.
 */
final class InputPipe extends PipeTransport {
    /** The most bytes handed to the pump and not written yet. */
    static final int IN_FLIGHT = 64 * 1024;

    private final OutputStream out;
    private final Runnable writableTask = this::writableNow;
    private final Runnable serveTask = this::serve;

    private final Object lock = new Object();
    // ---- guarded by lock: shared with the pump
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int inFlight;
    /** The pipe is to be closed once the chunks are written. */
    private boolean closeAsked;
    /** The pump is to end now, dropping what it holds (the loop ended). */
    private boolean stopped;
    /** The child has ended: the pump ends once idle, and later sends fail. */
    private boolean childGone;
    /** The pump has ended. */
    private boolean pumpEnded;
    /** A send found no room: the pump tells the loop when there is some again. */
    private boolean full;
    /** A writable hop is on its way to the loop. */
    private boolean told;
    private IOException failure;
    // ---- the loop's
    private boolean wanted;
    private boolean serveScheduled;
    private boolean open = true;

    InputPipe(LoopSelector selector, OutputStream out, int writeLimit, String name) {
        super(selector, 0, writeLimit, name);
        this.out = out;
    }

    /** The pump's body: writes what is handed over, closes the pipe when asked. */
    @Override
    public void run() {
        try {
            for (;;) {
                byte[] c;
                synchronized (lock) {
                    while (chunks.isEmpty() && !closeAsked && !stopped && !childGone) {
                        lock.wait();
                    }
                    if (stopped || chunks.isEmpty()) {
                        return;
                    }
                    c = chunks.peekFirst();
                }
                out.write(c);
                out.flush();
                boolean tell;
                synchronized (lock) {
                    chunks.pollFirst();
                    inFlight -= c.length;
                    tell = full && !told;
                    if (tell) {
                        full = false;
                        told = true;
                    }
                }
                if (tell) {
                    selector.execute(writableTask);
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                failure = e;
                chunks.clear();
                inFlight = 0;
            }
            selector.execute(() -> failed(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                pumpEnded = true;
            }
            try {
                out.close();
            } catch (IOException e) {
                // a flush of bytes the child will never read: the descriptor is closed all the same
            }
        }
    }

    /** On the loop: room again for what the writer holds. */
    private void writableNow() {
        synchronized (lock) {
            told = false;
        }
        serve();
    }

    private void serve() {
        serveScheduled = false;
        if (wanted && open) {
            writer.writable();
        }
    }

    /** On the loop: a write failed; the writer's drain() throws {@code e} from now on. */
    private void failed(IOException e) {
        if (open) {
            lost(e);
        }
    }

    @Override
    int receive(ByteBuffer dst) {
        throw new IllegalStateException("a child's input is not read from");
    }

    @Override
    int send(ByteBuffer src) throws IOException {
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
            if (pumpEnded || closeAsked || childGone) {
                throw new IOException("Stream closed");
            }
            int n = Math.min(IN_FLIGHT - inFlight, src.remaining());
            if (n <= 0) {
                full = true;
                return 0;
            }
            byte[] c = new byte[n];
            src.get(c);
            chunks.addLast(c);
            inFlight += n;
            if (src.hasRemaining()) {
                full = true; // the writer keeps the rest and waits for writable()
            }
            lock.notifyAll();
            return n;
        }
    }

    @Override
    void wantRead() {
        throw new IllegalStateException("a child's input is not read from");
    }

    @Override
    void unwantRead() {
    }

    @Override
    void wantWrite() {
        wanted = true;
        boolean room;
        synchronized (lock) {
            room = inFlight < IN_FLIGHT || failure != null;
        }
        if (room && !serveScheduled) {
            serveScheduled = true;
            selector.loop().callSoon(serveTask);
        }
    }

    @Override
    void unwantWrite() {
        wanted = false;
    }

    /** The writer has written everything and asks for the end: the pipe closes once the pump wrote it. */
    @Override
    void shutdownOutput() {
        synchronized (lock) {
            closeAsked = true;
            lock.notifyAll();
        }
    }

    @Override
    boolean isClosedByShutdownOutput() {
        return true;
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
        shutdownOutput(); // what the pump took is still written, then the pipe closes
        closedNow();
    }

    /** The child has ended (from any thread): an idle pump ends, and the pipe closes. */
    void childExited() {
        synchronized (lock) {
            childGone = true;
            lock.notifyAll();
        }
    }

    /** Ends the pump (from any thread): what it holds is dropped; a pump blocked in a write ends when the child does. */
    @Override
    void stop() {
        synchronized (lock) {
            stopped = true;
            chunks.clear();
            inFlight = 0;
            lock.notifyAll();
        }
    }
}
