package dev.weft.io;

import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * TLS on one {@link SocketTransport}, through an {@link SSLEngine}: the transport's receive and
 * send go through here once it is installed, so the same reader and writer read plaintext.
 *
 * <p>Three buffers, each kept between calls with its bytes between position and limit: {@code netIn}
 * (ciphertext read from the socket, not unwrapped yet), {@code netOut} (ciphertext wrapped, not
 * written yet: a send may report plaintext taken while its record waits here, and the layer writes
 * it when the socket takes more) and {@code appIn} (plaintext unwrapped that did not fit the read's
 * buffer; made only then, and dropped once empty). The socket's readiness comes here first
 * ({@link #ready}), and the layer calls the reader and writer as the transport contract says: also
 * when bytes wait in {@code appIn} or {@code netIn} while the socket itself has nothing new.
 *
 * <p>The engine's delegated tasks (certificate checks, key exchange) run off the loop, on
 * {@link Weft#toThread}; the handshake goes on on the loop when they are done.
 */
final class TlsLayer {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketTransport transport;
    private final SSLEngine engine;
    private final TlsOptions options;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    /** The first handshake finished. */
    private boolean handshaken;
    /** Told once when the first handshake ends: null for success, else the failure. */
    private Consumer<Throwable> onHandshake;
    private boolean tasksRunning;
    /**
     * A read waits. True at first: a read may be waiting already when startTls installs the layer
     * (its wantRead went to the plain socket); if none is, the first call back finds none and clears it.
     */
    private boolean readerWants = true;
    private boolean writerWants;
    /** The peer's close_notify came (or the socket's end): receive() answers -1 once appIn is empty. */
    private boolean inboundDone;
    /** The socket read its end. */
    private boolean socketEof;
    /** closeGracefully() sent our close_notify and waits for the peer's. */
    private boolean closing;
    /** writeEof(): our close_notify is sent, then the socket's output is shut once netOut is written. */
    private boolean outputEnding;
    /** The handshake timer, then the shutdown timer. */
    private Handle timer;
    /** Counts bytes that came in outside receive() (see {@link Transport#readEpoch()}). */
    int epoch;
    private boolean pumpDue;
    private IOException failure;

    TlsLayer(SocketTransport transport, SSLEngine engine, TlsOptions options) {
        this.transport = transport;
        this.engine = engine;
        this.options = options;
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        netIn.flip();
        netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        netOut.flip();
    }

    /** Starts the handshake; {@code done} is told its end (on the loop). {@code pending}: ciphertext read already. */
    void start(byte[] pending, Consumer<Throwable> done) {
        onHandshake = done;
        if (pending != null && pending.length > 0) {
            ensureNetInCapacity(netIn.remaining() + pending.length);
            netIn.compact();
            netIn.put(pending);
            netIn.flip();
        }
        timer = transport.selector.loop().callLater(options.handshakeTimeout(), this::handshakeTimedOut);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        step();
        updateInterest();
    }

    SSLSession session() {
        return handshaken ? engine.getSession() : null;
    }

    String applicationProtocol() {
        if (!handshaken) {
            return null;
        }
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    boolean isTls13() {
        return "TLSv1.3".equals(engine.getSession().getProtocol());
    }

    // ---- the transport's side ----------------------------------------------------------------

    int receive(ByteBuffer dst) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!handshaken || tasksRunning || closing) {
            return 0;
        }
        int start = dst.position();
        try {
            fill(dst);
        } catch (IOException e) {
            if (dst.position() == start) {
                throw e;
            }
            // Plaintext came before the failure (a record, then a renegotiation or a bad record): the
            // read gets it, as from a plain socket, and the next one the failure.
            if (failure == null) {
                failure = e;
            }
        }
        int n = dst.position() - start;
        return n == 0 && inboundDone && appIn == null ? -1 : n;
    }

    /** Moves plaintext into {@code dst}: what appIn holds, then records unwrapped, while there are any. */
    private void fill(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            ByteBuffer a = appIn;
            if (a != null) {
                int n = Math.min(a.remaining(), dst.remaining());
                int lim = a.limit();
                a.limit(a.position() + n);
                dst.put(a);
                a.limit(lim);
                if (!a.hasRemaining()) {
                    appIn = null; // an idle connection keeps no plaintext buffer
                }
                continue;
            }
            if (inboundDone || !unwrapFor(dst)) {
                break;
            }
        }
    }

    /**
     * Unwraps one record for a read, into {@code dst} if it fits, else into appIn; reads the socket
     * when netIn holds no whole record. Returns whether to go on (false: nothing more now).
     */
    private boolean unwrapFor(ByteBuffer dst) throws IOException {
        SSLEngineResult r = engine.unwrap(netIn, dst);
        if (r.getStatus() == Status.BUFFER_OVERFLOW) {
            ByteBuffer a = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            r = engine.unwrap(netIn, a);
            a.flip();
            if (a.hasRemaining()) {
                appIn = a;
            }
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW:
                return readSocket();
            case CLOSED:
                inboundDone = true;
                break;
            default:
                break;
        }
        afterHandshake(r);
        return !tasksRunning;
    }

    /** Reads the socket into netIn: whether anything came (the end counts, and ends the inbound side). */
    private boolean readSocket() throws IOException {
        if (socketEof) {
            inboundDone = true; // the peer closed without close_notify: the end all the same (as asyncio's)
            return true;
        }
        ensureNetInCapacity(Math.max(engine.getSession().getPacketBufferSize(), netIn.remaining() + 1));
        netIn.compact();
        int got;
        try {
            got = transport.channel.read(netIn);
        } finally {
            netIn.flip();
        }
        if (got < 0) {
            socketEof = true;
            if (!handshaken) {
                throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
            }
            inboundDone = true;
            return true;
        }
        return got > 0;
    }

    private void ensureNetInCapacity(int needed) {
        if (netIn.capacity() < needed) {
            ByteBuffer b = ByteBuffer.allocate(needed);
            b.put(netIn).flip();
            netIn = b;
        }
    }

    int send(ByteBuffer src) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!handshaken || tasksRunning || closing || outputEnding || !flush()) {
            return 0;
        }
        int taken = 0;
        while (src.hasRemaining()) {
            SSLEngineResult r = wrap(src);
            taken += r.bytesConsumed();
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("the TLS connection is closed for sending");
            }
            afterHandshake(r);
            if (tasksRunning || !flush() || r.bytesConsumed() == 0) {
                break;
            }
        }
        updateInterest();
        return taken;
    }

    /** Wraps from {@code src} into netOut (which has room for a record: it is empty, or grows). */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut.capacity() - netOut.remaining() < packet) {
            ByteBuffer b = ByteBuffer.allocate(netOut.remaining() + packet);
            b.put(netOut).flip();
            netOut = b;
        }
        netOut.compact();
        try {
            return engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
    }

    /** Writes netOut to the socket: whether it is all written. */
    private boolean flush() throws IOException {
        if (netOut.hasRemaining()) {
            transport.channel.write(netOut);
            if (netOut.hasRemaining()) {
                return false;
            }
        }
        if (outputEnding && transport.isOpen()) {
            outputEnding = false;
            transport.channel.shutdownOutput(); // after our close_notify: the TCP half-close too
        }
        return true;
    }

    /**
     * What the engine wants after a wrap or unwrap: a renegotiation (TLS 1.2, after the first
     * handshake) fails; anything else (TLS 1.3 post-handshake messages, a key update's answer, our
     * close_notify's reply) is done now.
     */
    private void afterHandshake(SSLEngineResult r) throws IOException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) {
            return;
        }
        if (handshaken && r.getStatus() != Status.CLOSED && !isTls13()) {
            throw new SSLException("TLS renegotiation is not supported: the peer started a new handshake on "
                    + engine.getSession().getProtocol() + " (" + transport + ")");
        }
        if (hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK) {
            drive();
        }
        // NEED_UNWRAP: the next readiness or read unwraps
    }

    /**
     * Drives the engine while it is handshaking: wraps what it has to say, unwraps what the socket
     * has, and runs its delegated tasks off the loop. Returns when it waits for the socket or a task.
     */
    private void drive() throws IOException {
        for (;;) {
            if (tasksRunning || !transport.isOpen()) {
                return;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK:
                    runTasks();
                    return;
                case NEED_WRAP: {
                    if (!flush()) {
                        return; // OP_WRITE brings us back
                    }
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.getStatus() == Status.CLOSED && engine.isOutboundDone()) {
                        flush();
                        if (!handshaken) {
                            throw new SSLHandshakeException("the TLS engine closed during the handshake");
                        }
                        return;
                    }
                    break;
                }
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN: {
                    if (appIn == null) {
                        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                        appIn.flip();
                    }
                    ByteBuffer a = appIn;
                    a.compact();
                    SSLEngineResult r;
                    try {
                        r = engine.unwrap(netIn, a);
                    } finally {
                        a.flip();
                    }
                    if (a.hasRemaining()) {
                        epoch++; // plaintext came in outside receive(): a read must look again
                    } else {
                        appIn = null;
                    }
                    if (r.getStatus() == Status.CLOSED) {
                        inboundDone = true;
                        if (!handshaken) {
                            throw new SSLHandshakeException("the peer closed the TLS connection during the handshake");
                        }
                        return;
                    }
                    if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                        return; // appIn is full: a read makes room
                    }
                    if (r.getStatus() == Status.BUFFER_UNDERFLOW && (!readSocket() || inboundDone)) {
                        return; // OP_READ brings us back (or the stream ended)
                    }
                    if (handshaken && r.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                            && r.getHandshakeStatus() != HandshakeStatus.FINISHED && !isTls13()) {
                        afterHandshake(r); // throws: a renegotiation
                    }
                    break;
                }
                default: // NOT_HANDSHAKING (FINISHED is only ever a result's)
                    if (!handshaken) {
                        handshakeDone();
                    }
                    return;
            }
        }
    }

    private void runTasks() {
        tasksRunning = true;
        Task<Void> t = Weft.toThread(() -> {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            return null;
        });
        t.whenDone(done -> {
            tasksRunning = false;
            epoch++;
            if (!transport.isOpen()) {
                return;
            }
            if (done.isFailed() || done.isCancelled()) { // cancelled: the run is ending
                fail(done.isFailed() ? done.exception() : new SSLException("the TLS engine's delegated task was cancelled"));
                return;
            }
            step();
            resume();
        });
    }

    /** Drives the handshake, failing the connection if it fails. */
    private void step() {
        try {
            drive();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void handshakeDone() {
        handshaken = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        Consumer<Throwable> done = onHandshake;
        onHandshake = null;
        if (done != null) {
            done.accept(null);
        }
        schedulePump(); // a startTls's reader or writer may have waited meanwhile
    }

    private void handshakeTimedOut() {
        timer = null;
        if (handshaken || !transport.isOpen()) {
            return;
        }
        String within = TimeoutText.of(options.handshakeTimeout());
        SSLHandshakeException e = new SSLHandshakeException("the TLS handshake with " + transport.remoteAddress()
                + " did not finish within " + within);
        e.initCause(new SocketTimeoutException("TLS handshake timed out after " + within));
        fail(e, false); // a peer that said nothing in time has nothing to finish sending
    }

    /**
     * The connection failed: during the first handshake, the one waiting for it is told and the
     * socket closed after a best-effort alert (gently: {@link SocketTransport#closeLingering});
     * afterwards, the reader's and writer's waiters get it.
     */
    void fail(Throwable e) {
        fail(e, true);
    }

    /** {@link #fail(Throwable)}; {@code peerMaySend}: the peer may still be sending its part of the handshake. */
    private void fail(Throwable e, boolean peerMaySend) {
        IOException io = e instanceof IOException ? (IOException) e : new SSLException(e.getMessage(), e);
        if (failure == null) {
            failure = io;
        }
        if (!transport.isOpen()) {
            return;
        }
        if (!handshaken) {
            boolean sent = false;
            try {
                engine.closeOutbound();
                wrap(EMPTY); // the alert the engine has for the peer, if any
                transport.channel.write(netOut);
                sent = !netOut.hasRemaining();
            } catch (IOException | RuntimeException ignored) {
                // best effort: the socket closes now anyway
            }
            if (sent && peerMaySend) {
                transport.closeLingering();
            } else {
                transport.closeChannel();
            }
        } else {
            transport.lost(io);
        }
    }

    // ---- readiness ---------------------------------------------------------------------------

    void wantRead() {
        readerWants = true;
        if (hasBufferedInput()) {
            schedulePump();
        }
        updateInterest();
    }

    void unwantRead() {
        readerWants = false;
        updateInterest();
    }

    void wantWrite() {
        writerWants = true;
        updateInterest();
    }

    void unwantWrite() {
        writerWants = false;
        updateInterest();
    }

    /** The socket's readiness. */
    void ready(int readyOps) {
        try {
            flush();
            if (closing) {
                continueClosing();
                return;
            }
            if (!handshaken || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                drive();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        resume();
    }

    /** Lets the writer and reader go on where they can. */
    private void resume() {
        if (!handshaken || tasksRunning || closing || !transport.isOpen()) {
            updateInterest();
            return;
        }
        if (writerWants && !netOut.hasRemaining() && transport.writer != null) {
            transport.writer.writable();
        }
        if (readerWants && transport.reader != null && transport.isOpen() && !closing) {
            if (!transport.reader.readable()) {
                readerWants = false;
            } else if (hasBufferedInput()) {
                schedulePump(); // a read stopped with bytes here: level-triggered, as a socket would be
            }
        }
        updateInterest();
    }

    private boolean hasBufferedInput() {
        if (failure != null) {
            return true; // kept for the next read (see receive): it must come and get it
        }
        if (appIn != null && appIn.hasRemaining()) {
            return true;
        }
        if (inboundDone) {
            return true; // the end of the stream, to be read
        }
        ByteBuffer n = netIn;
        int p = n.position();
        if (n.remaining() < 5) {
            return false;
        }
        int length = ((n.get(p + 3) & 0xff) << 8) | (n.get(p + 4) & 0xff);
        return n.remaining() >= 5 + length;
    }

    /** Calls the reader back on the loop's next pass (not now: the caller may be inside a read). */
    private void schedulePump() {
        if (pumpDue || !readerWants) {
            return;
        }
        pumpDue = true;
        transport.selector.loop().callSoon(() -> {
            pumpDue = false;
            epoch++;
            resume();
        });
    }

    /** Sets what the socket is watched for: read while a read or the engine wants bytes, write while bytes wait to go. */
    private void updateInterest() {
        if (!transport.isOpen()) {
            return;
        }
        int ops = 0;
        boolean running = !tasksRunning;
        if (netOut.hasRemaining() || (handshaken && writerWants && running && !closing)) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (running && !socketEof) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            boolean engineReads = hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
            if (engineReads || closing || (handshaken && readerWants)) {
                ops |= SelectionKey.OP_READ;
            }
        }
        try {
            transport.interest(ops);
        } catch (IOException e) {
            fail(e);
        }
    }

    // ---- closing -----------------------------------------------------------------------------

    /** The writer sent everything after close(): our close_notify, then the peer's, then the socket closes. */
    void closeGracefully() {
        if (!handshaken || failure != null || !transport.isOpen()) {
            transport.closeChannel();
            return;
        }
        closing = true;
        timer = transport.selector.loop().callLater(options.shutdownTimeout(), () -> {
            timer = null;
            transport.closeChannel();
        });
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                SSLEngineResult r = wrap(EMPTY);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
            continueClosing();
        } catch (IOException | RuntimeException e) {
            transport.closeChannel();
        }
    }

    private void continueClosing() throws IOException {
        if (!flush()) {
            updateInterest();
            return;
        }
        // the peer's close_notify: what comes before it is dropped (nobody reads any more)
        while (!inboundDone && !socketEof) {
            ByteBuffer scratch = transport.selector.ioBuffer();
            scratch.clear();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, scratch);
            } catch (SSLException e) {
                break; // the peer's last words were garbled: close all the same
            }
            if (r.getStatus() == Status.CLOSED) {
                inboundDone = true;
            } else if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
                if (!readSocket()) {
                    updateInterest();
                    return;
                }
            }
        }
        transport.closeChannel();
    }

    /** writeEof() on TLS 1.3: our close_notify, then the TCP half-close; reading goes on. */
    void shutdownOutput() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrap(EMPTY);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        outputEnding = true;
        flush();
        updateInterest();
    }

    /** The socket closed: the handshake's waiter, if still waiting, is told; timers stop. */
    void closed() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        Consumer<Throwable> done = onHandshake;
        onHandshake = null;
        if (done != null) {
            done.accept(failure != null ? failure : new SSLHandshakeException(
                    "the connection closed during the TLS handshake"));
        }
        appIn = null;
    }
}
