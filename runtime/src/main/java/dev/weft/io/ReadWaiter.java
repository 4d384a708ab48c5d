package dev.weft.io;

import dev.weft.Waiter;
import java.nio.charset.Charset;

/**
 * A read waiting for bytes from the socket; what it asks for is one of the kinds below. A read up
 * to a separator is a {@link SeparatorWaiter}: a plain one stays small, as an idle connection's
 * handler usually waits in one.
 */
class ReadWaiter extends Waiter<Object> {
    /** Up to n bytes. */
    static final int SOME = 0;
    /** Everything until the end of the stream. */
    static final int ALL = 1;
    /** Exactly n bytes. */
    static final int EXACTLY = 2;
    /** Up to and including the separator. */
    static final int UNTIL = 3;
    /** A line, as bytes. */
    static final int LINE = 4;
    /** A line, as text without its line end. */
    static final int TEXT_LINE = 5;
    /** Not a result: the read must wait for the socket. */
    static final Object MORE = new Object();

    final StreamReader reader;
    final int kind;
    final int n;

    ReadWaiter(StreamReader reader, int kind, int n) {
        this.reader = reader;
        this.kind = kind;
        this.n = n;
    }

    @Override
    protected String waitsOn() {
        return "a read: " + StreamReader.describeRead(kind, n) + " on " + reader.transport;
    }

    /** @return the separator a read up to one looks for; null for the others */
    byte[] separator() {
        return null;
    }

    /** @return a text line's encoding; null for the other reads */
    Charset charset() {
        return null;
    }

    /**
     * Ends the wait with what the read gives (a text line's bytes are decoded here); if the waiter
     * is done already, the bytes go back.
     */
    void deliver(Object result) {
        Object value = result;
        byte[] bytes = null;
        if (result instanceof byte[]) {
            bytes = (byte[]) result;
            if (kind == TEXT_LINE) {
                ((SeparatorWaiter) this).textBytes = bytes;
                value = new String(bytes, 0, StreamReader.textLength(bytes, 0, bytes.length), charset());
            }
        }
        if (!grant(value) && bytes != null) {
            reader.unread(bytes);
        }
    }

    /** Ends the wait with {@code exception}; false if the waiter is done already (cancelled). */
    boolean reject(Throwable exception) {
        return refuse(exception);
    }

    /** Ends the read in this waiter's turn, where a failure reaches the coroutine at once. */
    void endInTurn() {
        scheduleTurn();
    }

    @Override
    protected void onTurn() {
        reader.endTurn(this);
    }

    @Override
    protected void onUndelivered(Object value) {
        if (value instanceof byte[]) {
            reader.unread((byte[]) value);
        } else if (value instanceof String) {
            reader.unread(((SeparatorWaiter) this).textBytes);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (!super.cancel(message)) {
            return false;
        }
        if (reader.transport.selector.inLoopThread()) {
            reader.cancelled(this);
        } else {
            reader.transport.selector.execute(() -> reader.cancelled(this)); // not run if the loop has ended: nothing to clean
        }
        return true;
    }
}
