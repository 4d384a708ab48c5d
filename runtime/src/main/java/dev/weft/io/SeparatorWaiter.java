package dev.weft.io;

import java.nio.charset.Charset;

/** A read up to a separator (a line, or {@link StreamReader#readUntil}) waiting for bytes. */
final class SeparatorWaiter extends ReadWaiter {
    private final byte[] separator;
    private final Charset charset;
    /** How many buffered bytes the separator search has looked through already. */
    int scanned;
    /** The bytes behind a delivered text line, to give back if its coroutine never sees it. */
    byte[] textBytes;

    SeparatorWaiter(StreamReader reader, int kind, byte[] separator, Charset charset) {
        super(reader, kind, 0);
        this.separator = separator;
        this.charset = charset;
    }

    @Override
    byte[] separator() {
        return separator;
    }

    @Override
    Charset charset() {
        return charset;
    }
}
