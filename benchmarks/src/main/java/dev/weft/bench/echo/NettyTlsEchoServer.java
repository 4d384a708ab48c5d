package dev.weft.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Netty 4.2's NIO transport on one event loop with an {@link SslHandler} over the JDK's
 * {@link SSLEngine} (what {@code SslProvider.JDK} gives), in front of the TCP echo workload's
 * handler ({@link NettyEchoServer.Echo}): {@code NettyTlsEchoServer <key store>}.
 */
public final class NettyTlsEchoServer {
    private static final long HANDSHAKE_SECONDS = 60;

    private NettyTlsEchoServer() {}

    public static void main(String[] args) throws InterruptedException {
        SSLContext context = TlsKeys.sslContext(Path.of(args[0]));
        NettyEchoServer.Echo echo = new NettyEchoServer.Echo();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, EchoServer.BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine engine = context.createSSLEngine();
                        engine.setUseClientMode(false);
                        SslHandler tls = new SslHandler(engine);
                        // asyncio's (and Weft's) 60 s, not Netty's 10 s: 100 handshakes at once on a
                        // cold, loaded server take longer than 10 s, and Netty then closes the connection.
                        tls.setHandshakeTimeout(HANDSHAKE_SECONDS, TimeUnit.SECONDS);
                        ch.pipeline().addLast(tls, echo);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        ServerControl.run(((InetSocketAddress) listener.localAddress()).getPort(), NettyEchoServer.Echo::open);
    }
}
