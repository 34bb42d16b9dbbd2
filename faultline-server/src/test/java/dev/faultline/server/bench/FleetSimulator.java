package dev.faultline.server.bench;

import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thousands of simulated agents in one JVM, each its own WebSocket speaking the real protocol: a
 * hello, {@code applied} for every apply, {@code reverted} for a revert and for every held fault on a
 * halt, a heartbeat back for each heartbeat. Nothing is applied anywhere: it measures the server.
 */
public final class FleetSimulator implements AutoCloseable {
  private final URI connect;
  private final String token;
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<Sim> sims = new ArrayList<>();
  final AtomicInteger welcomed = new AtomicInteger();
  final AtomicInteger held = new AtomicInteger();
  final AtomicInteger reverted = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  /** System.nanoTime() of the latest revert sent. */
  final AtomicLong lastRevertNanos = new AtomicLong();

  public FleetSimulator(URI base, String token) {
    this.connect = URI.create(base.toString().replaceFirst("^http", "ws") + Protocol.CONNECT_PATH);
    this.token = token;
    // A few clients, each with its own selector thread, share the sockets.
    for (int i = 0; i < 4; i++) {
      clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build());
    }
  }

  /** Opens {@code count} agents named {@code prefix-i}, at most {@code inFlight} handshakes at once. */
  public void connect(int count, String prefix, int inFlight) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    for (int i = 0; i < count; i++) {
      permits.acquire();
      open(new Sim(prefix + "-" + i, Map.of("zone", i % 7 == 0 ? "a" : "b", "service", "sim")), permits);
    }
  }

  /** Opens one agent with these tags (a test-net address, so never the server's own host). */
  public void connect(String name, Map<String, String> tags) {
    open(new Sim(name, tags), new Semaphore(1));
  }

  private void open(Sim s, Semaphore permits) {
    sims.add(s);
    clients.get(sims.size() % clients.size()).newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .connectTimeout(Duration.ofSeconds(20)).buildAsync(connect, s).whenComplete((ws, e) -> {
          permits.release();
          if (e == null) {
            s.ws = ws;
            s.send(new Message.Hello(s.name, "agt_sim_" + s.name, "sim-host", List.of("192.0.2." + (sims.size() % 250)),
                s.tags, new Message.Capabilities(List.of("sim-fault"), Map.of(),
                    false, List.of(), List.of()), List.of()));
          } else {
            closed.incrementAndGet();
          }
        });
  }

  /** Waits until {@code n} agents are welcomed, at most {@code max}; returns how many are. */
  public int awaitWelcomed(int n, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (welcomed.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return welcomed.get();
  }

  private final class Sim implements WebSocket.Listener {
    final String name;
    final Map<String, String> tags;
    final Set<String> faults = ConcurrentHashMap.newKeySet();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    Sim(String name, Map<String, String> tags) {
      this.name = name;
      this.tags = tags;
    }

    synchronized CompletableFuture<?> send(Message m) {
      String text = Protocol.encode(m);
      WebSocket w = ws;
      sending = sending.handle((x, e) -> null).thenCompose(x -> w.sendText(text, true));
      return sending;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          handle(Protocol.decode(text));
        } catch (Protocol.ProtocolException e) {
          System.err.println(name + ": bad frame from the server: " + e.getMessage());
        }
      }
      webSocket.request(1);
      return null;
    }

    private void handle(Message m) {
      if (m instanceof Message.Welcome) {
        welcomed.incrementAndGet();
      } else if (m instanceof Message.Apply a) {
        faults.add(a.faultId());
        held.incrementAndGet();
        send(new Message.Applied(a.faultId(), "simulated " + a.faultType()));
      } else if (m instanceof Message.Revert r) {
        if (faults.remove(r.faultId())) {
          held.decrementAndGet();
        }
        send(new Message.Reverted(r.faultId(), r.reason(), null)).thenRun(this::reverted);
      } else if (m instanceof Message.Halt h) {
        for (String id : List.copyOf(faults)) {
          if (faults.remove(id)) {
            held.decrementAndGet();
            send(new Message.Reverted(id, "halted: " + h.reason(), null)).thenRun(this::reverted);
          }
        }
      } else if (m instanceof Message.Heartbeat) {
        send(new Message.Heartbeat(System.currentTimeMillis()));
      }
    }

    private void reverted() {
      reverted.incrementAndGet();
      lastRevertNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.incrementAndGet();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.incrementAndGet();
    }
  }

  @Override
  public void close() {
    for (Sim s : sims) {
      WebSocket w = s.ws;
      if (w != null) {
        w.abort();
      }
    }
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long awaitNanos(CompletableFuture<?> f, long ms) throws Exception {
    long t = System.nanoTime();
    f.get(ms, TimeUnit.MILLISECONDS);
    return System.nanoTime() - t;
  }
}
