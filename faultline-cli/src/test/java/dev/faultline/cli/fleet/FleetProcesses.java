package dev.faultline.cli.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the fleet tests share: real {@code faultline agent} processes started in the namespaces of
 * a {@link FleetNet} (agent {@code i} is named {@code agent-(i+1)}, its state in
 * {@code state-(i+1)}, its output in {@code agent-(i+1).log}), the API client, and bounded waits
 * that dump every log on failure. Every process started here is killed on {@link #close}.
 */
final class FleetProcesses implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final FleetNet net;
  final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();

  FleetProcesses(FleetNet net, Path dir) {
    this.net = net;
    this.dir = dir;
  }

  /** Agent {@code i}'s state directory (its attack journal). */
  Path stateDir(int i) {
    return dir.resolve("state-" + (i + 1));
  }

  /** Starts {@code faultline agent} in agent namespace {@code i}, connecting to the server at {@code port}. */
  Process startAgent(int i, int port, String token, String tags) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.agents.get(i)));
    cmd.addAll(java(Main.class.getName()));
    cmd.addAll(List.of("agent", "--server", "http://" + net.serverIpFromAgent.get(i) + ":" + port,
        "--name", "agent-" + (i + 1), "--tags", tags));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent-" + (i + 1) + ".log").toFile()));
    b.environment().put("FAULTLINE_STATE_DIR", stateDir(i).toString());
    b.environment().put("FAULTLINE_TOKEN", token);
    return started(b);
  }

  /** Starts {@code mainClass args} in the server's namespace, output appended to {@code log}. */
  Process startInServerNamespace(String mainClass, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", net.server));
    cmd.addAll(java(mainClass));
    cmd.addAll(args);
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().put("FAULTLINE_STATE_DIR", dir.resolve("server-state").toString());
    return started(b);
  }

  private Process started(ProcessBuilder b) throws IOException {
    Process p = b.start();
    processes.add(p);
    return p;
  }

  /** A child JVM on the test's class path, started as fast as the launcher starts one. */
  static List<String> java(String mainClass) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass);
  }

  /** An API call that must answer 2xx; returns the JSON object it answered. */
  Map<String, Object> call(String method, String url, String token, String body) throws Exception {
    HttpResponse<String> r = send(method, url, token, body);
    if (r.statusCode() >= 300) {
      throw new AssertionError(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() {});
  }

  /** An API call, whatever it answers. */
  HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How many agents the server has connected, or -1 while it does not answer. */
  int connected(String api, String token) {
    try {
      return ((Number) call("GET", api + "/api/v1/agents?connected=true", token, null).get("connected")).intValue();
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  /** Waits for {@code condition}, at most {@code max}; else fails with every log of the test. */
  void await(BooleanSupplier condition, Duration max, String what) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max.toMillis() + " ms: " + what + logs());
      }
      Thread.sleep(50);
    }
  }

  /** Every log of the test, for failure messages. */
  String logs() throws IOException {
    StringBuilder logs = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        logs.append("\n--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
      }
    }
    return logs.toString();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
