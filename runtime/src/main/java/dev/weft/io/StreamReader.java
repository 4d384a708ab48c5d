package dev.weft.io;

import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reading side of a TCP connection (asyncio {@code StreamReader}): bytes arrive in order, and
 * each read takes what it asks for.
 *
 * <pre>{@code
 * @Async
 * static Task<Void> handle(StreamReader reader, StreamWriter writer) {
 *     String line;
 *     while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
 *         writer.write(line.toUpperCase() + "\n", StandardCharsets.UTF_8);
 *         await(writer.drain());
 *     }
 *     return Task.done();
 * }
 * }</pre>
 *
 * <p>A read takes what is buffered, else tries the socket at once, and waits on the loop's selector
 * only when the socket has nothing (or when a read since the loop's last poll of its selector
 * emptied it: the next poll reports anything new). The reader reads from the socket only for a read under way, so
 * a connection nobody reads from keeps its bytes in the operating system's buffers (TCP then slows
 * the sender down); its own buffer holds what the reads ask for, and for a line or a separator no
 * more than its {@linkplain #limit() limit} and one read's worth (64 KiB).
 *
 * <p>One read at a time: starting a read while another one waits throws
 * {@link IllegalStateException}. A reader belongs to the loop its connection was opened on.
 *
 * <p><b>Cancellation:</b> a task cancelled while it awaits a read gets {@link dev.weft.CancelledException}
 * there; the bytes that had arrived stay buffered for the next read, and nothing is lost, also when
 * the cancellation comes after the bytes were handed over but before the task resumed (an
 * {@link IncompleteReadException} at the end of the stream reaches the task in its own step, so a
 * cancellation before then leaves its bytes buffered too).
 *
 * <p><b>Errors</b> arrive at the await as the JDK's types: an {@link IOException} with the
 * operating system's message for a reset (then every later read throws it too), a
 * {@link java.nio.channels.AsynchronousCloseException} for a read waiting when the connection is
 * closed on this side, a {@link ClosedChannelException} for a read started after that.
 */
public final class StreamReader {
    /** asyncio's default limit. */
    static final int DEFAULT_LIMIT = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** The most socket reads one attempt makes (16 x 64 KiB): then the read waits for the next poll. */
    private static final int MAX_READS = 16;
    private static final byte[] NEWLINE = {'\n'};
    /** The method a read of each {@link ReadWaiter} kind comes from, for messages (as asyncio's). */
    private static final String[] NAMES = {"read()", "read()", "readExactly()", "readUntil()", "readLine()", "readLine()"};
    /** A buffer this large or smaller is kept once emptied: most lines and messages fit. */
    private static final int KEEP = 8 * 1024;

    final Transport transport;
    private final int limit;
    /** Bytes received and not read yet: {@code buffer[start, end)}. */
    private byte[] buffer = EMPTY;
    private int start;
    private int end;
    private boolean eof;
    /** The connection's failure, thrown by every read from then on. */
    private IOException failure;
    private boolean closed;
    /** {@link LoopSelector#polls()} when a read last emptied the socket. */
    private int drainedAt = -1;
    /** The read waiting for bytes, or null. */
    private ReadWaiter waiting;

    StreamReader(Transport transport, int limit) {
        this.transport = transport;
        this.limit = limit;
    }

    /**
     * Reads up to {@code n} bytes: what is buffered, else what arrives next. An empty array at the
     * end of the stream. With {@code n < 0}, reads everything until the end of the stream.
     *
     * <pre>{@code
     * byte[] chunk = await(reader.read(4096));
     * if (chunk.length == 0) { ... the peer closed its side ... }
     * }</pre>
     *
     * @param n the most bytes to read, or a negative number for all until the end
     * @return a task with the bytes
     * @throws IllegalStateException if another read is waiting, or off the connection's loop
     */
    public Task<byte[]> read(int n) {
        if (n == 0) {
            transport.checkThread();
            return Task.of(EMPTY);
        }
        return start(n < 0 ? ReadWaiter.ALL : ReadWaiter.SOME, n, null);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * <pre>{@code
     * byte[] header = await(reader.readExactly(8));
     * }</pre>
     *
     * @param n how many bytes
     * @return a task with the bytes; it fails with {@link IncompleteReadException} (holding the
     *     bytes that came) if the stream ends first
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if another read is waiting, or off the connection's loop
     */
    public Task<byte[]> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly size can not be less than zero: " + n);
        }
        if (n == 0) {
            transport.checkThread();
            return Task.of(EMPTY);
        }
        return start(ReadWaiter.EXACTLY, n, null);
    }

    /**
     * Reads a line: the bytes up to and including {@code '\n'}. At the end of the stream, what is
     * left (without a {@code '\n'}), and an empty array once nothing is.
     *
     * @return a task with the line's bytes; it fails with {@link LimitOverrunException} if no
     *     {@code '\n'} comes within the {@linkplain #limit() limit} (the line's bytes so far are
     *     dropped then, as asyncio's {@code readline})
     * @throws IllegalStateException if another read is waiting, or off the connection's loop
     */
    public Task<byte[]> readLine() {
        return start(ReadWaiter.LINE, 0, NEWLINE);
    }

    /**
     * Reads a line of text: the bytes up to {@code '\n'} decoded with {@code charset}, without the
     * {@code "\n"} or {@code "\r\n"} that ended it (as {@link java.io.BufferedReader#readLine()}).
     * At the end of the stream, what is left, and null once nothing is.
     *
     * <pre>{@code
     * String line;
     * while ((line = await(reader.readLine(StandardCharsets.UTF_8))) != null) {
     *     System.out.println(line);
     * }
     * }</pre>
     *
     * @param charset the text's encoding
     * @return a task with the line, or null at the end of the stream; it fails with
     *     {@link LimitOverrunException} as {@link #readLine()}
     * @throws IllegalStateException if another read is waiting, or off the connection's loop
     */
    @SuppressWarnings("unchecked")
    public Task<String> readLine(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        return (Task<String>) (Task<?>) start(ReadWaiter.TEXT_LINE, 0, NEWLINE, charset);
    }

    /**
     * Reads up to and including {@code separator}.
     *
     * <pre>{@code
     * byte[] headers = await(reader.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
     * }</pre>
     *
     * @param separator the bytes that end what is read; not empty
     * @return a task with the bytes, separator included; it fails with {@link LimitOverrunException}
     *     if the separator does not come within the {@linkplain #limit() limit} (the bytes stay
     *     buffered), or with {@link IncompleteReadException} (holding the bytes left) if the stream
     *     ends first
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws IllegalStateException if another read is waiting, or off the connection's loop
     */
    public Task<byte[]> readUntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        return start(ReadWaiter.UNTIL, 0, separator); // copied only if the read waits
    }

    /**
     * Whether the stream has ended and every byte was read (asyncio {@code at_eof}).
     *
     * @return true once a read would return the end of the stream
     */
    public boolean isAtEof() {
        return eof && start == end;
    }

    /**
     * The most bytes {@link #readLine()} and {@link #readUntil} look through for their separator
     * (64 KiB unless the connection's options say otherwise).
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "StreamReader[" + (end - start) + " bytes buffered" + (eof ? ", eof" : "")
                + (failure != null ? ", " + failure : "") + (waiting != null ? ", waiting" : "") + ", "
                + transport + "]";
    }

    // ---- reading ------------------------------------------------------------------------------

    /** For task dumps: the read call a waiter of {@code kind} stands for. */
    static String describeRead(int kind, int n) {
        switch (kind) {
            case ReadWaiter.SOME:
                return "read(" + n + ")";
            case ReadWaiter.ALL:
                return "read() to the end";
            case ReadWaiter.EXACTLY:
                return "readExactly(" + n + ")";
            default:
                return NAMES[kind];
        }
    }

    private Task<byte[]> start(int kind, int n, byte[] separator) {
        return start(kind, n, separator, null);
    }

    @SuppressWarnings("unchecked")
    private Task<byte[]> start(int kind, int n, byte[] separator, Charset charset) {
        transport.checkThread();
        ReadWaiter current = waiting;
        if (current != null) {
            if (!current.isDone()) {
                throw new IllegalStateException(NAMES[kind] + " called while another coroutine is already waiting for incoming data");
            }
            waiting = null; // cancelled from another thread, and its clean-up has not run yet
        }
        ReadWaiter w = null;
        try {
            // A socket a read of this turn emptied has nothing the next poll would not report: asking it
            // again now would be a system call that finds nothing (a request's answer comes later).
            Object r = attempt(kind, n, separator, charset, null, drainedAt != transport.readEpoch());
            if (r != ReadWaiter.MORE) {
                return (Task<byte[]>) (Task<?>) Task.of(r);
            }
            // The caller may change its separator array while the read waits.
            w = separator == null ? new ReadWaiter(this, kind, n)
                    : new SeparatorWaiter(this, kind, kind == ReadWaiter.UNTIL ? separator.clone() : separator, charset);
            waiting = w;
            transport.wantRead();
            return (Task<byte[]>) (Task<?>) w;
        } catch (Throwable e) {
            if (w != null) {
                waiting = null;
            }
            return Task.failed(e);
        }
    }

    /**
     * The socket is readable: the waiting read tries again. Returns whether the socket should stay
     * watched: while a read waits, and after one was served, since the next read usually follows
     * in the turn (so the interest need not be dropped and set again); false once no read waited.
     */
    boolean readable() {
        ReadWaiter w = waiting;
        if (w == null) {
            return false;
        }
        if (w.isDone()) {
            waiting = null; // cancelled from another thread: it takes nothing more
            return false;
        }
        if (eof) {
            return false; // a read still waiting at the end of the stream ends in its waiter's turn
        }
        Object r;
        try {
            r = attempt(w.kind, w.n, w.separator(), w.charset(), w, true);
        } catch (IncompleteReadException e) {
            // The end of the stream, with bytes the read took: they go back, and the read fails in
            // its waiter's turn, where its coroutine resumes at once. A cancellation before then
            // leaves them buffered, as asyncio's readexactly, which fails in the task's own step.
            putBack(e.partial());
            w.endInTurn();
            return false;
        } catch (Throwable e) {
            waiting = null;
            w.reject(e);
            return false;
        }
        if (r == ReadWaiter.MORE) {
            return true;
        }
        waiting = null;
        w.deliver(r);
        return true;
    }

    /** The turn of {@code w}, whose read met the end of the stream: it fails now (or takes what it can). */
    void endTurn(ReadWaiter w) {
        if (waiting != w) {
            return; // cancelled, and cleaned up
        }
        waiting = null;
        if (w.isDone()) {
            return; // cancelled from another thread: the bytes stay buffered
        }
        try {
            Object r = attempt(w.kind, w.n, w.separator(), w.charset(), w, true);
            if (r == ReadWaiter.MORE) { // not after the end of the stream; kept waiting all the same
                waiting = w;
                return;
            }
            w.deliver(r);
        } catch (Throwable e) {
            if (!w.reject(e) && e instanceof IncompleteReadException) {
                putBack(((IncompleteReadException) e).partial());
            }
        }
    }

    /** {@code w} was cancelled while it waited (on the loop's thread). */
    void cancelled(ReadWaiter w) {
        if (waiting == w) {
            waiting = null; // the next readiness finds no read waiting and stops watching
        }
    }

    /** Puts back bytes a read took but its cancelled coroutine never saw; a read waiting since gets them. */
    void unread(byte[] bytes) {
        putBack(bytes);
        ReadWaiter w = waiting;
        if (w != null && bytes.length > 0) {
            // A read started after these bytes were granted and waits for the socket: they come first.
            if (w instanceof SeparatorWaiter) {
                ((SeparatorWaiter) w).scanned = 0;
            }
            readable();
        }
    }

    /** Puts {@code bytes} back in front of the buffer. */
    private void putBack(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        int size = end - start;
        if (start >= bytes.length) {
            start -= bytes.length;
        } else {
            byte[] b = new byte[Math.max(KEEP, size + bytes.length)];
            System.arraycopy(buffer, start, b, bytes.length, size);
            buffer = b;
            start = 0;
            end = bytes.length + size;
        }
        System.arraycopy(bytes, 0, buffer, start, bytes.length);
    }

    /** Takes the bytes received and not read yet (a startTls: they are the start of the TLS stream). */
    byte[] takeBuffered() {
        byte[] out = Arrays.copyOfRange(buffer, start, end);
        start = end = 0;
        return out;
    }

    void lost(IOException e) {
        if (failure == null) {
            failure = e;
        }
        ReadWaiter w = waiting;
        waiting = null;
        if (w != null) {
            w.reject(e);
        }
    }

    void closed() {
        closed = true;
        ReadWaiter w = waiting;
        waiting = null;
        if (w != null) {
            w.reject(failure != null ? failure : new StreamClosedException());
        }
    }

    /**
     * What a read of {@code kind} gives now: its result, or {@link ReadWaiter#MORE} if it must wait
     * for the socket. Reads the socket while it has bytes and the read needs them.
     */
    private Object attempt(int kind, int n, byte[] separator, Charset charset, ReadWaiter w, boolean mayRead)
            throws IOException {
        int reads = 0;
        for (boolean read = mayRead;;) {
            if (failure != null) {
                throw failure;
            }
            Object r = fromBuffer(kind, n, separator, charset, w);
            if (r != ReadWaiter.MORE) {
                return r;
            }
            if (closed) {
                throw new ClosedChannelException();
            }
            if (kind == ReadWaiter.SOME || (kind == ReadWaiter.EXACTLY && start == end)) {
                // Straight from the socket into the result: nothing buffered, nothing to copy twice.
                if (!read) {
                    return ReadWaiter.MORE;
                }
                ByteBuffer b = transport.selector.ioBuffer();
                b.limit(Math.min(b.capacity(), n));
                int got = receive(b);
                // Else the socket is empty now. A few reads per readiness at most, as Netty's
                // maxMessagesPerRead: a fast peer must not keep the loop from its other work.
                read = !b.hasRemaining() && ++reads < MAX_READS;
                if (got <= 0) {
                    if (got < 0) {
                        continue; // end of stream: fromBuffer answers
                    }
                    return ReadWaiter.MORE;
                }
                b.flip();
                if (kind == ReadWaiter.SOME || got == n) {
                    byte[] out = new byte[got];
                    b.get(out);
                    return out;
                }
                append(b);
                continue;
            }
            int size = end - start;
            // A separator read takes what the socket has, a read's worth at a time, as asyncio's
            // transport feeds its reader: a line that arrived whole is judged whole. The buffer stays
            // bounded: past the limit without a separator the read ends (LimitOverrunException).
            int room = kind == ReadWaiter.EXACTLY ? n - size : Integer.MAX_VALUE;
            if (!read) {
                return ReadWaiter.MORE;
            }
            ByteBuffer b = transport.selector.ioBuffer();
            if (room < b.capacity()) {
                b.limit(Math.max(1, room));
            }
            int got = receive(b);
            read = !b.hasRemaining() && ++reads < MAX_READS;
            if (got == 0) {
                return ReadWaiter.MORE;
            }
            if (got > 0) {
                b.flip();
                append(b);
            }
        }
    }

    /** Reads from the socket into {@code b}: the count, -1 at the end of the stream (then eof is set). */
    private int receive(ByteBuffer b) throws IOException {
        int got;
        try {
            got = transport.receive(b);
        } catch (IOException e) {
            transport.lost(e);
            throw e;
        }
        if (got < 0) {
            eof = true;
        } else if (b.hasRemaining()) {
            drainedAt = transport.readEpoch();
        }
        return got;
    }

    /** What the buffer gives a read of {@code kind}, or MORE. */
    private Object fromBuffer(int kind, int n, byte[] separator, Charset charset, ReadWaiter w) throws IOException {
        int size = end - start;
        switch (kind) {
            case ReadWaiter.SOME:
                if (size > 0) {
                    return take(Math.min(n, size));
                }
                return eof ? EMPTY : ReadWaiter.MORE;
            case ReadWaiter.ALL:
                return eof ? take(size) : ReadWaiter.MORE;
            case ReadWaiter.EXACTLY:
                if (size >= n) {
                    return take(n);
                }
                if (eof) {
                    throw new IncompleteReadException(take(size), n);
                }
                return ReadWaiter.MORE;
            default:
                return untilSeparator(kind, separator, charset, w);
        }
    }

    private Object untilSeparator(int kind, byte[] separator, Charset charset, ReadWaiter read) throws IOException {
        SeparatorWaiter w = (SeparatorWaiter) read;
        int size = end - start;
        int from = w == null ? 0 : Math.max(0, w.scanned - separator.length + 1);
        int at = indexOf(separator, from);
        if (at >= 0) {
            int offset = at - start;
            if (offset > limit) {
                throw overrun(kind, "Separator is found, but chunk is longer than limit", offset, separator);
            }
            return line(kind, offset + separator.length, charset, w);
        }
        if (w != null) {
            w.scanned = end - start;
        }
        if (size + 1 - separator.length > limit) {
            throw overrun(kind, "Separator is not found, and chunk exceed the limit", size + 1 - separator.length, separator);
        }
        if (!eof) {
            return ReadWaiter.MORE;
        }
        if (kind == ReadWaiter.UNTIL) {
            throw new IncompleteReadException(take(size), -1);
        }
        if (kind == ReadWaiter.TEXT_LINE && size == 0) {
            return null;
        }
        return line(kind, size, charset, w);
    }

    /**
     * A line's result, the first {@code n} buffered bytes taken: the bytes, or for a text line read
     * at once, its text (decoded from the buffer: no array in between). A waiting text line gets its
     * bytes, which its waiter decodes (and gives back if they are not delivered).
     */
    private Object line(int kind, int n, Charset charset, ReadWaiter w) {
        if (kind != ReadWaiter.TEXT_LINE || w != null) {
            return take(n);
        }
        String text = new String(buffer, start, textLength(buffer, start, n), charset);
        take(n, false);
        return text;
    }

    /** How many of {@code b[from, from + n)} a text line keeps: without its "\n" or "\r\n". */
    static int textLength(byte[] b, int from, int n) {
        int len = n;
        if (len > 0 && b[from + len - 1] == '\n') {
            len--;
            if (len > 0 && b[from + len - 1] == '\r') {
                len--;
            }
        }
        return len;
    }

    /** asyncio's readline drops the too-long line (up to its separator if it came); readuntil keeps it. */
    private LimitOverrunException overrun(int kind, String message, int consumed, byte[] separator) {
        if (kind != ReadWaiter.UNTIL) {
            int at = start + consumed;
            if (end - at >= separator.length && regionMatches(at, separator)) {
                take(consumed + separator.length);
            } else {
                take(end - start);
            }
        }
        return new LimitOverrunException(message, consumed);
    }

    private int indexOf(byte[] separator, int from) {
        int last = end - separator.length;
        for (int i = start + from; i <= last; i++) {
            if (buffer[i] == separator[0] && regionMatches(i, separator)) {
                return i;
            }
        }
        return -1;
    }

    private boolean regionMatches(int at, byte[] separator) {
        for (int j = 1; j < separator.length; j++) {
            if (buffer[at + j] != separator[j]) {
                return false;
            }
        }
        return buffer[at] == separator[0];
    }

    /** Removes and returns the first {@code n} buffered bytes. */
    private byte[] take(int n) {
        return take(n, true);
    }

    /** Removes the first {@code n} buffered bytes; returns them if {@code copy}, else null. */
    private byte[] take(int n, boolean copy) {
        if (n == 0) {
            return EMPTY;
        }
        byte[] out = copy ? Arrays.copyOfRange(buffer, start, start + n) : null;
        start += n;
        if (start == end) {
            start = end = 0;
            if (buffer.length > KEEP) {
                buffer = EMPTY;
            }
        }
        return out;
    }

    private void append(ByteBuffer b) {
        int n = b.remaining();
        if (buffer.length - end < n) {
            int size = end - start;
            if (size + n <= buffer.length && start > 0) {
                System.arraycopy(buffer, start, buffer, 0, size);
            } else {
                byte[] grown = new byte[Math.max(Math.min(KEEP, Math.max(size + n, 256)), Math.max(buffer.length * 2, size + n))];
                System.arraycopy(buffer, start, grown, 0, size);
                buffer = grown;
            }
            start = 0;
            end = size;
        }
        b.get(buffer, end, n);
        end += n;
    }
}
