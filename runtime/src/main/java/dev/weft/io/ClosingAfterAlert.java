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
 * A socket whose TLS handshake failed, between our alert and its close: its output is shut (the
 * alert, then the end of the stream) and what the peer still sends is read and dropped until the
 * peer closes, for at most {@link #LINGER} and {@link #LIMIT} bytes. Closed at once instead, with
 * the peer's bytes unread or still coming, the socket would answer them with a reset, which can
 * reach a peer still sending its part of the handshake (a JDK client signs between its certificate
 * and the rest) before it reads the alert: it would see "Broken pipe", not the reason.
 */
final class ClosingAfterAlert implements LoopSelector.Readiness {
    /** How long the peer has to close its side. */
    static final Duration LINGER = Duration.ofSeconds(1);
    /** How much it may send meanwhile: a handshake's flight is a few kilobytes. */
    static final int LIMIT = 256 * 1024;

    private final SocketChannel channel;
    private final LoopSelector selector;
    private Handle timer;
    private int dropped;

    private ClosingAfterAlert(SocketChannel channel, LoopSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Takes the channel over from its transport (its key is {@code key}); false if it cannot, and then the caller closes it. */
    static boolean start(SocketChannel channel, LoopSelector selector, SelectionKey key) {
        ClosingAfterAlert c = new ClosingAfterAlert(channel, selector);
        try {
            channel.shutdownOutput();
            key.attach(c);
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException | CancelledKeyException e) {
            return false;
        }
        c.timer = selector.loop().callLater(LINGER, c::close);
        return true;
    }

    @Override
    public void ready(int readyOps) {
        ByteBuffer b = selector.ioBuffer();
        try {
            for (;;) {
                b.clear();
                int n = channel.read(b);
                if (n < 0 || (dropped += n) > LIMIT) {
                    close();
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        } catch (IOException e) {
            close(); // reset: nothing more to wait for
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
