package dev.weft.io;

import java.nio.channels.AsynchronousCloseException;

/** What a read or drain waiting when its connection is closed on this side gets. */
final class StreamClosedException extends AsynchronousCloseException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
        return "the connection was closed while this operation waited";
    }
}
