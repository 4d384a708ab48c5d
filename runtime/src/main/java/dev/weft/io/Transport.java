package dev.weft.io;

import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Where a {@link StreamReader}'s bytes come from and where a {@link StreamWriter}'s go: a socket
 * (plain or TLS), or a child process's pipe. Everything here runs on the loop's thread.
 *
 * <p>The contract the reader and writer rely on: {@link #receive} and {@link #send} never block;
 * after {@link #wantRead()} the transport calls {@link StreamReader#readable()} on the loop's thread
 * whenever a {@code receive} may give bytes (again and again while it stays wanted, as a
 * level-triggered selector), and stops when {@code readable()} returns false; after
 * {@link #wantWrite()} it calls {@link StreamWriter#writable()} whenever a {@code send} may take
 * more.
 */
abstract class Transport {
    final LoopSelector selector;
    /** Null for a transport that only sends (a child's stdin). */
    final StreamReader reader;
    /** Null for a transport that only receives (a child's stdout or stderr). */
    final StreamWriter writer;

    Transport(LoopSelector selector, int limit, int writeLimit) {
        this.selector = selector;
        this.reader = limit > 0 ? new StreamReader(this, limit) : null;
        this.writer = writeLimit > 0 ? new StreamWriter(this, writeLimit) : null;
    }

    /** Throws unless called on the transport's loop. */
    void checkThread() {
        if (!selector.inLoopThread()) {
            throw new IllegalStateException("a stream belongs to the event loop it was opened on: use it from that loop's tasks");
        }
    }

    /**
     * Reads what is there into {@code dst}, without waiting.
     *
     * @return the count (0 if nothing is there now), or -1 at the end of the stream
     * @throws IOException if the transport failed (the caller then calls {@link #lost})
     */
    abstract int receive(ByteBuffer dst) throws IOException;

    /**
     * Sends what it can of {@code src} now, without waiting (its position moves past what was taken).
     *
     * @return how many bytes were taken
     * @throws IOException if the transport failed (the caller then calls {@link #lost})
     */
    abstract int send(ByteBuffer src) throws IOException;

    /** Starts calling {@link StreamReader#readable()} when bytes may be there. */
    abstract void wantRead() throws IOException;

    /** Stops calling {@link StreamReader#readable()}. */
    abstract void unwantRead();

    /** Starts calling {@link StreamWriter#writable()} when more may be sent. */
    abstract void wantWrite() throws IOException;

    /** Stops calling {@link StreamWriter#writable()}. */
    abstract void unwantWrite();

    /**
     * A count that changes whenever bytes may have arrived that a {@code receive} which found
     * nothing before would now find: a read that found the transport empty at the same count need
     * not try again (a socket's is its loop's {@link LoopSelector#polls()}).
     */
    int readEpoch() {
        return selector.polls();
    }

    /** Ends the sending side (the writer has sent everything): the peer reads the end of the stream. */
    abstract void shutdownOutput() throws IOException;

    /** Whether {@link #shutdownOutput()} ends the transport: a pipe's end is its close (a socket's is a half-close). */
    boolean isClosedByShutdownOutput() {
        return false;
    }

    /** Whether {@link #shutdownOutput()} is possible while the receiving side stays open. */
    boolean canShutdownOutput() {
        return true;
    }

    abstract boolean isOpen();

    /**
     * Closes once the writer has sent everything (it calls this when its buffer is empty): a plain
     * transport closes at once, a TLS one sends its close_notify first. Ends in {@link #closeChannel()}.
     */
    void closeGracefully() {
        closeChannel();
    }

    /** Closes at once; the reader's and writer's waiters are told. */
    abstract void closeChannel();

    /** The transport failed (a reset, a broken pipe): every waiter gets {@code e}, and it closes. */
    void lost(IOException e) {
        if (reader != null) {
            reader.lost(e);
        }
        if (writer != null) {
            writer.lost(e);
        }
        closeChannel();
    }

    /** Tells the reader and writer that the transport is closed. */
    final void closedNow() {
        if (reader != null) {
            reader.closed();
        }
        if (writer != null) {
            writer.closed();
        }
        onClosed();
    }

    /** Called each time {@link #closedNow()} has told the reader and writer. */
    void onClosed() {
    }

    /** @return the peer's address, or null if it has none */
    SocketAddress remoteAddress() {
        return null;
    }

    /** @return this side's address, or null if it has none */
    SocketAddress localAddress() {
        return null;
    }
}
