package dev.faultline.server.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Halt fan-out at fleet scale (issue 12), a harness run by hand, not a test: a real server in its
 * own JVM capped at {@code -Xmx512m} ({@link BenchFleetServer}), {@code --agents} simulated agents
 * over the real protocol from this JVM ({@link FleetSimulator}), one fault applied on each through
 * the Fleet SPI, then {@code POST /api/v1/halt}: the time until every simulated agent has sent its
 * {@code reverted} (client side) and until the server counts no active fault (its API), per trial;
 * the server's used heap after a full GC with every agent connected and holding a fault.
 *
 * <pre>
 * mvn -o -q -pl faultline-server -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/fs.cp -Dmdep.includeScope=test
 * cd faultline-server
 * java -cp target/test-classes:target/classes:$(cat /tmp/fs.cp) dev.faultline.server.bench.FleetHaltBenchmark --agents 10000 --trials 5
 * </pre>
 */
public final class FleetHaltBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "flt_bench_admin_token_fleet_0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private FleetHaltBenchmark() {}

  public static void main(String[] args) throws Exception {
    int agents = 10_000;
    int trials = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--trials" -> trials = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("fleet-bench");
    Path tokenFile = Files.writeString(dir.resolve("admin.token"), ADMIN);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), BenchFleetServer.class.getName(), Integer.toString(port),
        dir.resolve("data").toString(), tokenFile.toString()).redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (java.io.IOException e) {
        // ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    BufferedWriter cmd = new BufferedWriter(new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8));
    String base = "http://127.0.0.1:" + port;
    try {
      expect(lines, "BENCH READY", 120);
      String agentToken = (String) call("POST", base + "/api/v1/tokens", ADMIN, "{\"role\":\"agent\",\"name\":\"sims\"}").get("token");
      System.out.printf(Locale.ROOT, "fleet halt benchmark: %d simulated agents, %d trials, server -Xmx512m, %d cores%n",
          agents, trials, Runtime.getRuntime().availableProcessors());
      try (FleetSimulator sims = new FleetSimulator(URI.create(base), agentToken)) {
        long c0 = System.nanoTime();
        sims.connect(agents, "sim", 256);
        int welcomed = sims.awaitWelcomed(agents, Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "connected: %d of %d in %.1f s (%d closed)%n", welcomed, agents,
            (System.nanoTime() - c0) / 1e9, sims.closed.get());
        List<Double> toAgents = new ArrayList<>();
        List<Double> toServer = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
          send(cmd, "apply-all 15000");
          String applied = expect(lines, "APPLIED-ALL", 300);
          if (t == 1) {
            send(cmd, "heap");
            System.out.println("server heap with " + welcomed + " agents each holding one fault: " + expect(lines, "HEAP", 60));
          }
          int appliedCount = Integer.parseInt(applied.split(" ")[1]);
          int before = sims.reverted.get();
          long h0 = System.nanoTime();
          call("POST", base + "/api/v1/halt", ADMIN, "{\"reason\": \"benchmark trial " + t + "\"}");
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (sims.reverted.get() - before < appliedCount && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          double agentsMs = (sims.lastRevertNanos.get() - h0) / 1e6;
          while (((Number) call("GET", base + "/api/v1/agents?connected=false", ADMIN, null).get("active_faults")).intValue() > 0
              && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          double serverMs = (System.nanoTime() - h0) / 1e6;
          int got = sims.reverted.get() - before;
          toAgents.add(agentsMs);
          toServer.add(serverMs);
          System.out.printf(Locale.ROOT, "trial %d: %s; halt -> %d/%d faults reported reverted by the agents %.0f ms; "
              + "-> server counts 0 active %.0f ms; %d sessions closed so far%n",
              t, applied, got, appliedCount, agentsMs, serverMs, sims.closed.get());
          call("DELETE", base + "/api/v1/halt", ADMIN, null);
          send(cmd, "clear");
          expect(lines, "CLEARED", 30);
        }
        System.out.printf(Locale.ROOT, "halt -> every agent reverted: p50 %.0f ms, max %.0f ms; -> server 0 active: p50 %.0f ms, max %.0f ms%n",
            pct(toAgents, 50), pct(toAgents, 100), pct(toServer, 50), pct(toServer, 100));
      }
    } finally {
      server.destroyForcibly();
    }
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }

  private static void send(BufferedWriter w, String line) throws java.io.IOException {
    w.write(line + "\n");
    w.flush();
  }

  private static String expect(BlockingQueue<String> lines, String prefix, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String l = lines.poll(200, TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
      if (l != null && (l.contains("Exception") || l.contains("Error"))) {
        System.err.println("server: " + l);
      }
    }
    throw new IllegalStateException("the server did not print " + prefix + " within " + seconds + " s");
  }

  private static Map<String, Object> call(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() {});
  }
}
