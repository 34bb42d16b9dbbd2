package dev.faultline.server;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real server on a free loopback port with a known admin token, and a real HTTP client for it. */
final class TestServer implements AutoCloseable {
  final Path dir;
  final FaultlineServer server;
  final String adminToken;
  final StringWriter output = new StringWriter();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Where requests go: this JVM's server, or a server in another process. */
  final URI base;

  private TestServer(Path dir, ServerConfig config, String adminToken, Map<String, String> env) throws Exception {
    this.dir = dir;
    this.adminToken = adminToken;
    this.server = FaultlineServer.start(config, new PrintWriter(output, true), env);
    this.base = server.baseUri();
  }

  private TestServer(Path dir, URI base, String adminToken) {
    this.dir = dir;
    this.adminToken = adminToken;
    this.server = null;
    this.base = base;
  }

  /** A client of a server running in another process (closing it closes nothing there). */
  static TestServer remote(Path dir, URI base) throws IOException {
    return new TestServer(dir, base, Files.readString(dir.resolve("admin.token")).strip());
  }

  static TestServer start(Path dir) throws Exception {
    return start(dir, c -> c);
  }

  static TestServer start(Path dir, java.util.function.UnaryOperator<ServerConfig> tweak) throws Exception {
    return start(dir, tweak, Map.of());
  }

  static TestServer start(Path dir, java.util.function.UnaryOperator<ServerConfig> tweak, Map<String, String> env)
      throws Exception {
    Path tokenFile = dir.resolve("admin.token");
    String token;
    if (Files.exists(tokenFile)) {
      token = Files.readString(tokenFile).strip();
    } else {
      token = "flt_test_" + UUID.randomUUID().toString().replace("-", "");
      Files.writeString(tokenFile, token + "\n");
    }
    ServerConfig config = tweak.apply(ServerConfig.defaults(0, dir.resolve("data")).withAdminTokenFile(tokenFile));
    return new TestServer(dir, config, token, env);
  }

  /** A new token with that role, created through the API. */
  String token(String role) throws Exception {
    Response r = call("POST", "/api/v1/tokens", adminToken, "{\"role\":\"" + role + "\",\"name\":\"test-" + role + "\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("token create failed: " + r);
    }
    return (String) r.json().get("token");
  }

  Response get(String path, String token) throws Exception {
    return call("GET", path, token, null);
  }

  Response call(String method, String path, String token, String body) throws Exception {
    return call(method, path, token, body, "application/json");
  }

  Response call(String method, String path, String token, String body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
        r.headers().firstValue("Location").orElse(null));
  }

  /** Reads a run's SSE stream to its end event (bounded by the request timeout). */
  List<String> sse(String runId, String token) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/events"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
    HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("SSE status " + r.statusCode());
    }
    try (java.util.stream.Stream<String> lines = r.body()) {
      return lines.limit(100_000).toList();
    }
  }

  /** Polls a run until it has ended (bounded). */
  Map<String, Object> awaitEnd(String runId, String token, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Map<String, Object> run = get("/api/v1/runs/" + runId, token).json();
      String status = (String) run.get("status");
      if (!status.equals("queued") && !status.equals("running")) {
        return run;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + runId + " still " + status + " after " + max);
      }
      Thread.sleep(50);
    }
  }

  /** Polls a run until it is running (bounded). */
  void awaitRunning(String runId, String token) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"running".equals(get("/api/v1/runs/" + runId, token).json().get("status"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + runId + " did not start");
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }

  /** An HTTP answer. */
  record Response(int status, String body, String contentType, String location) {
    Map<String, Object> json() throws IOException {
      return Json.MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  static String experiment(String title, String methodJson) {
    return """
        {"title": "%s", "description": "server test",
         "method": [%s]}
        """.formatted(title, methodJson);
  }

  static final String ECHO = "{\"type\": \"action\", \"name\": \"say\", \"provider\": {\"type\": \"process\", \"path\": \"echo\", \"arguments\": [\"hi\"]}}";

  static String pause(int seconds) {
    return "{\"type\": \"action\", \"name\": \"wait\", \"provider\": {\"type\": \"process\", \"path\": \"true\"}, "
        + "\"pauses\": {\"after\": " + seconds + "}}";
  }
}
