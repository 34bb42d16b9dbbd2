package dev.faultline.cli.bench;

import dev.faultline.cli.Main;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.fleet.ServerFleet;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Halt fan-out with real agents (issue 12), a harness run by hand, not a test: a server in this
 * JVM, {@code --agents} real {@code faultline agent --server} processes on loopback (each its own
 * state directory), one real {@code host-cpu} fault (1 core at 5 %) applied on each through the
 * Fleet SPI, then {@code POST /api/v1/halt}: time until the server has every agent's
 * {@code reverted} (and the host records are gone), {@code --trials} times; p50/p99.
 *
 * <pre>
 * mvn -o -q -pl faultline-cli -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/fc.cp -Dmdep.includeScope=test
 * cd faultline-cli
 * java -cp target/test-classes:target/classes:$(cat /tmp/fc.cp) dev.faultline.cli.bench.FleetRealHaltBenchmark --agents 3 --trials 20
 * </pre>
 */
public final class FleetRealHaltBenchmark {
  private static final String ADMIN = "flt_bench_admin_token_real_fleet_0123456789";

  private FleetRealHaltBenchmark() {}

  public static void main(String[] args) throws Exception {
    int agents = 3;
    int trials = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--trials" -> trials = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("fleet-real-bench");
    Path tokenFile = Files.writeString(dir.resolve("admin.token"), ADMIN);
    List<Process> processes = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().build();
    try (FaultlineServer server = FaultlineServer.start(ServerConfig.defaults(0, dir.resolve("data"))
        .withAdminTokenFile(tokenFile).withAgentHeartbeatMs(1000), new PrintWriter(System.out, true))) {
      String base = server.baseUri().toString();
      String agentToken = server.agents() == null ? null : createAgentToken(http, base);
      for (int i = 1; i <= agents; i++) {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            Main.class.getName(), "agent", "--server", base, "--name", "real-" + i, "--tags", "bench=yes")
            .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + i + ".log").toFile());
        b.environment().put("FAULTLINE_STATE_DIR", dir.resolve("state-" + i).toString());
        b.environment().put("FAULTLINE_TOKEN", agentToken);
        processes.add(b.start());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      ServerFleet fleet = new ServerFleet(server.agents(), () -> false);
      while (fleet.agents().size() < agents && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      System.out.printf(Locale.ROOT, "fleet real-agent halt benchmark: %d agents connected, %d trials, %d cores%n",
          fleet.agents().size(), trials, Runtime.getRuntime().availableProcessors());
      List<Double> ms = new ArrayList<>();
      for (int t = 1; t <= trials; t++) {
        for (Target a : fleet.agents()) {
          fleet.fault(a, new RemoteFaultRequest("bench", "cpu", "host-cpu", Map.of("cores", 1, "percent", 5), null))
              .apply(FaultExpiry.leased(Duration.ofSeconds(15), Optional.empty()));
        }
        long h0 = System.nanoTime();
        send(http, "POST", base + "/api/v1/halt", "{\"reason\": \"bench " + t + "\"}");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.agents().activeFaults() > 0 && System.nanoTime() < end) {
          Thread.sleep(1);
        }
        double took = (System.nanoTime() - h0) / 1e6;
        ms.add(took);
        for (int i = 1; i <= agents; i++) {
          if (!new AttackJournal(dir.resolve("state-" + i)).list().isEmpty()) {
            throw new IllegalStateException("agent real-" + i + " still has a host record after the halt");
          }
        }
        send(http, "DELETE", base + "/api/v1/halt", null);
        System.out.printf(Locale.ROOT, "trial %d: halt -> %d agents reported reverted in %.0f ms%n", t, agents, took);
      }
      Collections.sort(ms);
      System.out.printf(Locale.ROOT, "halt -> every real agent reverted: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(0.99 * ms.size()) - 1)), ms.get(ms.size() - 1));
    } finally {
      processes.forEach(Process::destroy);
      for (Process p : processes) {
        p.waitFor();
      }
    }
  }

  private static String createAgentToken(HttpClient http, String base) throws Exception {
    String body = send(http, "POST", base + "/api/v1/tokens", "{\"role\":\"agent\",\"name\":\"bench\"}");
    int i = body.indexOf("\"token\":\"") + 9;
    return body.substring(i, body.indexOf('"', i));
  }

  private static String send(HttpClient http, String method, String url, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
