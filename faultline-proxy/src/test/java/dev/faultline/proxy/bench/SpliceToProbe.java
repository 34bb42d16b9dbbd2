package dev.faultline.proxy.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probe (not a test), issue 10: is Netty's {@code AbstractEpollStreamChannel#spliceTo} usable for
 * the proxy's zero-copy path? A minimal one-way relay (client -> relay -> sink) splices with
 * {@code spliceTo(target, Integer.MAX_VALUE)} in LEVEL_TRIGGERED mode (which spliceTo requires),
 * half-closure allowed; on end of input it closes the target after its queued splices, as the
 * proxy's LinkWriter does. The client writes N bytes and half-closes; the sink counts what arrives.
 * Run with the classpath of {@link ProxyBenchmark}: {@code ... dev.faultline.proxy.bench.SpliceToProbe 4000000}.
 *
 * <p>Result with Netty 4.2.18 on this host (see docs/proxy.md): bytes are lost when the peer
 * half-closes while data is still unread (4,000,000 sent: 3,704,832 and 3,901,440 received in two
 * runs; 16,000,000 sent: 15,763,456 to 15,948,761 received in three runs), and for 100,000 bytes
 * end of stream never reached the sink (20 s timeout, twice).
 */
public final class SpliceToProbe {

    private SpliceToProbe() {
    }

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 4_000_000;
        ServerSocket sink = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        CompletableFuture<Long> received = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (Socket accepted = sink.accept()) {
                received.complete(accepted.getInputStream().transferTo(OutputStream.nullOutputStream()));
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                    .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                        @Override
                        protected void initChannel(EpollSocketChannel client) {
                            relay(client, (InetSocketAddress) sink.getLocalSocketAddress());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                byte[] chunk = new byte[64 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    client.getOutputStream().write(chunk, 0, (int) Math.min(chunk.length, total - sent));
                }
                client.shutdownOutput();
                try {
                    System.out.printf("sent %d, sink received %d%n", total, received.get(20, TimeUnit.SECONDS));
                } catch (java.util.concurrent.TimeoutException e) {
                    System.out.printf("sent %d, end of stream never reached the sink within 20 s%n", total);
                }
            }
        } finally {
            group.shutdownGracefully();
        }
    }

    private static void relay(EpollSocketChannel client, InetSocketAddress sink) {
        new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(sink).addListener((ChannelFuture connected) -> {
                    EpollSocketChannel target = (EpollSocketChannel) connected.channel();
                    client.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                            if (event instanceof ChannelInputShutdownEvent) {
                                target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                            }
                        }
                    });
                    client.spliceTo(target, Integer.MAX_VALUE);
                    // spliceTo is driven by the read loop; Netty turns auto-read off and on itself
                    // while the target cannot take more.
                    client.config().setAutoRead(true);
                });
    }
}
