package dev.faultline.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The read-latency load generator of {@link ControlPlaneBenchmark}, meant to run in a JVM of its
 * own (the server's JVM then does nothing but serve): {@code --clients} threads, each with one
 * blocking keep-alive HTTP/1.1 connection ({@link KeepAliveHttp}), closed loop (a client sends
 * its next request when the previous answer is completely read), alternating
 * {@code GET /api/v1/runs?limit=50} and {@code GET /health} so both routes are measured under the
 * same load in the same run. Every answer must be 200 with a complete body that ends the JSON
 * object; every 50th answer of each route is parsed and checked (50 runs; status ok).
 *
 * <p>Prints {@code warm} when every client has done its warm-up (with {@code --await-go true} they
 * go on warming up until a line {@code go} arrives on stdin), {@code measure-start} and {@code measure-end} lines when the timed phase begins and
 * ends (so the server's process can take its CPU time at the same moments), then one JSON line
 * {@code result {...}} with the percentiles, the request rate and this process's CPU seconds.
 *
 * <pre>
 * FAULTLINE_TOKEN=flt_… java -cp … dev.faultline.server.bench.ReadLoad --base http://127.0.0.1:8080
 *   [--clients 100] [--requests 20] [--warmup 300] [--limit 50] [--await-go true]
 * </pre>
 */
public final class ReadLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReadLoad() {}

  /** What one run of the load measured; latencies in milliseconds. */
  record Result(int clients, int runsN, double runsP50Ms, double runsP99Ms, double runsMaxMs, int healthN,
      double healthP50Ms, double healthP99Ms, double healthMaxMs, double requestsPerSecond, double seconds,
      double clientCpuSeconds, int connects, int runsBytes, int healthBytes) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    URI base = URI.create(a.getOrDefault("--base", "http://127.0.0.1:8080"));
    String token = System.getenv("FAULTLINE_TOKEN");
    if (token == null || token.isBlank()) {
      System.err.println("set FAULTLINE_TOKEN to a viewer (or higher) token of the server");
      System.exit(2);
    }
    int clients = Integer.parseInt(a.getOrDefault("--clients", "100"));
    int requests = Integer.parseInt(a.getOrDefault("--requests", "20"));
    int warmup = Integer.parseInt(a.getOrDefault("--warmup", "300"));
    int limit = Integer.parseInt(a.getOrDefault("--limit", "50"));
    // --await-go: after the warm-up, keep warming up until a line "go" arrives on stdin (the benchmark
    // sends it when the server's JIT compiler has gone quiet: its steady state is what is measured).
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    if ("true".equals(a.get("--await-go"))) {
      Thread reader = new Thread(() -> {
        try {
          java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
              StandardCharsets.UTF_8));
          for (String line; (line = in.readLine()) != null; ) {
            if (line.strip().equals("go")) {
              break;
            }
          }
        } catch (java.io.IOException e) {
          // stdin closed: go
        }
        go.countDown();
      }, "await-go");
      reader.setDaemon(true);
      reader.start();
    } else {
      go.countDown();
    }
    Result r = run(base, token.strip(), clients, requests, warmup, limit, go);
    System.out.println("result " + JSON.writeValueAsString(r));
    System.out.flush();
  }

  static Result run(URI base, String token, int clients, int requests, int warmup, int limit) throws Exception {
    return run(base, token, clients, requests, warmup, limit, new java.util.concurrent.CountDownLatch(0));
  }

  /** As above; after {@code warmup} pairs each client keeps warming up until {@code go} opens. */
  static Result run(URI base, String token, int clients, int requests, int warmup, int limit,
      java.util.concurrent.CountDownLatch go) throws Exception {
    java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(clients);
    Thread announce = new Thread(() -> {
      try {
        warm.await();
        System.out.println("warm");
        System.out.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "announce-warm");
    announce.setDaemon(true);
    announce.start();
    byte[] runsPath = ("/api/v1/runs?limit=" + limit).getBytes(StandardCharsets.US_ASCII);
    byte[] healthPath = "/health".getBytes(StandardCharsets.US_ASCII);
    long[][] runsNs = new long[clients][requests];
    long[][] healthNs = new long[clients][requests];
    int[] connects = new int[clients];
    int[] sizes = new int[2];
    long[] marks = new long[4]; // wall start, cpu start, wall end, cpu end
    CyclicBarrier start = new CyclicBarrier(clients, () -> {
      marks[0] = System.nanoTime();
      marks[1] = cpuNanos();
      System.out.println("measure-start");
      System.out.flush();
    });
    CyclicBarrier end = new CyclicBarrier(clients, () -> {
      marks[2] = System.nanoTime();
      marks[3] = cpuNanos();
      System.out.println("measure-end");
      System.out.flush();
    });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        try (KeepAliveHttp http = new KeepAliveHttp(base, token)) {
          // Warm-up on every connection: the JIT, the server's pools and caches, all connections open.
          for (int i = 0; i < warmup; i++) {
            timed(http, runsPath, limit, i % 50 == 0);
            timed(http, healthPath, -1, i % 50 == 0);
          }
          warm.countDown();
          for (int i = 0; go.getCount() > 0; i++) {
            timed(http, runsPath, limit, i % 50 == 0);
            timed(http, healthPath, -1, i % 50 == 0);
          }
          start.await(5, TimeUnit.MINUTES);
          for (int i = 0; i < requests; i++) {
            // Alternating, and starting at different routes, keeps both routes under the same load.
            boolean runsFirst = (i + id) % 2 == 0;
            boolean check = (i + id) % 50 == 0;
            long first = timed(http, runsFirst ? runsPath : healthPath, runsFirst ? limit : -1, check);
            long second = timed(http, runsFirst ? healthPath : runsPath, runsFirst ? -1 : limit, check);
            runsNs[id][i] = runsFirst ? first : second;
            healthNs[id][i] = runsFirst ? second : first;
          }
          end.await(10, TimeUnit.MINUTES);
          // The body sizes, for the record.
          if (id == 0) {
            timed(http, runsPath, limit, false);
            sizes[0] = http.bodyLength();
            timed(http, healthPath, -1, false);
            sizes[1] = http.bodyLength();
          }
          connects[id] = http.connects();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          start.reset();
          end.reset();
        }
      }, "load-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(15));
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the load failed: " + failure.get(), failure.get());
    }
    double seconds = (marks[2] - marks[0]) / 1e9;
    long[] runs = flatten(runsNs);
    long[] health = flatten(healthNs);
    return new Result(clients, runs.length, pct(runs, 0.50), pct(runs, 0.99), runs[runs.length - 1] / 1e6,
        health.length, pct(health, 0.50), pct(health, 0.99), health[health.length - 1] / 1e6,
        (runs.length + health.length) / seconds, seconds, (marks[3] - marks[1]) / 1e9,
        Arrays.stream(connects).sum(), sizes[0], sizes[1]);
  }

  /**
   * One GET, timed from the first byte written to the last byte of the body read; anything but a
   * complete 200 JSON object stops the benchmark. {@code expectRuns} is the run count a checked
   * runs page must have (-1: the health answer).
   */
  private static long timed(KeepAliveHttp http, byte[] path, int expectRuns, boolean check) throws Exception {
    long t0 = System.nanoTime();
    int status = http.get(path);
    long ns = System.nanoTime() - t0;
    String p = new String(path, StandardCharsets.US_ASCII);
    if (status != 200) {
      throw new IllegalStateException("GET " + p + " answered " + status + ": " + http.bodyText());
    }
    byte[] b = http.body();
    int n = http.bodyLength();
    int last = n - 1;
    while (last >= 0 && (b[last] == '\n' || b[last] == '\r' || b[last] == ' ')) {
      last--;
    }
    if (n == 0 || b[0] != '{' || last < 0 || b[last] != '}') {
      throw new IllegalStateException("GET " + p + ": not a complete JSON object (" + n + " bytes)");
    }
    if (check) {
      JsonNode json = JSON.readTree(b, 0, n);
      if (expectRuns >= 0 && json.path("runs").size() != expectRuns) {
        throw new IllegalStateException("GET " + p + ": expected " + expectRuns + " runs, got "
            + json.path("runs").size());
      }
      if (expectRuns < 0 && !"ok".equals(json.path("status").asText())) {
        throw new IllegalStateException("GET " + p + ": status is not ok: " + http.bodyText());
      }
    }
    return ns;
  }

  private static long[] flatten(long[][] perClient) {
    long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }

  private static double pct(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /** This process's CPU time (user + system, every thread). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String format(Result r) {
    return String.format(Locale.ROOT, "%d clients, %.0f requests/s over %.1f s", r.clients(), r.requestsPerSecond(),
        r.seconds());
  }
}
