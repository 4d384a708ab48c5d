package dev.weft.io;

import java.io.IOException;

/**
 * A separator did not come within the reader's limit (asyncio {@code LimitOverrunError}):
 * {@link StreamReader#readUntil} leaves the bytes buffered, {@link StreamReader#readLine()} drops
 * the over-long line (through its {@code '\n'} if that came).
 *
 * <pre>{@code
 * try {
 *     byte[] line = await(reader.readLine(), LimitOverrunException.class);
 * } catch (LimitOverrunException e) {
 *     writer.write("line too long\n", StandardCharsets.US_ASCII);
 * }
 * }</pre>
 */
public class LimitOverrunException extends IOException {
    private static final long serialVersionUID = 1L;
    /** How many bytes were looked through. */
    private final int consumed;

    /**
     * @param message what went wrong
     * @param consumed how many bytes there were before the separator or the limit
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many bytes were looked through: up to the separator if it came, else up to the limit.
     *
     * @return the count
     */
    public int consumed() {
        return consumed;
    }
}
