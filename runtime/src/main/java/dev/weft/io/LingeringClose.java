package dev.weft.io;

import dev.weft.Handle;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A socket's close once its output has ended: the output is shut (the peer reads all we sent, then
 * the end of the stream) and what the peer still sends is read and dropped until the peer closes,
 * for at most {@link #LINGER} and {@link #LIMIT} bytes; then the socket closes. A socket closed
 * with bytes of the peer's unread in the kernel, or arriving after, is reset (Linux sends an RST,
 * not a FIN), and the reset throws away what the kernel had not yet delivered of ours: a response
 * written and flushed, then cut short at the peer, which reads "Connection reset". asyncio's
 * transport has usually read the peer's bytes before it closes; Weft reads only when asked, so it
 * reads them here. The same holds after a failed TLS handshake's alert, which a peer still sending
 * its flight (a JDK client signs between its certificate and the rest) would otherwise not read.
 */
final class LingeringClose implements LoopSelector.Readiness {
    /** How long the peer has to close its side (it normally does once it reads our end). */
    static final Duration LINGER = Duration.ofSeconds(1);
    /** How much it may send meanwhile. */
    static final int LIMIT = 256 * 1024;

    private final SocketChannel channel;
    private final LoopSelector selector;
    private Handle timer;
    private int dropped;

    private LingeringClose(SocketChannel channel, LoopSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Takes the channel over from its transport ({@code key}: its registration, or null if it has
     * none), or closes it at once when the peer has closed already or it cannot be watched; either
     * way the caller is done with it.
     */
    static void start(SocketChannel channel, LoopSelector selector, SelectionKey key) {
        LingeringClose c = new LingeringClose(channel, selector);
        if (c.drop()) {
            return; // the peer has closed (or reset): nothing to wait for
        }
        try {
            channel.shutdownOutput();
            if (key == null || !key.isValid()) {
                selector.register(channel, c).interestOps(SelectionKey.OP_READ);
            } else {
                key.attach(c);
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            c.close(); // a reset, or the loop is ending (a closed selector)
            return;
        }
        c.timer = selector.loop().callLater(LINGER, c::expire);
    }

    @Override
    public void ready(int readyOps) {
        drop();
    }

    /** Reads and drops what is there; true if the socket is closed now (the peer's end, a reset, or too much). */
    private boolean drop() {
        ByteBuffer b = selector.ioBuffer();
        try {
            for (;;) {
                b.clear();
                int n = channel.read(b);
                if (n < 0 || (dropped += n) > LIMIT) {
                    close();
                    return true;
                }
                if (n == 0) {
                    return false;
                }
            }
        } catch (IOException e) {
            close(); // reset: nothing more to wait for
            return true;
        }
    }

    /** The peer took too long: what it sent last is dropped first, so that the close is not a reset. */
    private void expire() {
        timer = null;
        if (!drop()) {
            close();
        }
    }

    private void close() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released all the same
        }
    }
}
