package dev.faultline.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Chooses Netty's native epoll transport on Linux (fewer copies, and timers with microsecond
 * precision via timerfd, which the latency toxic's accuracy depends on) and NIO elsewhere.
 */
final class Transport {

    private static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("faultline.proxy.nio");

    private Transport() {
    }

    static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static boolean isEpoll() {
        return EPOLL;
    }

    static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
