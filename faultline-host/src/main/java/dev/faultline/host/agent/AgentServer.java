package dev.faultline.host.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.time.DurationText;
import dev.faultline.host.attack.AttackRunner;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostRecovery;
import dev.faultline.host.attack.RunningAttack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The host agent: holds detached attacks so the terminal is free, behind a control API that
 * listens on loopback only and answers only requests carrying the token from the owner-only token
 * file. One agent per state directory ({@link SingleAgentLock}).
 *
 * <ul>
 *   <li>{@code POST /attacks} {@code {"kind":"cpu","parameters":{...},"length":"30s"}} → 201 {@code {"id":...}}</li>
 *   <li>{@code GET /attacks} → the host's attack records</li>
 *   <li>{@code POST /halt} → reverts every attack on the host</li>
 * </ul>
 */
public final class AgentServer implements AutoCloseable {
  private final HostContext context;
  private final AttackRunner runner;
  private final HttpServer http;
  private final AgentEndpoint endpoint;
  private final ObjectMapper json = new ObjectMapper();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final SingleAgentLock lock;

  private AgentServer(HostContext context, AttackRunner runner, int port, SingleAgentLock lock) throws IOException {
    this.context = context;
    this.runner = runner;
    this.lock = lock;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    http.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "faultline-agent-api");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/", this::handle);
    this.endpoint = new AgentEndpoint(ProcessHandle.current().pid(), http.getAddress().getPort(), AgentEndpoint.newToken());
  }

  /**
   * Reverts crash leftovers, starts listening on {@code 127.0.0.1:port} (0: any free port) and
   * publishes the endpoint in the state directory.
   */
  public static AgentServer start(HostContext context, AttackRunner runner, int port) throws IOException {
    // One agent per state directory: a second one would overwrite agent.json and agent.token.
    SingleAgentLock lock = SingleAgentLock.take(context.journal().stateDirectory());
    try {
      context.recovery().revertLeftovers();
      AgentServer server = new AgentServer(context, runner, port, lock);
      server.http.start();
      server.endpoint.publish(context.journal().stateDirectory());
      return server;
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return endpoint.port();
  }

  /** Blocks until {@link #close()}. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Reverts the agent's attacks and stops listening; idempotent. */
  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    runner.stopAll();
    http.stop(0);
    endpoint.withdraw(context.journal().stateDirectory());
    lock.release();
    closed.countDown();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
        reply(ex, 403, Map.of("error", "the agent answers loopback clients only"));
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      byte[] expected = ("Bearer " + endpoint.token()).getBytes(StandardCharsets.UTF_8);
      if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
        reply(ex, 401, Map.of("error", "missing or wrong token; send Authorization: Bearer <contents of the agent.token file>"));
        return;
      }
      String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
      switch (route) {
        case "GET /attacks" -> reply(ex, 200, context.journal().list());
        case "POST /attacks" -> startAttack(ex);
        case "POST /halt" -> halt(ex);
        default -> reply(ex, 404, Map.of("error", "no route " + route + "; known: GET /attacks, POST /attacks, POST /halt"));
      }
    } catch (RuntimeException e) {
      reply(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private void startAttack(HttpExchange ex) throws IOException {
    Map<?, ?> body;
    try {
      body = json.readValue(ex.getRequestBody(), Map.class);
    } catch (IOException e) {
      reply(ex, 400, Map.of("error", "the body is not a JSON object: " + e.getMessage()));
      return;
    }
    Object kind = body.get("kind");
    Object parameters = body.get("parameters");
    Object length = body.get("length");
    if (!(kind instanceof String k) || !(length instanceof String l)
        || (parameters != null && !(parameters instanceof Map))) {
      reply(ex, 400, Map.of("error", "expected {\"kind\": string, \"parameters\": object, \"length\": duration string}"));
      return;
    }
    try {
      Duration d = DurationText.parse(l);
      @SuppressWarnings("unchecked")
      Map<String, Object> p = parameters == null ? Map.of() : (Map<String, Object>) parameters;
      RunningAttack a = runner.start(k, p, d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", a.id());
      out.put("kind", a.kind());
      out.put("target", a.target());
      out.put("endsAtMs", a.endsAt().toEpochMilli());
      reply(ex, 201, out);
    } catch (InvalidFaultArgumentsException e) {
      reply(ex, 400, Map.of("error", e.getMessage(), "problems", e.problems()));
    } catch (IllegalArgumentException | FaultException e) {
      reply(ex, 400, Map.of("error", e.getMessage()));
    }
  }

  private void halt(HttpExchange ex) throws IOException {
    List<HostRecovery.Reverted> done = context.recovery().haltAll();
    reply(ex, 200, Map.of("reverted", done.stream().map(r -> r.record().id()).toList()));
  }

  private void reply(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
