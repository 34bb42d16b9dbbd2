package dev.faultline.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Real local HTTP parts for the continuous-chaos tests: a health endpoint, notification receivers, a clock. */
final class ContinuousFixtures {
  private ContinuousFixtures() {}

  /** A service's health endpoint on loopback; {@link #status} is what it answers. */
  static final class Health implements AutoCloseable {
    final AtomicInteger status = new AtomicInteger(200);
    final List<String> queries = java.util.Collections.synchronizedList(new ArrayList<>());
    final HttpServer server;
    private final java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(2);

    Health() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/health", ex -> {
        if (ex.getRequestURI().getQuery() != null) {
          queries.add(ex.getRequestURI().getQuery());
        }
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status.get(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      server.setExecutor(pool);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  /**
   * A Prometheus target on loopback: {@code /metrics} exposes one gauge whose value the test sets,
   * so a real alerting rule on it fires and resolves when the test says.
   */
  static final class Gauge implements AutoCloseable {
    final AtomicLong value = new AtomicLong();
    final HttpServer server;
    private final String name;

    Gauge(String name) throws IOException {
      this.name = name;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/metrics", ex -> {
        byte[] body = ("# TYPE " + name + " gauge\n" + name + " " + value.get() + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    }

    /** {@code host:port} for a scrape config. */
    String target() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
      return name;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Receives notifications: every POST body with its path, in order. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final List<Map.Entry<String, String>> received = new ArrayList<>();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", ex -> {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        synchronized (received) {
          received.add(Map.entry(ex.getRequestURI().getPath() + (auth == null ? "" : " " + auth), body));
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
      });
      server.start();
    }

    String base() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Map.Entry<String, String>> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicLong ms;

    MutableClock(Instant start) {
      ms = new AtomicLong(start.toEpochMilli());
    }

    void set(Instant at) {
      ms.set(at.toEpochMilli());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(ms.get());
    }

    @Override
    public long millis() {
      return ms.get();
    }
  }

  /**
   * Deletes every calendar rule, the default blackouts (weekends, outside 09-17 UTC) included, so a
   * real-time test does not depend on the hour it runs at.
   */
  @SuppressWarnings("unchecked")
  static void clearBlackouts(TestServer t) throws Exception {
    for (Map<String, Object> rule : (List<Map<String, Object>>) t.get("/api/v1/calendars", t.adminToken).json()
        .get("calendars")) {
      TestServer.Response r = t.call("DELETE", "/api/v1/calendars/" + rule.get("id"), t.adminToken, null);
      if (r.status() != 204) {
        throw new AssertionError("could not delete calendar rule " + rule.get("id") + ": " + r);
      }
    }
  }

  /** Schedules {@code document} on {@code service} once, due between 200 and 400 ms from now. */
  static Map<String, Object> scheduleSoon(TestServer t, String token, String service, String document)
      throws Exception {
    Instant now = Instant.now();
    TestServer.Response r = t.call("POST", "/api/v1/schedules", token, "{\"service\": \"" + service
        + "\", \"window_start\": \"" + now.plusMillis(200) + "\", \"window_end\": \"" + now.plusMillis(400)
        + "\", \"document\": " + document + "}");
    if (r.status() != 201) {
      throw new AssertionError("schedule on " + service + " not created: " + r);
    }
    return r.json();
  }

  /** The first event of {@code kind} (run, skipped, halted, …) of a schedule, waiting up to 10 s. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> awaitEvent(TestServer t, String token, String scheduleId, String kind) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (Map<String, Object> e : (List<Map<String, Object>>) t.get("/api/v1/schedules/" + scheduleId, token)
          .json().get("events")) {
        if (kind.equals(e.get("kind"))) {
          return e;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no '" + kind + "' event for schedule " + scheduleId + ": "
        + t.get("/api/v1/schedules/" + scheduleId, token).body());
  }

  /** The pauses, newest first ({@code GET /api/v1/pauses}). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> pauses(TestServer t, String token) throws Exception {
    return (List<Map<String, Object>>) t.get("/api/v1/pauses", token).json().get("pauses");
  }

  /** A check that may do I/O. */
  interface Check {
    boolean holds() throws Exception;
  }

  /** Waits until {@code condition} holds, polling every 10 ms, failing after {@code limit}. */
  static void await(String what, java.time.Duration limit, Check condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  static String service(String name, String team, int level, String healthUrl) {
    return """
        {"name": "%s", "team": "%s", "level": %d, "tags": {"app": "%s"},
         "health_check": {"type": "probe", "name": "up", "tolerance": 200,
                          "provider": {"type": "http", "url": "%s", "timeout": 2}}}
        """.formatted(name, team, level, name, healthUrl);
  }

  /** An experiment that hides {@code file} (fault file-move, level 2) and holds it hidden {@code holdSeconds}. */
  static String hideFile(Path file, int holdSeconds) {
    return """
        {"title": "hide %s", "description": "d",
         "method": [{"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
                     "parameters": {"path": "%s"}}, "pauses": {"after": %d}}]}
        """.formatted(file.getFileName(), file, holdSeconds);
  }
}
