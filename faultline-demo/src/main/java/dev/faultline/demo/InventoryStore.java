package dev.faultline.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's backing store: a tiny TCP key/value server on 127.0.0.1 holding stock counts.
 *
 * <p>Clients send one command per line and read one reply per line (UTF-8, {@code \n}
 * terminated): {@code GET key}, {@code DECR key} or {@code SET key value}, answered with {@code
 * OK value} or {@code ERR what went wrong}. A connection may carry any number of commands, so
 * clients can keep a pool of persistent connections, which is how a Toxiproxy-compatible proxy
 * placed in front of the store sees realistic traffic (its toxics act per connection).
 *
 * <p>One daemon thread accepts connections and one daemon thread serves each connection, up to
 * {@value #MAX_CONNECTIONS} at a time; a connection beyond that gets one {@code ERR} line and is
 * closed.
 */
public final class InventoryStore implements AutoCloseable {

  /** How many client connections are served at once. */
  public static final int MAX_CONNECTIONS = 64;

  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  private final ServerSocket serverSocket;
  private final StoreProtocol protocol;
  private final ExecutorService connectionThreads =
      Executors.newCachedThreadPool(DemoThreads.daemon("store-connection"));
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private InventoryStore(ServerSocket serverSocket, StoreProtocol protocol) {
    this.serverSocket = serverSocket;
    this.protocol = protocol;
    this.acceptor = DemoThreads.daemon("store-acceptor").newThread(this::acceptLoop);
  }

  /**
   * Starts a store on 127.0.0.1.
   *
   * @param port the port to listen on, or 0 for an ephemeral one
   * @param initialValues the keys and their starting values (whole numbers {@code >= 0}; keys
   *     without whitespace)
   * @throws IOException when the port cannot be bound (the message names it)
   */
  public static InventoryStore start(int port, Map<String, Long> initialValues) throws IOException {
    StoreProtocol protocol = new StoreProtocol(initialValues);
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    ServerSocket serverSocket = new ServerSocket();
    try {
      serverSocket.setReuseAddress(true);
      serverSocket.bind(new InetSocketAddress(loopback, port), 50);
    } catch (IOException e) {
      serverSocket.close();
      BindException bindFailure =
          new BindException(
              "could not start the inventory store on 127.0.0.1:" + port + ": " + e.getMessage()
                  + (port == 0 ? "" : "; choose another port, or 0 for an ephemeral one"));
      bindFailure.initCause(e);
      throw bindFailure;
    }
    InventoryStore store = new InventoryStore(serverSocket, protocol);
    store.acceptor.start();
    return store;
  }

  /** Where the store listens (127.0.0.1 and the bound port). */
  public InetSocketAddress address() {
    return new InetSocketAddress(serverSocket.getInetAddress(), serverSocket.getLocalPort());
  }

  /** The current value of {@code key}, read in-process (no network hop), or empty if unknown. */
  public OptionalLong value(String key) {
    return protocol.value(key);
  }

  /**
   * Stops listening, closes every client connection and waits a bounded time for the store's
   * threads to end. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(serverSocket);
    openSockets.forEach(InventoryStore::closeQuietly);
    DemoThreads.join(acceptor, STOP_GRACE);
    DemoThreads.stop(connectionThreads, STOP_GRACE);
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        // Closing the server socket is how close() ends this loop. Any other accept failure
        // (say, out of file descriptors) is retried after a short breath instead of spinning.
        LockSupport.parkNanos(10_000_000L);
        continue;
      }
      openSockets.add(socket);
      if (closed.get()) {
        release(socket);
      } else if (openSockets.size() > MAX_CONNECTIONS) {
        refuse(socket);
      } else {
        try {
          connectionThreads.execute(() -> serve(socket));
        } catch (RejectedExecutionException e) {
          release(socket); // close() shut the pool down meanwhile
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8))) {
      socket.setTcpNoDelay(true);
      String line;
      while ((line = in.readLine()) != null) {
        out.write(protocol.reply(line));
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      // The client went away or close() closed the socket: nothing to answer any more.
    } finally {
      openSockets.remove(socket);
    }
  }

  private void refuse(Socket socket) {
    try {
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
      out.write(StoreProtocol.ERR + "too many connections: the store serves at most "
          + MAX_CONNECTIONS + " at once; close one and retry\n");
      out.flush();
    } catch (IOException e) {
      // The client is gone already; closing below is all that is left.
    }
    release(socket);
  }

  private void release(Socket socket) {
    closeQuietly(socket);
    openSockets.remove(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing while stopping: the resource is unusable either way.
    }
  }
}
