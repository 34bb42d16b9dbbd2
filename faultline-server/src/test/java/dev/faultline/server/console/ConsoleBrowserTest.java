package dev.faultline.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.fleet.agent.AgentConfig;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.Json;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.bench.FleetSimulator;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import dev.faultline.server.fleet.MarkerFaultType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console end to end in a real headless Chromium (Playwright, {@code src/test/e2e}): a
 * real server with 10,000 stored runs, a real fault proxy in front of a real local HTTP service.
 * The browser signs in, fixes an invalid experiment, runs it with a latency toxic, watches the
 * timeline, halts everything and checks through the proxy's API that the toxic is gone; a viewer's
 * crafted requests get 403. Two fleet agents are connected (a real in-process {@link FleetAgent}, on
 * the server's own host, and a simulated one on a test-net address): the experiments page's dry run
 * previews which of them a target would hit. {@code FAULTLINE_CONSOLE_AGENTS=1000} connects that many
 * more simulated agents first, to report the dashboard's first paint with them. Skipped when Node's modules or Chromium are missing, unless
 * {@code FAULTLINE_REQUIRE_BROWSER=1} ({@code scripts/test.sh} sets it), then it fails.
 */
class ConsoleBrowserTest {
  private static final Path E2E = Path.of("src/test/e2e");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final int SEEDED_RUNS = 10_000;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void operatorRunsHaltsAndViewerIsRefused(@TempDir Path dir) throws Exception {
    requireBrowser();
    Path data = dir.resolve("data");
    Path tokenFile = dir.resolve("admin.token");
    String admin = "flt_e2e_admin_" + Long.toHexString(System.nanoTime()) + "0123456789";
    Files.writeString(tokenFile, admin + "\n");
    StringWriter serverOut = new StringWriter();
    AtomicLong served = new AtomicLong();
    HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext("/", exchange -> {
      // The "storefront": answers its order count, a number the console charts.
      byte[] body = Long.toString(100 + served.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    service.start();
    try (ProxyServer proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withAuditSink(line -> {}));
         FaultlineServer server = FaultlineServer.start(ServerConfig.defaults(0, data).withAdminTokenFile(tokenFile),
             new PrintWriter(serverOut, true), Map.of())) {
      // Through H2's auto-server mode, as 'faultline server token' reaches a running server's database:
      // the server has already migrated it, so the seeding is the inserts alone.
      long seedMs = seedRuns(data, SEEDED_RUNS);
      String base = server.baseUri().toString();
      String agentToken = token(base, admin, "agent");
      // web-1 runs in this JVM: the server's own host, left out of random draws (docs/targets.md);
      // web-2 is a simulated session with a test-net address, so a target's draw can choose it.
      AgentConfig web1 = new AgentConfig(server.baseUri(), agentToken, "web-1", Map.of("service", "checkout", "zone", "a"),
          List.of(), dir.resolve("agent-web-1.json"), Duration.ofSeconds(1));
      int extraAgents = Integer.parseInt(System.getenv().getOrDefault("FAULTLINE_CONSOLE_AGENTS", "0"));
      try (FleetAgent agent = FleetAgent.start(web1, new FaultRegistry(List.of(new MarkerFaultType())), line -> {});
           FleetSimulator sims = new FleetSimulator(server.baseUri(), agentToken)) {
        sims.connect("web-2", Map.of("service", "checkout", "zone", "b"));
        long agentsStart = System.nanoTime();
        if (extraAgents > 0) {
          sims.connect(extraAgents, "sim", 256);
        }
        int welcomed = sims.awaitWelcomed(1 + extraAgents, Duration.ofSeconds(60 + extraAgents / 20));
        for (int i = 0; i < 300 && !agent.connected(); i++) {
          Thread.sleep(50);
        }
        assertThat(agent.connected()).as("the in-process agent web-1 connected").isTrue();
        assertThat(welcomed).as("simulated agents welcomed").isEqualTo(1 + extraAgents);
        System.out.println("seed: " + SEEDED_RUNS + " runs in " + seedMs + " ms; agents: " + (2 + extraAgents) + " connected in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - agentsStart) + " ms");
        runBrowser(dir, admin, base, proxy, service, 2 + extraAgents, serverOut);
      }
    } finally {
      service.stop(0);
    }
  }

  private void runBrowser(Path dir, String admin, String base, ProxyServer proxy, HttpServer service, int agents,
      StringWriter serverOut) throws Exception {
    String proxyApi = "http://127.0.0.1:" + proxy.apiPort();
    Map<String, Object> created = call("POST", proxyApi + "/proxies", null, "{\"name\": \"web\", \"listen\": "
        + "\"127.0.0.1:0\", \"upstream\": \"127.0.0.1:" + service.getAddress().getPort() + "\", \"enabled\": true}");
    String listen = (String) created.get("listen");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FAULTLINE_URL", base);
    env.put("ADMIN_TOKEN", admin);
    env.put("OPERATOR_TOKEN", token(base, admin, "operator"));
    env.put("VIEWER_TOKEN", token(base, admin, "viewer"));
    env.put("PROXY_API", proxyApi);
    env.put("PROXY_NAME", "web");
    env.put("SERVICE_URL", "http://" + listen + "/orders");
    env.put("SCREENSHOT_DIR", Path.of("target/console-screenshots").toAbsolutePath().toString());
    env.put("CHROMIUM", CHROMIUM.toString());
    env.put("AGENT_COUNT", Integer.toString(agents));

    ProcessBuilder pb = new ProcessBuilder("node", "console.e2e.mjs").directory(E2E.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Path log = dir.resolve("e2e.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean ended = p.waitFor(150, TimeUnit.SECONDS);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    System.out.println("--- console.e2e.mjs (" + SEEDED_RUNS + " runs seeded, " + agents + " agents) ---\n" + output);
    if (!ended) {
      fail("console.e2e.mjs did not finish within 150 s; its output:\n" + output);
    }
    assertThat(p.exitValue()).as("console.e2e.mjs exit code; its output:\n" + output + "\nserver:\n" + serverOut)
        .isZero();
    assertThat(output).contains("RESULT {").contains("toxic gone from the proxy");
    // The proxy's own API, once more from here: no toxic survived the halt.
    assertThat(callList(proxyApi + "/proxies/web/toxics")).isEmpty();
  }

  /** Skips (or fails under FAULTLINE_REQUIRE_BROWSER=1) when the browser or Playwright is missing. */
  private static void requireBrowser() {
    String missing = null;
    if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
      missing = "node_modules of " + E2E.toAbsolutePath() + " (run 'npm ci' there; scripts/test.sh does)";
    } else if (!Files.isExecutable(CHROMIUM)) {
      missing = CHROMIUM + " (apt-get install chromium; scripts/test.sh does)";
    } else if (!onPath("node")) {
      missing = "node on the PATH (apt-get install nodejs)";
    }
    if (missing == null) {
      return;
    }
    if ("1".equals(System.getenv("FAULTLINE_REQUIRE_BROWSER"))) {
      fail("the console's browser test needs " + missing + " and FAULTLINE_REQUIRE_BROWSER=1 is set");
    }
    Assumptions.abort("console browser test skipped: missing " + missing);
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  /** Stores ended runs straight into the running server's embedded database (one statement). */
  private static long seedRuns(Path data, int count) throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(data);
    try (Database db = Database.open(DatabaseLocation.embedded(data))) {
      long opened = System.nanoTime();
      System.out.println("seed: database opened in " + TimeUnit.NANOSECONDS.toMillis(opened - start) + " ms");
      // One statement over H2's SYSTEM_RANGE (this test runs on the embedded database): ended runs,
      // a minute apart, an hour old and older, of every end status.
      db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO runs (id, title, status, deviated, verdict, submitted_by, "
              + "submitted_ms, started_ms, ended_ms, owner, syntax, source, options) SELECT "
              + "'run_seed' || LPAD(CAST(X AS VARCHAR), 8, '0'), 'seeded run ' || X, "
              + "CASE MOD(X, 4) WHEN 0 THEN 'completed' WHEN 1 THEN 'failed' WHEN 2 THEN 'aborted' ELSE 'interrupted' END, "
              + "MOD(X, 7) = 0, 'seeded', 'seed', :now - X * 60000, :now - X * 60000, :now - X * 60000 + 30000, 'seed', "
              + "'json', '{}', '{}' FROM SYSTEM_RANGE(1, :count)")
          .bind("now", System.currentTimeMillis() - 3_600_000L).bind("count", count).execute());
      long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs").mapTo(Long.class).one());
      assertThat(stored).as("seeded runs").isEqualTo(count);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private String token(String base, String admin, String role) throws Exception {
    return (String) call("POST", base + "/api/v1/tokens", admin, "{\"role\": \"" + role + "\", \"name\": \"e2e-"
        + role + "\"}").get("token");
  }

  private Map<String, Object> call(String method, String url, String token, String body) throws Exception {
    return Json.MAPPER.readValue(send(method, url, token, body), new TypeReference<Map<String, Object>>() {});
  }

  private java.util.List<Object> callList(String url) throws Exception {
    return Json.MAPPER.readValue(send("GET", url, null, null), new TypeReference<java.util.List<Object>>() {});
  }

  private String send(String method, String url, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
