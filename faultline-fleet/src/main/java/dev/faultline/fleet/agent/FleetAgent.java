package dev.faultline.fleet.agent;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Message.FaultReport;
import dev.faultline.fleet.protocol.Protocol;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The host agent of a fleet: one WebSocket out to the server (nothing listens here), reconnected
 * with jittered exponential backoff. It applies the faults the server sends through the installed
 * fault types, reverts each when its lease passes without a renewal (the server died, the link
 * was cut, the run ended without a revert), on a revert or a halt, and reports what happened on
 * the next connection. What it holds is in its state file, so a restart reports the faults of a
 * killed predecessor (their host changes reverted by the host's guardian or leftover recovery).
 *
 * <pre>{@code
 * try (FleetAgent agent = FleetAgent.start(config, FaultRegistry.installed(), System.err::println)) {
 *   agent.awaitStop();
 * }
 * }</pre>
 */
public final class FleetAgent implements AutoCloseable {
  /** How often the lease watchdog looks at the held faults. */
  static final long WATCHDOG_MS = 100;
  /** Silence from the server for this many heartbeats means the connection is dead. */
  static final int MISSED_HEARTBEATS = 3;

  private final AgentConfig config;
  private final Consumer<String> log;
  private final HeldFaults held;
  private final AgentStateFile stateFile;
  private final Message.Capabilities capabilities;
  private final HttpClient http;
  private final ExecutorService work;
  private final Thread loop;
  private final Thread watchdog;
  private final CompletableFuture<String> stopped = new CompletableFuture<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Session session;
  private volatile boolean closing;

  /** The agent cannot go on (refused by the server for good, unreadable state file). */
  public static final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
      super(message, null, false, false);
    }
  }

  private FleetAgent(AgentConfig config, FaultRegistry registry, Consumer<String> log) throws AgentException {
    this.config = config;
    this.log = log;
    config.connectUri(); // fails early on a bad URL
    AgentStateFile.Opened opened;
    try {
      opened = AgentStateFile.open(config.stateFile());
    } catch (IOException e) {
      throw new AgentException(e.getMessage());
    }
    this.stateFile = opened.file();
    this.capabilities = CapabilityProbe.probe(registry, config.proxies());
    this.held = new HeldFaults(registry, capabilities.unavailable(), stateFile, log);
    held.restore(recoverPrevious(opened.previous()));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.work = Executors.newCachedThreadPool(r -> daemon(r, "faultline-agent-work"));
    this.loop = daemon(this::connectLoop, "faultline-agent-connection");
    this.watchdog = daemon(this::watch, "faultline-agent-lease-watchdog");
  }

  /** Starts the agent: it connects in the background and keeps reconnecting until closed. */
  public static FleetAgent start(AgentConfig config, FaultRegistry registry, Consumer<String> log)
      throws AgentException {
    FleetAgent a = new FleetAgent(config, registry, log);
    a.watchdog.start();
    a.loop.start();
    return a;
  }

  /** Faults a previous process held: gone with it (guardian, leftovers, their own leases); report them. */
  private List<FaultReport> recoverPrevious(AgentStateFile.Contents previous) {
    List<FaultReport> out = new ArrayList<>(previous.reports());
    if (!previous.held().isEmpty()) {
      int leftovers = HostLeftovers.revert(log);
      String how = leftovers < 0 ? "its injector's own lease" : "the host's guardian or leftover recovery";
      for (AgentStateFile.HeldRecord h : previous.held()) {
        out.add(new FaultReport(h.request().faultId(), h.request().runId(), h.request().activity(),
            h.request().faultType(), "reverted", "agent restarted: the previous agent process ended while holding it; "
                + "reverted by " + how, System.currentTimeMillis()));
        log.accept("fault " + h.request().faultId() + " (" + h.request().faultType() + ") was held by the previous "
            + "agent process; reverted by " + how + ", reported on connect");
      }
    }
    return out;
  }

  /** The capabilities reported in the hello. */
  public Message.Capabilities capabilities() {
    return capabilities;
  }

  /** How many faults are held now. */
  public int heldCount() {
    return held.size();
  }

  /** Whether a session is open and welcomed. */
  public boolean connected() {
    Session s = session;
    return s != null && s.welcomed;
  }

  /** How many sessions were welcomed so far. */
  public int connections() {
    return connections.get();
  }

  /** Completes with the reason when the agent stops for good (closed, or refused by the server). */
  public CompletableFuture<String> stopped() {
    return stopped;
  }

  private void connectLoop() {
    long backoffMs = 250;
    while (!closing) {
      Session s = new Session();
      String end;
      try {
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + config.token())
            .buildAsync(config.connectUri(), s).get(10, TimeUnit.SECONDS);
        s.ws = ws;
        session = s;
        s.send(helloMessage(s));
        end = s.closed.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        if (c instanceof WebSocketHandshakeException h) {
          end = "refused the connection with HTTP " + h.getResponse().statusCode();
        } else {
          end = "cannot connect to " + config.connectUri() + ": " + c;
        }
      } finally {
        session = null;
        s.abort();
      }
      if (closing) {
        break;
      }
      if (s.fatal != null) {
        log.accept("the server refused this agent: " + s.fatal);
        // Nobody will renew what it holds: revert now rather than leave it to a watchdog that stops with us.
        held.revertAll("agent refused by the server: " + s.fatal);
        stopped.complete("refused: " + s.fatal);
        closing = true;
        break;
      }
      if (s.welcomed) {
        backoffMs = 250;
      }
      long pause = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
      log.accept("disconnected (" + end + "); reconnecting in " + pause + " ms; holding " + held.size() + " fault(s)");
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      backoffMs = Math.min(backoffMs * 2, Math.max(250, config.maxBackoff().toMillis()));
    }
    stopped.complete("closed");
  }

  private Message.Hello helloMessage(Session s) {
    s.helloReports = held.reports();
    return new Message.Hello(config.name(), stateFile.instanceId(), CapabilityProbe.hostname(),
        CapabilityProbe.addresses(), config.tags(), capabilities, s.helloReports);
  }

  private void watch() {
    while (!closing) {
      try {
        Thread.sleep(WATCHDOG_MS);
      } catch (InterruptedException e) {
        return;
      }
      try {
        for (Message.Reverted r : held.expire(System.currentTimeMillis())) {
          Session s = session;
          if (s != null && s.welcomed) {
            s.send(r);
          }
        }
        Session s = session;
        if (s != null && s.welcomed && s.heartbeatMs > 0
            && System.nanoTime() - s.lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(s.heartbeatMs * MISSED_HEARTBEATS)) {
          log.accept("no word from the server for " + s.heartbeatMs * MISSED_HEARTBEATS + " ms; dropping the connection");
          s.finish("server silent for " + s.heartbeatMs * MISSED_HEARTBEATS + " ms");
        }
      } catch (RuntimeException e) {
        log.accept("lease watchdog: " + e);
      }
    }
  }

  private void handle(Session s, Message m) {
    if (m instanceof Message.Welcome w) {
      s.heartbeatMs = w.heartbeatMs();
      s.welcomed = true;
      connections.incrementAndGet();
      held.reported(s.helloReports);
      log.accept("connected to " + config.connectUri() + " as '" + config.name() + "' (server " + w.serverId()
          + "); holding " + held.size() + " fault(s)");
    } else if (m instanceof Message.Apply a) {
      work.execute(() -> s.send(held.apply(a)));
    } else if (m instanceof Message.Renew r) {
      held.renew(r.faultIds(), r.leaseMs()).forEach(s::send);
    } else if (m instanceof Message.Revert r) {
      work.execute(() -> s.send(held.revert(r.faultId(), r.reason())));
    } else if (m instanceof Message.Halt h) {
      log.accept("halt from the server: " + h.reason() + "; reverting " + held.size() + " fault(s)");
      // One task per fault: a halt must not wait for one slow revert before the next.
      for (HeldFaults.Entry e : held.entries()) {
        work.execute(() -> s.send(held.revert(e.request.faultId(), "halted: " + h.reason())));
      }
    } else if (m instanceof Message.Heartbeat) {
      s.send(new Message.Heartbeat(System.currentTimeMillis()));
    } else if (m instanceof Message.Error e) {
      log.accept("server error " + e.code() + ": " + e.message());
      if (e.fatal() && !e.code().equals("name_taken") && !e.code().equals("replaced")) {
        s.fatal = e.code() + ": " + e.message();
      }
    } else {
      log.accept("ignored a '" + m.type() + "' message, which only agents send");
    }
  }

  /** One WebSocket session; text frames are reassembled before decoding. */
  private final class Session implements WebSocket.Listener {
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket ws;
    volatile boolean welcomed;
    volatile long heartbeatMs;
    volatile long lastHeardNanos = System.nanoTime();
    volatile String fatal;
    volatile List<FaultReport> helloReports = List.of();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /** Sends in order (the JDK WebSocket allows one outstanding send). */
    void send(Message m) {
      String text = Protocol.encode(m);
      synchronized (this) {
        WebSocket w = ws;
        if (w == null) {
          return;
        }
        sending = sending.handle((x, e) -> null).thenCompose(x -> w.sendText(text, true))
            .exceptionally(e -> {
              finish("send failed: " + e);
              return null;
            });
      }
    }

    void finish(String why) {
      if (closed.complete(why)) {
        abort();
      }
    }

    void abort() {
      WebSocket w = ws;
      if (w != null) {
        w.abort();
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeardNanos = System.nanoTime();
      partial.append(data);
      if (partial.length() > Protocol.MAX_MESSAGE_CHARS) {
        finish("the server sent a frame over " + Protocol.MAX_MESSAGE_CHARS + " characters");
        return null;
      }
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          handle(this, Protocol.decode(text));
        } catch (Protocol.ProtocolException e) {
          log.accept("ignored a bad message from the server: " + e.getMessage());
        } catch (RuntimeException e) {
          log.accept("failed to handle a message: " + e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (statusCode >= 4400 && statusCode < 4500 && statusCode != Protocol.CLOSE_NAME_TAKEN
          && statusCode != Protocol.CLOSE_REPLACED && fatal == null) {
        fatal = "closed with " + statusCode + " " + reason;
      }
      finish("closed by the server: " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      finish("connection error: " + error);
    }
  }

  /** Waits until the agent stops (closed, or refused for good); returns why. */
  public String awaitStop() throws InterruptedException {
    try {
      return stopped.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return String.valueOf(e.getCause());
    }
  }

  /** Stops: reverts every fault held (an agent that stops holds nothing), closes the connection. */
  @Override
  public void close() {
    if (closing && stopped.isDone() && held.size() == 0) {
      return;
    }
    closing = true;
    List<Message.Reverted> reverted = held.revertAll("agent stopped");
    Session s = session;
    if (s != null) {
      reverted.forEach(s::send);
      WebSocket w = s.ws;
      if (w != null) {
        try {
          w.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopped").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
          // Closing anyway.
        }
      }
      s.finish("agent stopped");
    }
    loop.interrupt();
    watchdog.interrupt();
    work.shutdown();
    stopped.complete("closed");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
