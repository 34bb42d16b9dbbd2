package dev.faultline.engine.provider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * One TCP connection attempt that a timeout and a thread interrupt both end (a blocking
 * {@code Socket.connect} ignores interrupts): a non-blocking connect watched by a selector. The
 * connection is closed at once.
 */
final class TcpConnect {
  private TcpConnect() {}

  /** Connects to {@code host:port} and closes; returns why it failed, or empty when it connected. */
  static Optional<String> attempt(String host, int port, Duration timeout) throws InterruptedException {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("unknown host " + host);
    }
    try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      if (channel.connect(new InetSocketAddress(address, port))) {
        return Optional.empty();
      }
      channel.register(selector, SelectionKey.OP_CONNECT);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
          return Optional.of("no answer within " + timeout.toMillis() / 1000.0 + " s");
        }
        selector.select(remainingMs);
        if (Thread.interrupted()) {
          throw new InterruptedException("connecting to " + host + ":" + port + " was interrupted");
        }
        if (!selector.selectedKeys().isEmpty()) {
          channel.finishConnect();
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      return Optional.of(InterruptibleHttp.reason(e));
    }
  }
}
