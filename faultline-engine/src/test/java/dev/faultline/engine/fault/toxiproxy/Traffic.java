package dev.faultline.engine.fault.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** Real traffic through a proxy in front of an {@link EchoServer}: what came back, how it ended, how long it took. */
public final class Traffic {
  private Traffic() {}

  /** How an exchange ended. */
  public enum End {
    /** every expected byte came back */
    COMPLETE,
    /** the connection was closed (FIN) before that */
    EOF,
    /** the connection was reset (RST) */
    RESET,
    /** nothing more came within the wait */
    SILENT,
    /** the connection was refused */
    REFUSED
  }

  /**
   * @param received the bytes that came back
   * @param elapsedMs from the write to the end
   */
  public record Outcome(byte[] received, End end, long elapsedMs) {
    @Override
    public String toString() {
      return end + " after " + elapsedMs + " ms with " + received.length + " bytes";
    }
  }

  /** Sends {@code data} to {@code 127.0.0.1:port} and reads until it is all back, the connection ends, or {@code wait} passes. */
  public static Outcome echo(int port, byte[] data, Duration wait) throws IOException {
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      } catch (ConnectException refused) {
        return new Outcome(new byte[0], End.REFUSED, 0);
      }
      socket.setTcpNoDelay(true);
      long start = System.nanoTime();
      socket.getOutputStream().write(data);
      socket.getOutputStream().flush();
      return readBack(socket, data.length, wait, start);
    }
  }

  /**
   * Sends one byte, waits for it to come back, then closes the sending side and measures how long
   * until the proxy closes the connection: the outcome is {@link End#EOF} with that time.
   */
  public static Outcome closeAfterEcho(int port, Duration wait) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.getOutputStream().write('x');
      Outcome echoed = readBack(socket, 1, wait, System.nanoTime());
      if (echoed.end() != End.COMPLETE) {
        return echoed;
      }
      long start = System.nanoTime();
      socket.shutdownOutput();
      return readBack(socket, 1, wait, start);
    }
  }

  private static Outcome readBack(Socket socket, int expected, Duration wait, long start) throws IOException {
    byte[] received = new byte[Math.max(expected, 1)];
    int total = 0;
    long deadline = start + wait.toNanos();
    InputStream in = socket.getInputStream();
    while (total < expected) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new Outcome(Arrays.copyOf(received, total), End.SILENT, millisSince(start));
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int n;
      try {
        n = in.read(received, total, received.length - total);
      } catch (SocketTimeoutException e) {
        return new Outcome(Arrays.copyOf(received, total), End.SILENT, millisSince(start));
      } catch (SocketException e) {
        return new Outcome(Arrays.copyOf(received, total), End.RESET, millisSince(start));
      }
      if (n < 0) {
        return new Outcome(Arrays.copyOf(received, total), End.EOF, millisSince(start));
      }
      total += n;
    }
    return new Outcome(Arrays.copyOf(received, total), End.COMPLETE, millisSince(start));
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
