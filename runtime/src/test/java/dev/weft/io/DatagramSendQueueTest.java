package dev.weft.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A datagram endpoint's send queue, with the socket made to look full: on Linux a datagram sent
 * over loopback leaves the sender's buffer at once, so a real socket never refuses one there.
 * Unwoven: the loop is driven by callbacks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DatagramSendQueueTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A socket whose buffer is full while {@link #full} is set, or for the first {@code refusals} sends. */
    private static final class FullSocket extends DatagramIo {
        volatile boolean full;
        int refusals;
        int calls;

        @Override
        int send(DatagramChannel channel, ByteBuffer src, SocketAddress target) throws IOException {
            calls++;
            if (full || refusals > 0) {
                refusals--;
                return 0;
            }
            return super.send(channel, src, target);
        }
    }

    private static DatagramEndpoint open(DatagramIo io, DatagramOptions options) {
        try {
            return DatagramEndpoint.open(LoopSelector.current("test"), options.withLocalAddress(new InetSocketAddress(LOOPBACK, 0)), io);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A task that completes once {@code condition} holds, looked at every few milliseconds. */
    private static Task<Void> when(BooleanSupplier condition) {
        Promise<Void> p = Task.promise();
        poll(condition, p);
        return p;
    }

    private static void poll(BooleanSupplier condition, Promise<Void> p) {
        if (condition.getAsBoolean()) {
            p.complete(null);
        } else {
            Weft.loop().callLater(Duration.ofMillis(2), () -> poll(condition, p));
        }
    }

    /** A task with what {@code next} gives once {@code task} is done (its failure, if it throws). */
    private static <R> Task<R> after(Task<?> task, java.util.function.Supplier<R> next) {
        Promise<R> p = Task.promise();
        task.whenDone(done -> {
            try {
                p.complete(next.get());
            } catch (Throwable x) {
                p.completeExceptionally(x);
            }
        });
        return p;
    }

    /** What {@code receiver} got, until it had nothing for 300 ms. */
    private static List<String> received(DatagramSocket receiver) throws IOException {
        List<String> got = new ArrayList<>();
        receiver.setSoTimeout(300);
        byte[] buf = new byte[65_536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                receiver.receive(p);
            } catch (java.net.SocketTimeoutException e) {
                return got;
            }
            got.add(p.getLength() > 16 ? "#" + (buf[0] & 0xff) + " (" + p.getLength() + " bytes)"
                    : new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aDatagramTheSocketHasNoRoomForIsQueuedAndSentInOrder() throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            SocketAddress to = receiver.getLocalSocketAddress();
            FullSocket io = new FullSocket();
            io.refusals = 3;
            List<Object> log = Weft.run(() -> {
                DatagramEndpoint e = open(io, DatagramOptions.defaults());
                List<Object> out = new ArrayList<>();
                byte[] a = ascii("a");
                e.send(a, to);            // refused: a copy is queued, and the loop watches for room
                a[0] = 'x';               // the caller may reuse its array
                e.send(ascii("bc"), to);  // queued behind it, without asking the socket
                out.add(e.sendBufferSize());
                out.add(io.calls);
                out.add(e.drain().isDone()); // 19 bytes queued: under the high-water mark
                return after(when(() -> e.sendBufferSize() == 0), () -> {
                    out.add(io.calls);       // 3 refusals, then a and bc
                    e.send(ascii("d"), to);  // the queue is empty: sent at once
                    out.add(e.sendBufferSize());
                    e.close();
                    return out;
                });
            });
            assertEquals(List.of(1 + 8 + 2 + 8, 1, true, 5, 0), log);
            assertEquals(List.of("a", "bc", "d"), received(receiver));
        }
    }

    /**
     * While over 64 KiB is queued drain() waits, until the queue is down to 16 KiB; a send while
     * more than the limit is queued throws and takes nothing.
     */
    @Test
    void drainWaitsForTheQueueAndTheLimitRefusesMore() throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            receiver.setReceiveBufferSize(1 << 20);
            SocketAddress to = receiver.getLocalSocketAddress();
            FullSocket io = new FullSocket();
            io.full = true;
            List<Object> log = Weft.run(() -> {
                DatagramEndpoint e = open(io, DatagramOptions.defaults().withSendBufferLimit(70_000));
                List<Object> out = new ArrayList<>();
                int sent = 0;
                IllegalStateException refused = null;
                while (refused == null) {
                    byte[] d = new byte[8_000];
                    d[0] = (byte) sent;
                    try {
                        e.send(d, to);
                        sent++;
                    } catch (IllegalStateException x) {
                        refused = x;
                    }
                }
                out.add(sent);
                out.add(refused.getMessage());
                out.add(e.sendBufferSize());  // the refused one took nothing
                Task<Void> drained = e.drain();
                out.add(drained.isDone());
                Weft.loop().callLater(Duration.ofMillis(20), () -> io.full = false);
                return after(drained, () -> {
                    out.add(e.sendBufferSize());
                    e.close();
                    return out;
                });
            });
            assertEquals(List.of(9, "the send buffer holds 72072 bytes, over its limit of 70000: await drain() between sends",
                    72_072, false, 0), log);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                expected.add("#" + i + " (8000 bytes)");
            }
            assertEquals(expected, received(receiver));
        }
    }

    @Test
    void closeDropsTheQueueAndFailsTheDrainWaiting() throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            SocketAddress to = receiver.getLocalSocketAddress();
            FullSocket io = new FullSocket();
            io.full = true;
            Throwable failure = Weft.run(() -> {
                DatagramEndpoint e = open(io, DatagramOptions.defaults());
                for (int i = 0; i < 10; i++) {
                    e.send(new byte[8_000], to);
                }
                Task<Void> drained = e.drain();
                assertFalse(drained.isDone());
                e.close();
                assertEquals(0, e.sendBufferSize());
                assertTrue(drained.isDone());
                return Task.of(drained.exception());
            });
            assertTrue(failure instanceof AsynchronousCloseException, String.valueOf(failure));
            assertEquals("the datagram endpoint was closed while this operation waited", failure.getMessage());
            assertEquals(List.of(), received(receiver));
        }
    }

    /** A drain cancelled while it waits ends; what is queued is still sent. */
    @Test
    void aCancelledDrainLeavesTheQueueToBeSent() throws IOException {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            receiver.setReceiveBufferSize(1 << 20);
            SocketAddress to = receiver.getLocalSocketAddress();
            FullSocket io = new FullSocket();
            io.full = true;
            boolean cancelled = Weft.run(() -> {
                DatagramEndpoint e = open(io, DatagramOptions.defaults());
                for (int i = 0; i < 10; i++) {
                    byte[] d = new byte[8_000];
                    d[0] = (byte) i;
                    e.send(d, to);
                }
                Task<Void> drained = e.drain();
                drained.cancel();
                io.full = false;
                return after(when(() -> e.sendBufferSize() == 0), () -> {
                    e.close();
                    return drained.isCancelled();
                });
            });
            assertTrue(cancelled);
            assertEquals(10, received(receiver).size());
        }
    }

    @Test
    void aSendTheSystemRefusesIsTheNextReceivesFailure() {
        String got = Weft.run(() -> {
            DatagramEndpoint e = open(new DatagramIo() {
                @Override
                int send(DatagramChannel channel, ByteBuffer src, SocketAddress target) throws IOException {
                    throw new IOException("Network is unreachable");
                }
            }, DatagramOptions.defaults());
            e.send(ascii("x"), new InetSocketAddress(LOOPBACK, 9));
            assertEquals(0, e.sendBufferSize()); // dropped, not queued
            Task<Datagram> r = e.receive();
            e.close();
            return Task.of(r.exception().getMessage());
        });
        assertEquals("Network is unreachable", got);
        assertThrows(IllegalStateException.class, () -> Datagrams.open(DatagramOptions.defaults()));
    }
}
