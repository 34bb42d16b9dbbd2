package dev.faultline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * The demo's real detection path, when the Debian packages {@code prometheus} and
 * {@code prometheus-alertmanager} are installed: a Prometheus scraping the storefront every second
 * with the rule {@value #ALERT} (p99 order latency above 100 ms for 1 s), an Alertmanager posting
 * to the demo server's webhook. Both run on free loopback ports with their data in the demo's
 * temporary directory and are killed by {@link #close}.
 */
final class DemoDetection implements AutoCloseable {
  static final String ALERT = "DemoOrdersSlow";
  static final String SERVICE = "faultline-demo-storefront";
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(20);
  private final List<Process> processes = new ArrayList<>();

  private DemoDetection() {}

  /** Whether both binaries are there. */
  static boolean available() {
    return Files.isExecutable(PROMETHEUS) && Files.isExecutable(ALERTMANAGER);
  }

  /** How to get them, for the summary when they are not there. */
  static String howToGet() {
    return "install Prometheus and Alertmanager (Debian/Ubuntu: apt-get install -y prometheus prometheus-alertmanager) "
        + "and run 'faultline demo --server' again to see the time to detect and to recover";
  }

  /**
   * Starts both; Prometheus scrapes {@code storefront} ({@code host:port}), Alertmanager posts to
   * {@code webhookUrl} with {@code token}.
   */
  static DemoDetection start(Path dir, String storefront, String webhookUrl, String token)
      throws IOException, InterruptedException {
    int amPort = freePort();
    int promPort = freePort();
    Path am = Files.createDirectories(dir.resolve("alertmanager"));
    Path prom = Files.createDirectories(dir.resolve("prometheus"));
    Files.writeString(am.resolve("alertmanager.yml"), """
        route: {receiver: faultline, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h}
        receivers:
          - name: faultline
            webhook_configs:
              - url: '%s'
                send_resolved: true
                http_config: {authorization: {type: Bearer, credentials: '%s'}}
        """.formatted(webhookUrl, token));
    Files.writeString(prom.resolve("rules.yml"), """
        groups:
          - name: faultline-demo
            interval: 1s
            rules:
              - alert: %s
                expr: faultline_demo_order_latency_seconds{quantile="0.99"} > 0.1
                for: 1s
                labels: {service: %s}
        """.formatted(ALERT, SERVICE));
    Files.writeString(prom.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ['%s']
        alerting: {alertmanagers: [{static_configs: [{targets: ['127.0.0.1:%d']}]}]}
        scrape_configs: [{job_name: storefront, static_configs: [{targets: ['%s']}]}]
        """.formatted(prom.resolve("rules.yml"), amPort, storefront));
    DemoDetection d = new DemoDetection();
    try {
      d.spawn(am, ALERTMANAGER.toString(), "--config.file=" + am.resolve("alertmanager.yml"),
          "--storage.path=" + am.resolve("data"), "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=");
      d.spawn(prom, PROMETHEUS.toString(), "--config.file=" + prom.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + prom.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort);
      d.awaitReady("http://127.0.0.1:" + amPort + "/-/ready", am);
      d.awaitReady("http://127.0.0.1:" + promPort + "/-/ready", prom);
      // The time to detect should not include Prometheus's start: wait (bounded) for its first scrape.
      d.awaitReady("http://127.0.0.1:" + promPort + "/api/v1/query?query=faultline_demo_orders_total", prom,
          "faultline_demo_orders_total");
      return d;
    } catch (IOException | InterruptedException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private void spawn(Path dir, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile()).start());
  }

  private void awaitReady(String url, Path dir) throws IOException, InterruptedException {
    awaitReady(url, dir, null);
  }

  /** Waits until {@code url} answers 200 (and its body contains {@code mustContain}, when given). */
  private void awaitReady(String url, Path dir, String mustContain) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && (mustContain == null || r.body().contains("\"" + mustContain + "\""))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException("it exited; see " + dir.resolve("output.log"));
        }
      }
      Thread.sleep(100);
    }
    throw new IOException(url + " was not ready within " + STARTUP_LIMIT.toSeconds() + " s; see "
        + dir.resolve("output.log"));
  }

  /** Waits (bounded) for the run's alert to be all clear, then prints time to detect and to recover. */
  static void printResponse(ServerClient client, String runId, PrintWriter out) {
    Map<String, Object> response = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    try {
      do {
        response = client.get("/api/v1/runs/" + runId + "/response");
        if (milestoneAt(response, "all_clear") != null || milestoneAt(response, "alert_firing") == null
            && System.nanoTime() > deadline - Duration.ofSeconds(5).toNanos()) {
          break;
        }
        Thread.sleep(250);
      } while (System.nanoTime() < deadline);
    } catch (ServerClient.Failure e) {
      out.println("Response: could not be read: " + e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) response.get("durations");
    out.println("Response: time to detect " + seconds(d.get("time_to_detect_ms")) + " (Prometheus alert " + ALERT
        + "), time to recover " + seconds(d.get("time_to_recover_ms")) + ", all clear "
        + seconds(d.get("time_to_all_clear_ms")) + " after the revert");
    out.println("          " + response.get("verdict"));
  }

  private static Object milestoneAt(Map<String, Object> response, String name) {
    if (response.get("milestones") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && name.equals(m.get("name"))) {
          return m.get("at");
        }
      }
    }
    return null;
  }

  private static String seconds(Object ms) {
    return ms instanceof Number n ? String.format(java.util.Locale.ROOT, "%.1f s", n.doubleValue() / 1000) : "missing";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
