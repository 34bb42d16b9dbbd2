package dev.faultline.server.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The control plane's numbers (issue 11), a harness run by hand, not a test:
 *
 * <ul>
 *   <li>API read latency: {@code --clients} closed-loop clients ({@link ReadLoad}: each one
 *       blocking keep-alive HTTP/1.1 connection, in a JVM of their own unless {@code --load same})
 *       alternate {@code GET /api/v1/runs?limit=50} and {@code GET /health} against a server
 *       holding {@code --runs} stored runs, so the baseline is measured under the same load in the
 *       same run; p50/p99 of each, their ratio, the request rate and the CPU time the server and
 *       the clients spent;
 *   <li>submit → first activity started: {@code POST /api/v1/runs} of a one-activity experiment,
 *       until the run's {@code activity_started} event (server wall clock; same host), p50/p99;
 *   <li>halt → 20 active {@code file-move} faults reverted ({@code --halts} trials), p50/p99;
 *   <li>heap of the server process (this JVM, so an upper bound) with the stored runs and
 *       {@code --clients} SSE subscribers on a live run, after a full GC.
 * </ul>
 *
 * The stored runs are inserted with one JDBI batch before the server starts (10,000 through the
 * API would execute 10,000 runs). Embedded H2 in a temporary directory by default;
 * {@code --database-url jdbc:postgresql://…} with FAULTLINE_DB_USER/FAULTLINE_DB_PASSWORD for PostgreSQL, or
 * {@code --postgres true} for a throwaway local PostgreSQL ({@code RealPostgres}: initdb, fsync=off).
 *
 * <pre>
 * mvn -o -q -pl faultline-server -am test-compile
 * java -Xmx512m -cp "faultline-server/target/test-classes:faultline-server/target/classes:$(cat cp.txt)" \
 *   dev.faultline.server.bench.ControlPlaneBenchmark [--runs 10000] [--clients 100] [--requests 20] [--submits 20] [--halts 20]
 *   [--only read] [--warmup 300] [--load process|same] [--postgres true]
 * </pre>
 */
public final class ControlPlaneBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "flt_bench_admin_token_0123456789abcdef";

  private ControlPlaneBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    int runs = Integer.parseInt(a.getOrDefault("--runs", "10000"));
    int clients = Integer.parseInt(a.getOrDefault("--clients", "100"));
    int requests = Integer.parseInt(a.getOrDefault("--requests", "20"));
    int submits = Integer.parseInt(a.getOrDefault("--submits", "20"));
    String databaseUrl = a.get("--database-url");
    Path dir = Files.createTempDirectory("faultline-bench");
    Map<String, String> env = System.getenv();
    dev.faultline.server.RealPostgres postgres = null;
    Path pgDir = null;
    if ("true".equals(a.get("--postgres"))) {
      // A throwaway PostgreSQL (Debian's packages): initdb in a temporary directory, fsync=off, loopback.
      pgDir = Files.createTempDirectory("faultline-bench-pg"); // its own: PostgreSQL's user must reach it
      postgres = dev.faultline.server.RealPostgres.start(pgDir);
      databaseUrl = postgres.url();
      env = postgres.env();
    }
    Path tokenFile = Files.writeString(dir.resolve("admin.token"), ADMIN);
    ServerConfig config = ServerConfig.defaults(0, dir.resolve("data")).withAdminTokenFile(tokenFile)
        .withDatabaseUrl(databaseUrl);
    System.out.printf(Locale.ROOT, "database: %s; %d stored runs, %d clients x %d requests per route, %d submits; "
        + "%d cores%n", databaseUrl == null ? "embedded H2" : databaseUrl, runs, clients, requests, submits,
        Runtime.getRuntime().availableProcessors());
    long seedStart = System.nanoTime();
    seed(DatabaseLocation.resolve(config.dataDir(), databaseUrl, env), runs);
    System.out.printf(Locale.ROOT, "seeded %d runs in %.1f s%n", runs, (System.nanoTime() - seedStart) / 1e9);
    try (FaultlineServer server = FaultlineServer.start(config, new PrintWriter(System.out, true), env)) {
      URI base = server.baseUri();
      readLatency(base, clients, requests, Integer.parseInt(a.getOrDefault("--warmup", "300")),
          !"same".equals(a.getOrDefault("--load", "process")));
      if ("read".equals(a.get("--only"))) {
        return;
      }
      submitToFirstActivity(base, submits);
      heapWithSubscribers(base, clients);
      haltRevertsFaults(base, dir, Integer.parseInt(a.getOrDefault("--halts", "20")));
    } finally {
      if (postgres != null) {
        postgres.close();
        try (Stream<Path> files = Files.walk(pgDir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Inserts {@code n} ended runs with a small journal, in batches of 1,000. */
  private static void seed(DatabaseLocation location, int n) {
    String journal = "{\"status\":\"completed\",\"run\":[" + "{\"activity\":{\"name\":\"x\"},\"status\":\"succeeded\"},"
        .repeat(20) + "{}]}";
    long now = System.currentTimeMillis();
    try (Database db = Database.open(location)) {
      for (int from = 0; from < n; from += 1000) {
        int start = from;
        db.jdbi().useTransaction(h -> {
          PreparedBatch b = h.prepareBatch("INSERT INTO runs (id, title, status, deviated, verdict, submitted_by, "
              + "submitted_ms, started_ms, ended_ms, owner, syntax, source, options, journal) VALUES (:id, :title, "
              + ":status, false, :status, 'bench', :ms, :ms, :ms, 'bench', 'json', '{}', '{}', :journal)");
          for (int i = start; i < Math.min(n, start + 1000); i++) {
            b.bind("id", String.format(Locale.ROOT, "run_bench%011d", i)).bind("title", "bench run " + i)
                .bind("status", i % 10 == 0 ? "failed" : "completed").bind("ms", now - (n - i) * 1000L)
                .bind("journal", journal).add();
          }
          b.execute();
        });
      }
    }
  }

  /**
   * Read latency under {@code clients} closed-loop clients ({@link ReadLoad}): by default in a JVM
   * of its own ({@code --load process}), so this JVM only serves and the CPU each side spends is
   * known; {@code --load same} runs the clients on threads of this JVM.
   */
  private static void readLatency(URI base, int clients, int requests, int warmup, boolean separate) throws Exception {
    long cpuStart = 0;
    long cpuEnd = 0;
    // The JIT compiler's time while measured: well above 0, the server was still warming up.
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    long jitStartMs = 0;
    long jitEndMs = 0;
    ReadLoad.Result r;
    if (separate) {
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
          System.getProperty("java.class.path"), ReadLoad.class.getName(), "--base", base.toString(),
          "--clients", String.valueOf(clients), "--requests", String.valueOf(requests),
          "--warmup", String.valueOf(warmup), "--await-go", "true").redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("FAULTLINE_TOKEN", ADMIN);
      Process p = pb.start();
      String result = null;
      try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
          p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("warm")) {
            goWhenJitQuiet(p, jit);
          } else if (line.equals("measure-start")) {
            cpuStart = ReadLoad.cpuNanos();
            jitStartMs = jit.getTotalCompilationTime();
          } else if (line.equals("measure-end")) {
            cpuEnd = ReadLoad.cpuNanos();
            jitEndMs = jit.getTotalCompilationTime();
          } else if (line.startsWith("result ")) {
            result = line.substring(7);
          } else {
            System.out.println("load: " + line);
          }
        }
      }
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        p.destroyForcibly();
        throw new IllegalStateException("the load process failed (exit " + (p.isAlive() ? "none" : p.exitValue())
            + "); its errors are above");
      }
      r = JSON.readValue(result, ReadLoad.Result.class);
    } else {
      cpuStart = ReadLoad.cpuNanos();
      r = ReadLoad.run(base, ADMIN, clients, requests, warmup, 50);
      cpuEnd = ReadLoad.cpuNanos();
    }
    System.out.printf(Locale.ROOT, "load: %d closed-loop clients in %s, one keep-alive connection each (%d opened), "
        + "%d warm-up pairs each%n", clients, separate ? "a separate JVM" : "this JVM", r.connects(), warmup);
    System.out.printf(Locale.ROOT, "GET /api/v1/runs?limit=50: n=%d p50 %.2f ms p99 %.2f ms max %.1f ms (%d bytes)%n",
        r.runsN(), r.runsP50Ms(), r.runsP99Ms(), r.runsMaxMs(), r.runsBytes());
    System.out.printf(Locale.ROOT, "GET /health (baseline):     n=%d p50 %.2f ms p99 %.2f ms max %.1f ms (%d bytes)%n",
        r.healthN(), r.healthP50Ms(), r.healthP99Ms(), r.healthMaxMs(), r.healthBytes());
    int total = r.runsN() + r.healthN();
    System.out.printf(Locale.ROOT, "ratio runs/health: p50 %.1fx p99 %.1fx; %.0f requests/s overall over %.1f s%n",
        r.runsP50Ms() / r.healthP50Ms(), r.runsP99Ms() / r.healthP99Ms(), r.requestsPerSecond(), r.seconds());
    if (separate) {
      double serverCpu = (cpuEnd - cpuStart) / 1e9;
      System.out.printf(Locale.ROOT, "CPU while measured: server %.2f s (%.0f us/request, %.2f cores; JIT %.2f s), "
          + "clients %.2f s (%.0f us/request)%n", serverCpu, serverCpu * 1e6 / total, serverCpu / r.seconds(),
          (jitEndMs - jitStartMs) / 1e3, r.clientCpuSeconds(), r.clientCpuSeconds() * 1e6 / total);
    } else {
      System.out.printf(Locale.ROOT, "CPU while measured (server and clients): %.2f s (%.0f us/request)%n",
          (cpuEnd - cpuStart) / 1e9, (cpuEnd - cpuStart) / 1e3 / total);
    }
  }

  /**
   * Tells the load process to start measuring once this JVM's JIT compiler has gone quiet (under
   * 150 ms of compilation in 2.5 s), at most 60 s after the warm-up: a server runs for days,
   * its steady state is what is measured, and on 2 shared cores C2 kept compiling Jetty, Javalin
   * and H2 paths for tens of seconds, taking CPU from the requests.
   */
  private static void goWhenJitQuiet(Process load, java.lang.management.CompilationMXBean jit) {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
      try {
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
          window.addLast(jit.getTotalCompilationTime());
          if (window.size() > 6) {
            window.removeFirst();
          }
          if (window.size() == 6 && window.getLast() - window.getFirst() < 150) {
            break;
          }
          Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "load: warmed up %.0f s more until the JIT went quiet%n",
            (System.nanoTime() - start) / 1e9);
        load.getOutputStream().write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        load.getOutputStream().flush();
      } catch (java.io.IOException | InterruptedException e) {
        load.destroyForcibly();
      }
    }, "jit-watch");
    t.setDaemon(true);
    t.start();
  }

  private static void submitToFirstActivity(URI base, int submits) throws Exception {
    HttpClient http = client();
    String body = JSON.writeValueAsString(Map.of("source", "{\"title\": \"bench\", \"description\": \"d\", \"method\": "
        + "[{\"type\": \"action\", \"name\": \"nothing\", \"provider\": {\"type\": \"process\", \"path\": \"true\"}}]}",
        "syntax", "json"));
    List<Long> latenciesUs = new ArrayList<>();
    for (int i = 0; i < submits + 3; i++) {
      Instant t0 = Instant.now();
      HttpResponse<String> r = http.send(request(base, "/api/v1/runs").POST(HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("submit: " + r.statusCode() + " " + r.body());
      }
      String id = (String) map(r.body()).get("id");
      Instant started = null;
      HttpResponse<Stream<String>> events = http.send(request(base, "/api/v1/runs/" + id + "/events").GET().build(),
          HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = events.body()) {
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.startsWith("data: ") && line.contains("\"event\":\"activity_started\"") && started == null) {
            started = Instant.parse((String) map(line.substring(6)).get("time"));
          }
          if (line.startsWith("event: end")) {
            break;
          }
        }
      }
      if (started == null) {
        throw new IllegalStateException("run " + id + " had no activity_started event");
      }
      if (i >= 3) { // the first submits warm up the engine and the process provider
        latenciesUs.add(Duration.between(t0, started).toNanos() / 1000);
      }
    }
    Stats s = Stats.of(latenciesUs.stream().map(us -> us * 1000).toList());
    System.out.printf(Locale.ROOT, "submit -> first activity started: n=%d p50 %.1f ms p99 %.1f ms max %.1f ms%n",
        s.n(), s.p50Ms(), s.p99Ms(), s.maxMs());
  }

  private static void heapWithSubscribers(URI base, int subscribers) throws Exception {
    HttpClient http = client();
    String body = JSON.writeValueAsString(Map.of("source", "{\"title\": \"long\", \"description\": \"d\", \"method\": "
        + "[{\"type\": \"action\", \"name\": \"wait\", \"provider\": {\"type\": \"process\", \"path\": \"true\"}, "
        + "\"pauses\": {\"after\": 60}}]}", "syntax", "json"));
    HttpResponse<String> r = http.send(request(base, "/api/v1/runs").POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    String id = (String) map(r.body()).get("id");
    List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      streams.add(client().send(request(base, "/api/v1/runs/" + id + "/events").GET().build(),
          HttpResponse.BodyHandlers.ofLines()));
    }
    Thread.sleep(1000);
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "heap used after GC with the stored runs and %d SSE subscribers: %.0f MB "
        + "(server and benchmark clients in one JVM: an upper bound)%n", streams.size(),
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    http.send(request(base, "/api/v1/runs/" + id + "/abort").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    streams.forEach(s -> s.body().close());
  }

  /**
   * Halt → every fault of 20 active local faults reverted: a run applies 20 {@code file-move}
   * faults (20 files moved away) and pauses; {@code POST /api/v1/halt}; the time until all 20
   * files are back, seen by this process polling them. Then an admin resumes for the next trial.
   */
  private static void haltRevertsFaults(URI base, Path dir, int trials) throws Exception {
    HttpClient http = client();
    List<Path> files = new ArrayList<>();
    StringBuilder method = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      Path f = dir.resolve("victim-" + i + ".txt");
      files.add(f);
      method.append("{\"type\": \"action\", \"name\": \"hide-").append(i).append("\", \"provider\": {\"type\": \"fault\", "
          + "\"fault\": \"file-move\", \"parameters\": {\"path\": \"").append(f).append("\"}}},");
    }
    method.append("{\"type\": \"action\", \"name\": \"wait\", \"provider\": {\"type\": \"process\", "
        + "\"path\": \"true\"}, \"pauses\": {\"after\": 120}}");
    String body = JSON.writeValueAsString(Map.of("source", "{\"title\": \"20 faults\", \"description\": \"d\", "
        + "\"method\": [" + method + "]}", "syntax", "json"));
    List<Long> revertNs = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      for (Path f : files) {
        Files.writeString(f, "x");
      }
      HttpResponse<String> r = http.send(request(base, "/api/v1/runs").POST(HttpRequest.BodyPublishers.ofString(body))
          .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("submit: " + r.statusCode() + " " + r.body());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (files.stream().anyMatch(Files::exists) || !waiting(http, base, (String) map(r.body()).get("id"))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the 20 faults were not applied within 60 s");
        }
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      java.util.concurrent.CompletableFuture<HttpResponse<String>> halt = http.sendAsync(request(base, "/api/v1/halt")
          .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"bench\"}")).header("Content-Type", "application/json")
          .build(), HttpResponse.BodyHandlers.ofString());
      while (!files.stream().allMatch(Files::exists)) {
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
          throw new IllegalStateException("halt did not revert the 20 faults within 30 s; run: " + http.send(request(
              base, "/api/v1/runs/" + map(r.body()).get("id")).GET().build(), HttpResponse.BodyHandlers.ofString()).body()
              + "; halt: " + (halt.isDone() ? halt.get().body() : "(no answer yet)") + "; missing: "
              + files.stream().filter(f -> !Files.exists(f)).toList());
        }
        Thread.sleep(1);
      }
      revertNs.add(System.nanoTime() - t0);
      halt.get(30, TimeUnit.SECONDS);
      http.send(request(base, "/api/v1/halt").DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }
    Stats s = Stats.of(revertNs);
    System.out.printf(Locale.ROOT, "halt -> 20 active faults reverted: n=%d p50 %.1f ms p99 %.1f ms max %.1f ms%n",
        s.n(), s.p50Ms(), s.p99Ms(), s.maxMs());
  }

  /** Whether the run has reached its pause (its 20 faults applied). */
  private static boolean waiting(HttpClient http, URI base, String runId) throws Exception {
    HttpResponse<String> r = http.send(request(base, "/api/v1/runs/" + runId).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body().split("\"state\":\"applied\"", -1).length - 1 == 20;
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpRequest.Builder request(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + ADMIN);
  }

  /** One GET; its latency in nanoseconds (the body read completely); a non-200 answer stops the benchmark. */
  private static long send(HttpClient http, URI base, String path) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = http.send(request(base, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    long ns = System.nanoTime() - t0;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + r.statusCode() + " " + new String(r.body()));
    }
    return ns;
  }

  private static Map<String, Object> map(String json) throws Exception {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      m.put(args[i], args[i + 1]);
    }
    return m;
  }

  /** Percentiles of nanosecond samples. */
  private record Stats(int n, double p50Ms, double p99Ms, double maxMs) {
    static Stats of(List<Long> ns) {
      List<Long> sorted = new ArrayList<>(ns);
      Collections.sort(sorted);
      return new Stats(sorted.size(), at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double q) {
      int i = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }
  }
}
