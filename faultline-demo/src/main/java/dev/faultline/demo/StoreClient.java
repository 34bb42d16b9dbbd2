package dev.faultline.demo;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The storefront's side of the store protocol: a small pool of persistent TCP connections to one
 * address (the store itself, or a proxy in front of it).
 *
 * <p>Each call borrows a connection (opening one if none is idle and fewer than the maximum
 * exist), sends one line and reads one reply line, all within the call's timeout. A connection
 * that fails or times out in any way is closed and dropped, never reused: a late reply would
 * otherwise be read as the answer to the next command. The next call simply opens a fresh
 * connection, which is how the client reconnects after the store or a proxy restarts. Calls are
 * never retried, because {@code DECR} is not idempotent.
 */
final class StoreClient implements AutoCloseable {

  private final InetSocketAddress address;
  private final int maxConnections;
  private final Duration defaultTimeout;
  private final Semaphore permits;
  private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final Set<Connection> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  StoreClient(InetSocketAddress address, int maxConnections, Duration defaultTimeout) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
    }
    if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
      throw new IllegalArgumentException("defaultTimeout must be positive, was " + defaultTimeout);
    }
    this.address = address;
    this.maxConnections = maxConnections;
    this.defaultTimeout = defaultTimeout;
    this.permits = new Semaphore(maxConnections, true);
  }

  /** Where this client connects. */
  InetSocketAddress address() {
    return address;
  }

  /** Sends one command within the default timeout; returns the reply line ({@code OK …}/{@code ERR …}). */
  String call(String command) throws StoreUnavailableException {
    return call(command, defaultTimeout);
  }

  /**
   * Sends one command and returns the reply line ({@code OK …} or {@code ERR …}). The timeout
   * covers everything: waiting for a free connection, connecting, sending and reading.
   */
  String call(String command, Duration timeout) throws StoreUnavailableException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (closed) {
      throw new StoreUnavailableException("the connection pool to the inventory store at "
          + describe(address) + " is closed");
    }
    acquirePermit(timeout);
    Connection connection = null;
    try {
      connection = idle.pollFirst();
      if (connection == null) {
        connection = open(remainingMillis(deadline, timeout));
      }
      String reply = connection.exchange(command, remainingMillis(deadline, timeout));
      if (closed) {
        connection.close();
      } else {
        idle.offerFirst(connection);
      }
      connection = null;
      return reply;
    } catch (SocketTimeoutException e) {
      throw timedOut(timeout, e);
    } catch (IOException e) {
      throw new StoreUnavailableException("could not talk to the inventory store at "
          + describe(address) + ": " + e.getMessage(), e);
    } finally {
      if (connection != null) {
        connection.close();
      }
      permits.release();
    }
  }

  /** Closes every connection, idle or in use; calls in flight fail promptly. Idempotent. */
  @Override
  public void close() {
    closed = true;
    all.forEach(Connection::close);
    idle.clear();
  }

  private void acquirePermit(Duration timeout) throws StoreUnavailableException {
    try {
      if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new StoreUnavailableException("no connection to the inventory store at "
            + describe(address) + " was free within " + timeout.toMillis() + " ms (all "
            + maxConnections + " busy)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for a connection to the"
          + " inventory store at " + describe(address), e);
    }
  }

  private Connection open(int timeoutMs) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, timeoutMs);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    Connection connection = new Connection(socket);
    all.add(connection);
    if (closed) {
      connection.close(); // close() ran while we were connecting
      throw new IOException("the connection pool was closed");
    }
    return connection;
  }

  private StoreUnavailableException timedOut(Duration timeout, IOException cause) {
    return new StoreUnavailableException("the inventory store at " + describe(address)
        + " did not answer within " + timeout.toMillis() + " ms", cause);
  }

  /** Milliseconds left before the deadline; a spent budget becomes a timeout right here. */
  private static int remainingMillis(long deadlineNanos, Duration timeout)
      throws SocketTimeoutException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (remaining <= 0) {
      throw new SocketTimeoutException("no time left of " + timeout.toMillis() + " ms");
    }
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  /** One persistent connection; used by one call at a time. */
  private final class Connection {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      this.out = socket.getOutputStream();
    }

    String exchange(String command, int timeoutMs) throws IOException {
      socket.setSoTimeout(timeoutMs);
      out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      String reply = in.readLine();
      if (reply == null) {
        throw new EOFException("the store closed the connection");
      }
      return reply;
    }

    void close() {
      all.remove(this);
      try {
        socket.close();
      } catch (IOException e) {
        // Dropping the connection either way.
      }
    }
  }
}
