package dev.weft.io;

import dev.weft.Waiter;
import java.nio.charset.Charset;

/** A read waiting for bytes from the socket; what it asks for is one of the kinds below. */
final class ReadWaiter extends Waiter<Object> {
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

    /** A text line, and the bytes it was decoded from (to put back if it is not delivered). */
    static final class Text {
        final String text;
        final byte[] bytes;

        Text(String text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
        }
    }

    final StreamReader reader;
    final int kind;
    final int n;
    final byte[] separator;
    final Charset charset;
    /** How many buffered bytes the separator search has looked through already. */
    int scanned;
    /** The bytes behind a delivered text line. */
    private byte[] textBytes;

    ReadWaiter(StreamReader reader, int kind, int n, byte[] separator, Charset charset) {
        this.reader = reader;
        this.kind = kind;
        this.n = n;
        this.separator = separator;
        this.charset = charset;
    }

    /** Ends the wait with what the read gives; if the waiter is done already, the bytes go back. */
    void deliver(Object result) {
        Object value = result;
        byte[] bytes = null;
        if (result instanceof Text) {
            value = ((Text) result).text;
            bytes = textBytes = ((Text) result).bytes;
        } else if (result instanceof byte[]) {
            bytes = (byte[]) result;
        }
        if (!grant(value) && bytes != null) {
            reader.unread(bytes);
        }
    }

    void reject(Throwable exception) {
        refuse(exception);
    }

    @Override
    protected void onUndelivered(Object value) {
        if (value instanceof byte[]) {
            reader.unread((byte[]) value);
        } else if (value instanceof String) {
            reader.unread(textBytes);
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
            loop().callSoonThreadSafe(() -> reader.cancelled(this));
        }
        return true;
    }
}
