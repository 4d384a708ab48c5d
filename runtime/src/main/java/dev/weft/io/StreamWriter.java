package dev.weft.io;

import dev.weft.Promise;
import dev.weft.Task;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * The writing side of a TCP connection (asyncio {@code StreamWriter}): {@link #write} buffers and
 * never blocks; {@link #drain()} waits while too much is buffered.
 *
 * <pre>{@code
 * writer.write("hello\n", StandardCharsets.UTF_8);
 * await(writer.drain());      // back-pressure: waits while the peer does not keep up
 * writer.close();
 * await(writer.waitClosed());
 * }</pre>
 *
 * <p>A write sends at once what the socket takes, and buffers the rest (a copy: the caller may
 * reuse its array), which the loop sends as the socket allows. {@code drain()} waits while more
 * than 64 KiB is buffered, until 16 KiB or less is (asyncio's high- and low-water marks). A writer
 * that never drains cannot grow without bound: a write while more than the write-buffer limit
 * (16 MiB unless the options say otherwise) is buffered throws {@link IllegalStateException}, and
 * what it was given is not taken.
 *
 * <p>When the connection is lost (a reset, a broken pipe), what is buffered cannot be sent: later
 * writes are dropped and {@code drain()} throws the loss's {@link IOException}, as asyncio's. A
 * writer belongs to the loop its connection was opened on.
 *
 * <p><b>Cancellation:</b> a task cancelled while it awaits {@code drain()} or {@code waitClosed()}
 * gets {@link dev.weft.CancelledException} there; what was written stays buffered and is still sent.
 */
public final class StreamWriter {
    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;
    static final int DEFAULT_WRITE_LIMIT = 16 * 1024 * 1024;
    /** drain()'s answer while nothing needs waiting for: a done task never changes, so one serves all. */
    private static final Task<Void> DRAINED = Task.done();

    private final Transport transport;
    private final int writeLimit;
    /** What the socket did not take yet, oldest first; made at the first partial write. */
    private ArrayDeque<ByteBuffer> pending;
    private int buffered;
    /** Over the high-water mark since the buffer last went down to the low one. */
    private boolean paused;
    private boolean eofAsked;
    private boolean closing;
    private IOException failure;
    /** The tasks waiting in drain(): one, or an ArrayDeque of them; null if none. */
    private Object drainers;
    /** Completed once the channel is closed; made by waitClosed(). */
    private Promise<Void> closedPromise;
    /** A startTls waiting for the buffer to be sent. */
    private Runnable whenFlushed;

    StreamWriter(Transport transport, int writeLimit) {
        this.transport = transport;
        this.writeLimit = writeLimit;
    }

    /**
     * Writes {@code data}: sends what the socket takes now and buffers the rest.
     *
     * @param data the bytes; the caller may reuse the array afterwards
     * @throws IllegalStateException after {@link #close()} or {@link #writeEof()}, while more than the
     *     write-buffer limit is buffered, or off the connection's loop
     */
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        send(data, 0, data.length, false);
    }

    /**
     * Writes the bytes remaining in {@code data}, as {@link #write(byte[])}; its position moves to
     * its limit.
     *
     * @param data the bytes; the caller may reuse the buffer afterwards
     * @throws IllegalStateException as {@link #write(byte[])}
     */
    public void write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (data.hasArray()) {
            int n = data.remaining();
            send(data.array(), data.arrayOffset() + data.position(), n, false);
            data.position(data.position() + n);
        } else {
            send(data);
        }
    }

    /**
     * Writes {@code text} encoded with {@code charset}, as {@link #write(byte[])}.
     *
     * @param text the text
     * @param charset its encoding
     * @throws IllegalStateException as {@link #write(byte[])}
     */
    public void write(String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        send(bytes, 0, bytes.length, true);
    }

    /**
     * Waits until the buffer is small enough to write more (asyncio {@code drain}): at once while
     * it holds 64 KiB or less, else until it is down to 16 KiB.
     *
     * <pre>{@code
     * for (byte[] chunk : chunks) {
     *     writer.write(chunk);
     *     await(writer.drain());
     * }
     * }</pre>
     *
     * @return a task that completes when the caller may write on (also when {@link #close()} sends
     *     the rest while it waits); it fails with the connection's {@link IOException} if it was
     *     lost, or with an {@link java.nio.channels.AsynchronousCloseException} if the connection is
     *     {@linkplain #abort() aborted} while the task waits
     * @throws IllegalStateException off the connection's loop
     */
    public Task<Void> drain() {
        transport.checkThread();
        if (failure != null) {
            return Task.failed(failure);
        }
        if (!paused) {
            return DRAINED;
        }
        if (!transport.isOpen()) {
            return Task.failed(new StreamClosedException());
        }
        DrainWaiter w = new DrainWaiter(this);
        if (drainers == null) {
            drainers = w;
        } else {
            queue().add(w);
        }
        return w;
    }

    /**
     * Closes the sending side once what is buffered is sent (a TCP half-close): the peer reads the
     * end of the stream, and this side can still read. On TLS 1.3 it sends close_notify first.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false (TLS 1.2)
     * @throws IllegalStateException off the connection's loop
     */
    public void writeEof() {
        transport.checkThread();
        if (eofAsked || closing) {
            return;
        }
        if (!transport.canShutdownOutput()) {
            throw new UnsupportedOperationException("writeEof() is not supported on this connection (canWriteEof() is"
                    + " false): TLS 1.2's close_notify ends both directions; close() instead");
        }
        eofAsked = true;
        if (buffered == 0) {
            shutdownOutput();
        }
    }

    /**
     * Upgrades this connection to TLS (asyncio {@code start_tls}), once what is buffered is sent:
     * this writer and its reader stay the same objects and carry plaintext from then on. Bytes the
     * reader received and holds unread are taken as the start of the TLS stream (a peer may send
     * its handshake right after the command that asked for it). A client verifies the server's
     * certificate against the host given to {@code openConnection} unless the options name another.
     *
     * <pre>{@code
     * c.writer().write("STARTTLS\r\n", StandardCharsets.US_ASCII);
     * String reply = await(c.reader().readLine(StandardCharsets.US_ASCII));   // "220 go ahead"
     * await(c.writer().startTls(TlsOptions.client()));
     * c.writer().write("EHLO me\r\n", StandardCharsets.US_ASCII);           // encrypted
     * }</pre>
     *
     * <p><b>Cancellation:</b> cancelling the task aborts the connection (its handshake cannot be
     * left half done).
     *
     * @param options client options ({@link TlsOptions#client()}) or server options
     *     ({@link TlsOptions#server})
     * @return a task that completes after the handshake; it fails with the JDK's
     *     {@link javax.net.ssl.SSLHandshakeException} (the connection is closed then)
     * @throws IllegalStateException if the connection is TLS already, closing, after writeEof(),
     *     not a socket, or off the connection's loop
     */
    public Task<Void> startTls(TlsOptions options) {
        Objects.requireNonNull(options, "options");
        transport.checkThread();
        if (!(transport instanceof SocketTransport)) {
            throw new IllegalStateException("startTls needs a socket connection: " + transport);
        }
        SocketTransport socket = (SocketTransport) transport;
        if (socket.tls() != null) {
            throw new IllegalStateException("the connection is TLS already: " + transport);
        }
        if (closing || eofAsked || !transport.isOpen()) {
            throw new IllegalStateException("startTls on a closing connection: " + transport);
        }
        if (failure != null) {
            return Task.failed(failure);
        }
        TlsUpgrade upgrade = new TlsUpgrade(socket, options);
        if (buffered == 0) {
            upgrade.run();
        } else {
            whenFlushed = upgrade;
        }
        return upgrade;
    }

    /** For task dumps: the connection or pipe written to. */
    String transportText() {
        return String.valueOf(transport);
    }

    /** A {@link #startTls} under way: waits for the buffer to be sent, then for the handshake. */
    private final class TlsUpgrade extends dev.weft.Waiter<Void> implements Runnable {
        private final SocketTransport socket;
        private final TlsOptions options;

        @Override
        protected String waitsOn() {
            return "a TLS handshake (startTls) on " + socket;
        }

        TlsUpgrade(SocketTransport socket, TlsOptions options) {
            super(socket.selector.loop());
            this.socket = socket;
            this.options = options;
        }

        /** The buffer is sent: the handshake starts. */
        @Override
        public void run() {
            if (isDone()) {
                return;
            }
            if (!socket.isOpen()) {
                refuse(failure != null ? failure : new StreamClosedException());
                return;
            }
            byte[] pending = socket.reader != null ? socket.reader.takeBuffered() : null;
            try {
                socket.startTls(options, pending, e -> {
                    if (e == null) {
                        grant(null);
                    } else {
                        refuse(e);
                    }
                });
            } catch (java.security.NoSuchAlgorithmException | RuntimeException e) {
                socket.closeChannel();
                refuse(e);
            }
        }

        @Override
        public boolean cancel(String message) {
            if (!super.cancel(message)) {
                return false;
            }
            if (!socket.selector.execute(StreamWriter.this::abortQuietly)) {
                socket.closeChannel();
            }
            return true;
        }
    }

    private void abortQuietly() {
        whenFlushed = null;
        closing = true;
        dropPending();
        transport.closeChannel();
    }

    /**
     * The TLS session (asyncio {@code get_extra_info('ssl_object')}): protocol, cipher suite, the
     * peer's certificates.
     *
     * <pre>{@code
     * SSLSession s = c.writer().tlsSession();
     * System.out.println(s.getProtocol() + " " + s.getCipherSuite());
     * }</pre>
     *
     * @return the session once the handshake is done; null on a plain connection
     */
    public javax.net.ssl.SSLSession tlsSession() {
        TlsLayer t = transport instanceof SocketTransport ? ((SocketTransport) transport).tls() : null;
        return t == null ? null : t.session();
    }

    /**
     * The ALPN protocol agreed in the handshake (asyncio {@code selected_alpn_protocol()}).
     *
     * @return the protocol, such as {@code "h2"}; null on a plain connection or if none was agreed
     */
    public String applicationProtocol() {
        TlsLayer t = transport instanceof SocketTransport ? ((SocketTransport) transport).tls() : null;
        return t == null ? null : t.applicationProtocol();
    }

    /**
     * Whether {@link #writeEof()} is supported: for TCP (also under TLS 1.3, whose close_notify
     * leaves the other direction open); not for TLS 1.2, where a close_notify closes both ways.
     *
     * @return whether this writer can end its side while reading on
     */
    public boolean canWriteEof() {
        return transport.canShutdownOutput();
    }

    /**
     * Starts closing the connection: it closes once what is buffered is sent (asyncio
     * {@code close}, which does not wait either). Reads waiting then fail with an
     * {@link java.nio.channels.AsynchronousCloseException}. A second call does nothing.
     *
     * <pre>{@code
     * writer.close();
     * await(writer.waitClosed());
     * }</pre>
     *
     * @throws IllegalStateException off the connection's loop
     */
    public void close() {
        transport.checkThread();
        if (!closing) {
            closing = true;
            if (transport.reader != null) {
                transport.reader.closed();
            }
            if (failure != null) {
                transport.closeChannel();
            } else if (buffered == 0) {
                transport.closeGracefully();
            }
        }
    }

    /**
     * Closes the connection at once, dropping what is buffered (asyncio {@code transport.abort()}).
     *
     * @throws IllegalStateException off the connection's loop
     */
    public void abort() {
        transport.checkThread();
        closing = true;
        dropPending();
        transport.closeChannel();
    }

    /**
     * A task that completes when the connection is closed (asyncio {@code wait_closed}).
     *
     * @return a task that completes when the channel is closed; it fails with the connection's
     *     {@link IOException} if it was lost
     * @throws IllegalStateException off the connection's loop
     */
    public Task<Void> waitClosed() {
        transport.checkThread();
        if (!transport.isOpen()) {
            return failure != null ? Task.failed(failure) : Task.done();
        }
        if (closedPromise == null) {
            closedPromise = Task.promise();
        }
        return closedPromise;
    }

    /**
     * Whether {@link #close()} was called or the connection was lost (asyncio {@code is_closing});
     * on a child's stdin, also after {@link #writeEof()}, which closes the pipe.
     *
     * @return true once the connection is closing or closed
     */
    public boolean isClosing() {
        return closing || (eofAsked && transport.isClosedByShutdownOutput()) || !transport.isOpen();
    }

    /**
     * How many bytes are buffered, not yet taken by the socket (asyncio {@code get_write_buffer_size}).
     *
     * @return the count
     */
    public int writeBufferSize() {
        return buffered;
    }

    /**
     * The peer's address.
     *
     * @return the address, also once the connection is closed (asyncio keeps {@code peername} too)
     */
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /**
     * This side's address.
     *
     * @return the address, also once the connection is closed (asyncio keeps {@code sockname} too)
     */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public String toString() {
        return "StreamWriter[" + buffered + " bytes buffered" + (closing ? ", closing" : "")
                + (failure != null ? ", " + failure : "") + ", " + transport + "]";
    }

    // ---- sending ------------------------------------------------------------------------------

    /** Whether a write may go on: throws if it may not, false if it is to be dropped (the connection is lost). */
    private boolean accepts(int length) {
        transport.checkThread();
        if (closing) {
            throw new IllegalStateException("write to a closed stream writer");
        }
        if (eofAsked) {
            throw new IllegalStateException("write after writeEof()");
        }
        if (failure != null) {
            return false; // the connection is lost: drain() says so, as asyncio's
        }
        if (buffered > writeLimit) {
            throw new IllegalStateException("the write buffer holds " + buffered + " bytes, over its limit of "
                    + writeLimit + ": await drain() between writes");
        }
        return length > 0;
    }

    /**
     * Sends {@code array[offset, offset + length)}: at once what the socket takes, through the
     * loop's direct buffer (no wrapper per write, and the JDK copies nothing more), then buffers
     * the rest: the array itself if {@code owned}, else a copy.
     */
    private void send(byte[] array, int offset, int length, boolean owned) {
        if (!accepts(length)) {
            return;
        }
        int done = 0;
        if (buffered == 0) {
            try {
                done = sendNow(array, offset, length);
                if (done == length) {
                    return;
                }
                transport.wantWrite();
            } catch (IOException e) {
                transport.lost(e);
                return;
            }
        }
        int from = offset + done;
        int n = length - done;
        queue(owned ? ByteBuffer.wrap(array, from, n) : ByteBuffer.wrap(Arrays.copyOfRange(array, from, from + n)), n);
    }

    /** Sends the remaining bytes of a buffer without an array (a direct one): as above, the rest copied. */
    private void send(ByteBuffer data) {
        if (!accepts(data.remaining())) {
            data.position(data.limit());
            return;
        }
        if (buffered == 0) {
            try {
                transport.send(data);
                if (!data.hasRemaining()) {
                    return;
                }
                transport.wantWrite();
            } catch (IOException e) {
                transport.lost(e);
                data.position(data.limit());
                return;
            }
        }
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        queue(copy, n);
    }

    /** Writes what the socket takes now; returns how many bytes it took. */
    private int sendNow(byte[] array, int offset, int length) throws IOException {
        ByteBuffer b = transport.selector.ioBuffer(); // the loop's, free: nothing else runs during a write
        int done = 0;
        while (done < length) {
            int n = Math.min(b.capacity(), length - done);
            b.clear();
            b.put(array, offset + done, n).flip();
            int took = transport.send(b);
            done += took;
            if (took < n) {
                break;
            }
        }
        return done;
    }

    private void queue(ByteBuffer rest, int n) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(rest);
        buffered += n;
        if (buffered > HIGH_WATER) {
            paused = true;
        }
    }

    /** The socket takes more: send what is buffered. */
    void writable() {
        ArrayDeque<ByteBuffer> q = pending;
        try {
            while (q != null && !q.isEmpty()) {
                ByteBuffer b = q.peekFirst();
                int before = b.remaining();
                transport.send(b);
                buffered -= before - b.remaining();
                if (b.hasRemaining()) {
                    break;
                }
                q.pollFirst();
            }
        } catch (IOException e) {
            transport.lost(e);
            return;
        }
        if (paused && buffered <= LOW_WATER) {
            paused = false;
            wakeDrainers(null); // before a close below: what they waited for happened (as asyncio's)
        }
        if (buffered == 0) {
            transport.unwantWrite();
            pending = null;
            Runnable flushed = whenFlushed;
            whenFlushed = null;
            if (closing) {
                transport.closeGracefully();
                if (flushed != null) {
                    flushed.run(); // a startTls overtaken by close(): it fails, the socket closed
                }
            } else if (flushed != null) {
                flushed.run();
            } else if (eofAsked) {
                shutdownOutput();
            }
        }
    }

    private void shutdownOutput() {
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            transport.lost(e);
        }
    }

    /** @return the connection's loop's selector, for hopping onto its thread */
    dev.weft.internal.LoopSelector selector() {
        return transport.selector;
    }

    /** {@code w} was cancelled while it waited (on the loop's thread). */
    void cancelled(DrainWaiter w) {
        if (drainers == w) {
            drainers = null;
        } else if (drainers instanceof ArrayDeque) {
            queue().remove(w);
        }
    }

    void lost(IOException e) {
        if (failure == null) {
            failure = e;
        }
        dropPending();
    }

    /** The channel closed: drain waiters fail, and waitClosed() completes. */
    void closed() {
        dropPending();
        Runnable flushed = whenFlushed;
        whenFlushed = null;
        if (flushed != null) {
            flushed.run(); // a startTls waiting: it fails
        }
        wakeDrainers(failure != null ? failure : new StreamClosedException());
        Promise<Void> p = closedPromise;
        if (p != null) {
            if (failure != null) {
                p.completeExceptionally(failure);
            } else {
                p.complete(null);
            }
        }
    }

    private void dropPending() {
        pending = null;
        buffered = 0;
    }

    private void wakeDrainers(Throwable exception) {
        Object d = drainers;
        drainers = null;
        if (d instanceof DrainWaiter) {
            ((DrainWaiter) d).end(exception);
        } else if (d != null) {
            @SuppressWarnings("unchecked")
            ArrayDeque<DrainWaiter> q = (ArrayDeque<DrainWaiter>) d;
            for (DrainWaiter w : q) {
                w.end(exception);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private ArrayDeque<DrainWaiter> queue() {
        if (drainers instanceof ArrayDeque) {
            return (ArrayDeque<DrainWaiter>) drainers;
        }
        ArrayDeque<DrainWaiter> q = new ArrayDeque<>(4);
        if (drainers != null) {
            q.add((DrainWaiter) drainers);
        }
        drainers = q;
        return q;
    }
}
