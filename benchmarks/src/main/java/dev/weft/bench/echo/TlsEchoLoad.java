package dev.weft.bench.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The TLS echo workload's client driver, the same for every server: N TLS connections on one
 * Netty event loop (NIO, {@link SslHandler} over the JDK's {@link SSLEngine}), each doing
 * request/response round trips of one message size, as {@link EchoLoad} does over plain TCP. The
 * client verifies the server's certificate and host name (HTTPS endpoint identification against
 * 127.0.0.1) and offers TLS 1.3 with one cipher suite, {@value #CIPHER_SUITE} (the JDK's first
 * choice), so that every server runs the same cipher. Every request carries its sequence number
 * over random bytes and every reply is checked byte for byte. A run is bounded in time and count,
 * and waits for the round trips in flight (failing when they take more than
 * {@value EchoLoad#REPLY_SECONDS} s past its time).
 */
final class TlsEchoLoad implements AutoCloseable {
    static final String PROTOCOL = "TLSv1.3";
    static final String CIPHER_SUITE = "TLS_AES_256_GCM_SHA384";
    private static final long HANDSHAKE_SECONDS = 60;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final List<Connection> connections = new ArrayList<>();
    private final int size;

    // The state of the run under way, touched on the event loop only.
    private boolean stopping;
    private long started;
    private long completed;
    private long maxMessages;
    private long startedAt;
    private long lastReply;
    private long[] roundTrips;
    private CompletableFuture<EchoLoad.Result> done;
    private IOException failure; // the first, which fails this run and every later one
    private volatile boolean closing;

    /** Opens the connections and waits for every handshake. */
    TlsEchoLoad(InetSocketAddress server, int connections, int size, long seed, SSLContext context) throws IOException {
        this.size = size;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.loop = group.next();
        Random random = new Random(seed);
        try {
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true);
            List<ChannelFuture> connects = new ArrayList<>();
            List<Future<Channel>> handshakes = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection c = new Connection(i, size, random);
                this.connections.add(c);
                SslHandler tls = new SslHandler(clientEngine(context, server));
                tls.setHandshakeTimeout(HANDSHAKE_SECONDS, TimeUnit.SECONDS);
                handshakes.add(tls.handshakeFuture());
                ChannelFuture connect = bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls, c);
                    }
                }).connect(server);
                c.channel = connect.channel();
                connects.add(connect);
            }
            for (ChannelFuture connect : connects) {
                if (!connect.awaitUninterruptibly(HANDSHAKE_SECONDS, TimeUnit.SECONDS) || !connect.isSuccess()) {
                    throw new IOException("cannot connect to " + server + ": " + connect.cause(), connect.cause());
                }
            }
            for (Future<Channel> h : handshakes) {
                if (!h.awaitUninterruptibly(HANDSHAKE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("a TLS handshake took longer than " + HANDSHAKE_SECONDS + " s");
                }
                if (!h.isSuccess()) {
                    throw new IOException("TLS handshake failed: " + h.cause(), h.cause());
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static SSLEngine clientEngine(SSLContext context, InetSocketAddress server) {
        SSLEngine engine = context.createSSLEngine(server.getHostString(), server.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setCipherSuites(new String[] {CIPHER_SUITE});
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** The protocol and cipher suite of the first connection: {@code "TLSv1.3 TLS_AES_256_GCM_SHA384"}. */
    String session() {
        SSLEngine engine = connections.get(0).channel.pipeline().get(SslHandler.class).engine();
        return engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
    }

    /**
     * Round trips on every connection until {@code nanos} have passed or {@code maxMessages} have
     * been sent, then until every reply is in.
     */
    EchoLoad.Result run(long nanos, long maxMessages) throws IOException {
        CompletableFuture<EchoLoad.Result> result = new CompletableFuture<>();
        loop.execute(() -> start(maxMessages, result));
        try {
            try {
                return result.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                loop.execute(this::stop);
            }
            try {
                return result.get(EchoLoad.REPLY_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                CompletableFuture<String> waiting = new CompletableFuture<>();
                loop.execute(() -> waiting.complete((started - completed) + " of " + connections.size()));
                throw new IOException("no reply for " + EchoLoad.REPLY_SECONDS + " s after the run's time: "
                        + waiting.getNow("some") + " connections waiting, " + size + " B messages");
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void start(long maxMessages, CompletableFuture<EchoLoad.Result> result) {
        this.done = result;
        if (failure != null) {
            result.completeExceptionally(failure);
            return;
        }
        this.stopping = false;
        this.started = 0;
        this.completed = 0;
        this.maxMessages = maxMessages;
        this.roundTrips = new long[(int) Math.min(maxMessages, 1 << 16)];
        this.startedAt = System.nanoTime();
        this.lastReply = startedAt;
        for (Connection c : connections) {
            if (started < maxMessages) {
                send(c);
            }
        }
    }

    private void stop() {
        stopping = true;
        finishIfDone();
    }

    private void finishIfDone() {
        if (completed == started && (stopping || started >= maxMessages) && !done.isDone()) {
            long[] sorted = Arrays.copyOf(roundTrips, (int) completed);
            Arrays.sort(sorted);
            done.complete(new EchoLoad.Result(completed, lastReply - startedAt, sorted));
        }
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        if (done != null) {
            done.completeExceptionally(failure);
        }
    }

    private void send(Connection c) {
        c.prepare(started++);
        c.sentAt = System.nanoTime();
        c.channel.writeAndFlush(c.channel.alloc().buffer(size).writeBytes(c.request));
    }

    private void replied(Connection c) {
        lastReply = System.nanoTime();
        if (completed == roundTrips.length) {
            roundTrips = Arrays.copyOf(roundTrips, roundTrips.length * 2);
        }
        roundTrips[(int) completed++] = lastReply - c.sentAt;
        if (!stopping && started < maxMessages) {
            send(c);
        } else {
            finishIfDone();
        }
    }

    /** Closes every connection (close_notify first) and the event loop. */
    @Override
    public void close() {
        closing = true;
        for (Connection c : connections) {
            if (c.channel != null) {
                c.channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 10, TimeUnit.SECONDS).awaitUninterruptibly(20, TimeUnit.SECONDS);
    }

    /** One connection: its request, which it checks the reply against, and the reply coming in. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        final int id;
        final byte[] request;
        final byte[] response;
        Channel channel;
        long sentAt;
        private int received;
        private long sequence;

        Connection(int id, int size, Random random) {
            this.id = id;
            this.request = new byte[size];
            this.response = new byte[size];
            random.nextBytes(request);
        }

        /** The next request: the sequence number over the first (up to) 8 bytes. */
        void prepare(long sequence) {
            this.sequence = sequence;
            for (int i = 0; i < 8 && i < request.length; i++) {
                request[i] = (byte) (sequence >>> (8 * i));
            }
            received = 0;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                int n = data.readableBytes();
                if (received + n > response.length) {
                    fail(new IOException("connection " + id + ", message " + sequence + ": " + (received + n)
                            + " bytes of reply to a " + response.length + " B request"));
                    return;
                }
                data.readBytes(response, received, n);
                received += n;
            } finally {
                data.release();
            }
            if (received == response.length) {
                int at = Arrays.mismatch(request, response);
                if (at >= 0) {
                    fail(new IOException("connection " + id + ", message " + sequence
                            + ": the reply differs from the request at byte " + at + " of " + request.length
                            + " (sent " + (request[at] & 0xff) + ", got " + (response[at] & 0xff) + ")"));
                    return;
                }
                replied(this);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closing) {
                fail(new EOFException("the server closed connection " + id + " with " + received + " of "
                        + response.length + " bytes of a reply in"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause instanceof IOException ? (IOException) cause : new IOException(cause));
            ctx.close();
        }
    }
}
