package dev.weft.io;

import java.io.EOFException;

/**
 * The stream ended before a read got what it asked for (asyncio {@code IncompleteReadError}):
 * {@link StreamReader#readExactly} before its count, {@link StreamReader#readUntil} before its
 * separator. The bytes that did come are in {@link #partial()}; none is lost.
 *
 * <pre>{@code
 * try {
 *     byte[] frame = await(reader.readExactly(1024), IncompleteReadException.class);
 * } catch (IncompleteReadException e) {
 *     log(e.partial().length + " bytes before the end");
 * }
 * }</pre>
 */
public class IncompleteReadException extends EOFException {
    private static final long serialVersionUID = 1L;
    /** The bytes read before the end of the stream. */
    private final byte[] partial;
    /** How many were asked for, or -1. */
    private final int expected;

    /**
     * @param partial the bytes read before the end of the stream
     * @param expected how many were asked for, or -1 if the read was for a separator
     */
    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before the end of the stream.
     *
     * @return the bytes (the array itself: no copy)
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * How many bytes the read asked for.
     *
     * @return the count, or -1 for a read up to a separator
     */
    public int expected() {
        return expected;
    }
}
