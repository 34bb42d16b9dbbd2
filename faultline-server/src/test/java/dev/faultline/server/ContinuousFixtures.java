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
