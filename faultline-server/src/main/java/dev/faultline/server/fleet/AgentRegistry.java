package dev.faultline.server.fleet;

import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Protocol;
import dev.faultline.server.auth.Actor;
import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsHandlerType;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agents of the fleet: the WebSocket endpoint they connect to ({@value Protocol#CONNECT_PATH}),
 * one {@link AgentSession} per connected agent, what is known of every agent seen since start (and
 * of earlier ones, from the database), the faults sent to each, heartbeats, and the halt fan-out.
 * A bad token, a bad first message, another protocol version or a name held by another agent is
 * refused with an {@code error} message and a close code; other agents are not affected.
 */
public final class AgentRegistry implements AutoCloseable {
  /** How long a new connection has to send its hello. */
  static final long HELLO_TIMEOUT_MS = 10_000;

  private final TokenStore tokens;
  private final AgentStore store;
  private final String serverId;
  private final long heartbeatMs;
  private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
  private final Map<WsContext, AgentSession> byContext = new ConcurrentHashMap<>();
  private final Map<String, FleetFault> faults = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicLong refused = new AtomicLong();
  /** Row changes not yet written, latest per agent: written by one thread in batches, off the connect path. */
  private final Map<String, AgentStore.Change> unwritten = new ConcurrentHashMap<>();

  /**
   * @param store where agents are remembered across server restarts (null: memory only)
   * @param heartbeatMs how often the server sends each agent a heartbeat; an agent silent for three
   *     of them is disconnected
   */
  public AgentRegistry(TokenStore tokens, AgentStore store, String serverId, Duration heartbeat) {
    this.tokens = tokens;
    this.store = store;
    this.serverId = serverId;
    this.heartbeatMs = heartbeat.toMillis();
    if (store != null) {
      for (AgentStore.Row r : store.all()) {
        AgentRecord a = new AgentRecord(r.name());
        a.hello = r.hello();
        a.tokenId = r.tokenId();
        a.team = r.team();
        a.lastSeenMs = r.lastSeenMs();
        agents.put(r.name(), a);
      }
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-fleet-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::heartbeat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::writeRows, 200, 200, TimeUnit.MILLISECONDS);
  }

  private void writeRows() {
    if (store == null || unwritten.isEmpty()) {
      return;
    }
    List<AgentStore.Change> batch = new ArrayList<>();
    for (String name : List.copyOf(unwritten.keySet())) {
      AgentStore.Change c = unwritten.remove(name);
      if (c != null) {
        batch.add(c);
      }
    }
    try {
      store.apply(batch);
    } catch (RuntimeException e) {
      // The database is unreachable: the live registry is unaffected; try these again next time.
      for (AgentStore.Change c : batch) {
        unwritten.merge(c.name(), c, (newer, failed) -> newer.after(failed));
      }
    }
  }

  /** Registers the WebSocket endpoint. */
  public void install(JavalinConfig config) {
    config.jetty.modifyWebSocketServletFactory(f -> {
      f.setMaxTextMessageSize(Protocol.MAX_MESSAGE_CHARS);
      f.setIdleTimeout(Duration.ofMillis(Math.max(30_000, heartbeatMs * 4)));
    });
    config.routes.addWsHandler(WsHandlerType.WEBSOCKET, Protocol.CONNECT_PATH, ws -> {
      ws.onConnect(this::onConnect);
      ws.onMessage(this::onMessage);
      ws.onClose(this::onClose);
      ws.onError(ctx -> closed(ctx, "connection error: " + (ctx.error() == null ? "?" : ctx.error().getMessage())));
    });
  }

  private void onConnect(WsConnectContext ctx) {
    AgentSession s = new AgentSession(ctx);
    byContext.put(ctx, s);
    String header = ctx.header("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(s, Protocol.CLOSE_UNAUTHORIZED, "missing_token", "an agent must send 'Authorization: Bearer <token>' "
          + "(an admin creates one with 'faultline server token create --role agent')");
      return;
    }
    TokenStore.Lookup found = tokens.lookup(header.substring(7).strip());
    if (found instanceof TokenStore.Revoked rv) {
      refuse(s, Protocol.CLOSE_UNAUTHORIZED, "revoked_token", "the agent token '" + rv.id() + "' was revoked; "
          + "ask an admin for a new one (faultline server token create --role agent)");
      return;
    }
    if (!(found instanceof TokenStore.Valid v)) {
      refuse(s, Protocol.CLOSE_UNAUTHORIZED, "unknown_token", "the agent token is not known to this server "
          + "(mistyped, or from another server's database)");
      return;
    }
    Actor actor = v.actor();
    if (actor.role() != Role.AGENT && actor.role() != Role.ADMIN) {
      refuse(s, Protocol.CLOSE_FORBIDDEN, "forbidden", "token '" + actor.tokenId() + "' has the "
          + actor.role().wireName() + " role; connecting as an agent needs an agent (or admin) token");
      return;
    }
    s.actor = actor;
    timer.schedule(() -> {
      if (s.record == null && !s.closed) {
        refuse(s, Protocol.CLOSE_PROTOCOL, "no_hello", "no 'hello' within " + HELLO_TIMEOUT_MS + " ms of connecting");
      }
    }, HELLO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private void onMessage(WsMessageContext ctx) {
    AgentSession s = byContext.get(ctx);
    if (s == null || s.closed || s.actor == null) {
      return;
    }
    Message m;
    try {
      m = Protocol.decode(ctx.message());
    } catch (Protocol.VersionMismatchException e) {
      refuse(s, Protocol.CLOSE_VERSION, "version_mismatch", e.getMessage());
      return;
    } catch (Protocol.ProtocolException e) {
      refuse(s, Protocol.CLOSE_PROTOCOL, "protocol_error", e.getMessage());
      return;
    }
    s.lastHeardMs = System.currentTimeMillis();
    if (s.record == null) {
      if (m instanceof Message.Hello h) {
        hello(s, h);
      } else {
        refuse(s, Protocol.CLOSE_PROTOCOL, "protocol_error", "the first message must be 'hello', got '" + m.type() + "'");
      }
      return;
    }
    s.record.lastSeenMs = s.lastHeardMs;
    if (m instanceof Message.Applied a) {
      find(s, a.faultId()).ifPresent(f -> f.applied(a.description()));
    } else if (m instanceof Message.Failed f) {
      find(s, f.faultId()).ifPresent(x -> x.failed(f.error()));
      settle(s.record);
    } else if (m instanceof Message.Reverted r) {
      find(s, r.faultId()).ifPresent(x -> x.reverted(r.reason(), r.error()));
      settle(s.record);
    } else if (m instanceof Message.Heartbeat) {
      // lastHeardMs is all a heartbeat says
    } else {
      refuse(s, Protocol.CLOSE_PROTOCOL, "protocol_error", "'" + m.type() + "' is sent by servers, not agents");
    }
  }

  private Optional<FleetFault> find(AgentSession s, String faultId) {
    FleetFault f = faults.get(faultId);
    // An agent answers only for its own faults: another agent's id is ignored.
    return f != null && f.agent.equals(s.record.name) ? Optional.of(f) : Optional.empty();
  }

  private void hello(AgentSession s, Message.Hello h) {
    AgentRecord rec;
    synchronized (this) {
      rec = agents.computeIfAbsent(h.name(), AgentRecord::new);
      AgentSession current = rec.connected ? rec.session : null;
      if (current != null && !current.closed) {
        Message.Hello prev = rec.hello;
        if (prev == null || !prev.instanceId().equals(h.instanceId())) {
          refuse(s, Protocol.CLOSE_NAME_TAKEN, "name_taken", "an agent named '" + h.name() + "' is already connected from "
              + current.remote() + " (instance " + (prev == null ? "?" : prev.instanceId()) + "); start this agent "
              + "with another --name");
          return;
        }
        // The same agent again (its old connection died without the server noticing yet): replace it.
        current.record = null;
        refuse(current, Protocol.CLOSE_REPLACED, "replaced", "replaced by a new connection of the same agent");
      }
      rec.hello = h;
      rec.tokenId = s.actor.tokenId();
      // The token binds the agent to its team: only that team's runs and tokens see it.
      rec.team = s.actor.team();
      rec.remote = s.remote();
      rec.connected = true;
      rec.connectedSinceMs = System.currentTimeMillis();
      rec.lastSeenMs = rec.connectedSinceMs;
      rec.session = s;
      s.record = rec;
    }
    for (Message.FaultReport r : h.faults()) {
      FleetFault f = faults.get(r.faultId());
      if (f == null) {
        if (!"applied".equals(r.state())) {
          // A fault this server process never sent (sent before a restart): keep the agent's word for it.
          FleetFault known = new FleetFault(h.name(), new Message.Apply(r.faultId(), r.runId(), r.activity(),
              r.faultType() == null ? "?" : r.faultType(), Map.of(), Protocol.MIN_LEASE_MS, null));
          known.reverted(r.reason(), null);
          rec.add(known);
        }
        continue;
      }
      if (!f.agent.equals(h.name())) {
        continue;
      }
      if ("applied".equals(r.state())) {
        f.stillHeld();
      } else {
        f.reverted(r.reason(), null);
      }
    }
    // Faults this server believes the agent holds but it does not report: it never got them, or lost them.
    for (FleetFault f : rec.active()) {
      boolean reported = h.faults().stream().anyMatch(r -> r.faultId().equals(f.id));
      if (!reported && f.state().equals("unknown")) {
        f.reverted("not held by the agent after it reconnected", null);
      }
    }
    settle(rec);
    unwritten.merge(rec.name, new AgentStore.Change(rec.name, h, rec.tokenId, rec.team, rec.lastSeenMs, true), (a, b) -> b.after(a));
    s.send(new Message.Welcome(serverId, heartbeatMs));
  }

  private void onClose(WsCloseContext ctx) {
    closed(ctx, "closed: " + ctx.status() + (ctx.reason() == null || ctx.reason().isEmpty() ? "" : " " + ctx.reason()));
  }

  private void closed(WsContext ctx, String why) {
    AgentSession s = byContext.remove(ctx);
    if (s == null) {
      return;
    }
    s.closed = true;
    lost(s, why);
  }

  private void lost(AgentSession s, String why) {
    AgentRecord rec;
    synchronized (this) {
      rec = s.record;
      if (rec == null || rec.session != s) {
        return;
      }
      rec.connected = false;
      rec.session = null;
      rec.lastSeenMs = Math.max(rec.lastSeenMs, s.lastHeardMs);
    }
    for (FleetFault f : rec.active()) {
      f.lost("agent disconnected (" + why + "); it reverts the fault when its lease passes, and reports on reconnect");
    }
    unwritten.merge(rec.name, new AgentStore.Change(rec.name, null, null, null, rec.lastSeenMs, false), (a, b) -> b.after(a));
  }

  private void refuse(AgentSession s, int code, String errorCode, String message) {
    refused.incrementAndGet();
    byContext.remove(s.ctx);
    s.sendThenClose(new Message.Error(errorCode, message, true), code, errorCode);
    if (s.record != null) {
      lost(s, "refused: " + errorCode);
    }
    s.closed = true;
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    dropRevokedTokens();
    String hb = Protocol.encode(new Message.Heartbeat(now));
    for (AgentSession s : byContext.values()) {
      if (s.record == null) {
        continue;
      }
      if (now - s.lastHeardMs > heartbeatMs * 3) {
        // Silent for three heartbeats: the link is gone even if TCP has not noticed.
        AgentSession dead = byContext.remove(s.ctx);
        if (dead != null) {
          dead.closed = true;
          lost(dead, "silent for " + (now - s.lastHeardMs) + " ms");
          dead.close(Protocol.CLOSE_SHUTDOWN, "silent");
        }
        continue;
      }
      s.sendEncoded(hb);
    }
  }

  /**
   * Disconnects agents whose token was revoked since they connected (one lookup per distinct token,
   * usually one for a whole fleet); their faults then revert by lease.
   */
  private void dropRevokedTokens() {
    Map<String, Boolean> revoked = new java.util.HashMap<>();
    for (AgentSession s : byContext.values()) {
      Actor a = s.actor;
      if (a == null || s.record == null) {
        continue;
      }
      boolean gone = revoked.computeIfAbsent(a.tokenId(), id -> {
        try {
          return tokens.find(id).map(TokenStore.TokenInfo::revoked).orElse(true);
        } catch (RuntimeException e) {
          return false; // database unreachable: keep serving, look again next heartbeat
        }
      });
      if (gone) {
        refuse(s, Protocol.CLOSE_UNAUTHORIZED, "revoked_token", "the agent token '" + a.tokenId()
            + "' was revoked; ask an admin for a new one (faultline server token create --role agent)");
      }
    }
  }

  private void settle(AgentRecord rec) {
    for (FleetFault f : rec.settle()) {
      faults.remove(f.id, f);
    }
  }

  // ---- used by the Fleet implementation ----

  /** The connected agents, by name. */
  public List<AgentRecordView> connected() {
    List<AgentRecordView> out = new ArrayList<>();
    for (AgentRecord r : agents.values()) {
      Message.Hello h = r.hello;
      if (r.connected && h != null) {
        out.add(new AgentRecordView(r.name, h, r.team));
      }
    }
    out.sort(Comparator.comparing(AgentRecordView::name));
    return out;
  }

  /** The named agent's hello if it is connected now. */
  public Optional<Message.Hello> connectedHello(String name) {
    AgentRecord r = agents.get(name);
    Message.Hello h = r == null ? null : r.hello;
    return r != null && r.connected && h != null ? Optional.of(h) : Optional.empty();
  }

  /** The named agent if it is connected now. */
  public Optional<AgentRecordView> connectedAgent(String name) {
    AgentRecord r = agents.get(name);
    Message.Hello h = r == null ? null : r.hello;
    return r != null && r.connected && h != null ? Optional.of(new AgentRecordView(name, h, r.team)) : Optional.empty();
  }

  /** A connected agent's name, hello and team (null: no team). */
  public record AgentRecordView(String name, Message.Hello hello, String team) {}

  /** Sends an apply to the named agent; the returned fault completes when the agent answers. */
  FleetFault send(String agent, Message.Apply apply) throws NotConnectedException {
    AgentRecord rec = agents.get(agent);
    AgentSession s = rec == null ? null : rec.session;
    if (s == null || !rec.connected) {
      throw new NotConnectedException(agent);
    }
    FleetFault f = new FleetFault(agent, apply);
    faults.put(f.id, f);
    rec.add(f);
    s.send(apply);
    return f;
  }

  /** Sends {@code m} to the named agent if it is connected; false otherwise. */
  boolean sendTo(String agent, Message m) {
    AgentRecord rec = agents.get(agent);
    AgentSession s = rec == null ? null : rec.session;
    if (s == null || !rec.connected) {
      return false;
    }
    s.send(m);
    return true;
  }

  void settleAgent(String agent) {
    AgentRecord rec = agents.get(agent);
    if (rec != null) {
      settle(rec);
    }
  }

  /** The agent is not connected. */
  static final class NotConnectedException extends Exception {
    private static final long serialVersionUID = 1L;

    NotConnectedException(String agent) {
      super("agent '" + agent + "' is not connected", null, false, false);
    }
  }

  /**
   * Tells every connected agent to revert everything it holds; returns how many were told. An
   * agent that is not connected reverts by its faults' leases, which nobody renews any more.
   */
  public int haltAll(String reason) {
    String halt = Protocol.encode(new Message.Halt(reason));
    int n = 0;
    for (AgentRecord r : agents.values()) {
      AgentSession s = r.session;
      if (r.connected && s != null) {
        s.sendEncoded(halt);
        n++;
      }
    }
    return n;
  }

  /** How many agents are connected now. */
  public int connectedCount() {
    int n = 0;
    for (AgentRecord r : agents.values()) {
      n += r.connected ? 1 : 0;
    }
    return n;
  }

  /** How many faults are pending, applied or unknown across the fleet. */
  public int activeFaults() {
    return activeFaults(null);
  }

  /** How many faults are pending, applied or unknown on the agents of {@code team} (null: every agent). */
  public int activeFaults(String team) {
    int n = 0;
    for (AgentRecord r : agents.values()) {
      if (team == null || team.equals(r.team)) {
        n += r.active().size();
      }
    }
    return n;
  }

  /** How many connections were refused since start. */
  public long refusedCount() {
    return refused.get();
  }

  /** Every agent known, as the API shows them. */
  public List<Map<String, Object>> list(Boolean connectedOnly) {
    return list(connectedOnly, null);
  }

  /** The agents known of {@code team} (null: every agent, of a team or not), as the API shows them. */
  public List<Map<String, Object>> list(Boolean connectedOnly, String team) {
    Collection<AgentRecord> all = agents.values();
    return all.stream().filter(r -> r.hello != null && (connectedOnly == null || r.connected == connectedOnly)
            && (team == null || team.equals(r.team)))
        .sorted(Comparator.comparing((AgentRecord r) -> r.name)).map(r -> r.toJson(false)).toList();
  }

  /** One agent as the API shows it, with its recent faults. */
  public Optional<Map<String, Object>> get(String name) {
    AgentRecord r = agents.get(name);
    return r == null || r.hello == null ? Optional.empty() : Optional.of(r.toJson(true));
  }

  /** One fault's record, while the server remembers it. */
  public Optional<FleetFault> fault(String id) {
    return Optional.ofNullable(faults.get(id));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    writeRows();
    for (AgentSession s : byContext.values()) {
      s.close(Protocol.CLOSE_SHUTDOWN, "server stopping");
    }
  }
}
