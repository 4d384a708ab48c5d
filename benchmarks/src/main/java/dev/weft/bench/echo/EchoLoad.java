package dev.weft.bench.echo;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The client driver's load: N connections to the server, each doing request/response round trips
 * of one message size, all from one thread with a {@link Selector}. Every request carries its
 * sequence number over bytes that are random per connection, and every reply is checked to be
 * the request, byte for byte. A run is bounded in time and in count, and waits for the round trips
 * in flight before it returns (failing when a reply takes longer than {@value #REPLY_SECONDS} s).
 */
final class EchoLoad implements AutoCloseable {
    static final int REPLY_SECONDS = 30;

    private final Selector selector;
    private final Connection[] connections;
    private final int size;

    // The state of the run under way.
    private boolean stopping;
    private long started;
    private long completed;
    private long maxMessages;
    private long lastReply;
    private long[] roundTrips;

    /** Opens the connections, in batches no larger than the server's backlog. */
    EchoLoad(InetSocketAddress server, int connections, int size, long seed) throws IOException {
        this.selector = Selector.open();
        this.connections = new Connection[connections];
        this.size = size;
        Random random = new Random(seed);
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open();
                this.connections[i] = new Connection(i, ch, size, random);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(server);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, this.connections[i]);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** What one run measured. */
    static final class Result {
        final long messages;
        final long nanos;
        private final long[] sortedRoundTrips;

        Result(long messages, long nanos, long[] sortedRoundTrips) {
            this.messages = messages;
            this.nanos = nanos;
            this.sortedRoundTrips = sortedRoundTrips;
        }

        double messagesPerSecond() {
            return messages * 1e9 / nanos;
        }

        /** The round trip that {@code p} of all were no longer than (nearest rank), in ns. */
        long percentile(double p) {
            int rank = (int) Math.ceil(p * sortedRoundTrips.length);
            return sortedRoundTrips[Math.max(0, Math.min(sortedRoundTrips.length - 1, rank - 1))];
        }
    }

    /**
     * Round trips on every connection until {@code nanos} have passed or {@code maxMessages} have
     * been sent, then until every reply is in.
     */
    Result run(long nanos, long maxMessages) throws IOException {
        this.stopping = false;
        this.started = 0;
        this.completed = 0;
        this.maxMessages = maxMessages;
        this.roundTrips = new long[(int) Math.min(maxMessages, 1 << 16)];
        long t0 = System.nanoTime();
        long deadline = t0 + nanos;
        lastReply = t0;
        for (Connection c : connections) {
            if (started < maxMessages) {
                send(c);
            }
        }
        try {
            while (completed < started) {
                selector.select(this::ready, 50);
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    stopping = true;
                }
                if (now - lastReply > TimeUnit.SECONDS.toNanos(REPLY_SECONDS)) {
                    throw new IOException("no reply for " + REPLY_SECONDS + " s: " + (started - completed)
                            + " of " + connections.length + " connections waiting, " + size + " B messages");
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long[] sorted = Arrays.copyOf(roundTrips, (int) completed);
        Arrays.sort(sorted);
        return new Result(completed, lastReply - t0, sorted);
    }

    private void send(Connection c) throws IOException {
        c.prepare(started++);
        c.sentAt = System.nanoTime();
        c.channel.write(c.request);
        if (c.request.hasRemaining()) {
            c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isWritable()) {
                c.channel.write(c.request);
                if (!c.request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                int n = c.channel.read(c.response);
                if (n < 0) {
                    throw new EOFException("the server closed connection " + c.id + " with " + c.response.position()
                            + " of " + size + " bytes of a reply in");
                }
                if (!c.response.hasRemaining()) {
                    lastReply = System.nanoTime();
                    c.check();
                    record(lastReply - c.sentAt);
                    if (!stopping && started < maxMessages) {
                        send(c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(long roundTrip) {
        if (completed == roundTrips.length) {
            roundTrips = Arrays.copyOf(roundTrips, roundTrips.length * 2);
        }
        roundTrips[(int) completed++] = roundTrip;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Connection c : connections) {
            if (c != null) {
                try {
                    c.channel.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        selector.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** One connection: its request, which it checks the reply against, and the reply coming in. */
    private static final class Connection {
        final int id;
        final SocketChannel channel;
        final ByteBuffer request;
        final ByteBuffer response;
        long sentAt;
        private long sequence;

        Connection(int id, SocketChannel channel, int size, Random random) {
            this.id = id;
            this.channel = channel;
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            this.request = ByteBuffer.allocateDirect(size).put(bytes);
            this.response = ByteBuffer.allocateDirect(size);
        }

        /** The next request: the sequence number over the first (up to) 8 bytes. */
        void prepare(long sequence) {
            this.sequence = sequence;
            request.clear();
            for (int i = 0; i < 8 && i < request.limit(); i++) {
                request.put(i, (byte) (sequence >>> (8 * i)));
            }
            response.clear();
        }

        void check() throws IOException {
            request.rewind();
            response.flip();
            int at = request.mismatch(response);
            if (at >= 0) {
                throw new IOException("connection " + id + ", message " + sequence + ": the reply differs from the request at byte "
                        + at + " of " + request.limit() + " (sent " + (request.get(at) & 0xff) + ", got "
                        + (at < response.limit() ? Integer.toString(response.get(at) & 0xff) : "nothing") + ")");
            }
        }
    }
}
