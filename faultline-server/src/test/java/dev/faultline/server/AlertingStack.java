package dev.faultline.server;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus and Alertmanager (Debian packages {@code prometheus} and
 * {@code prometheus-alertmanager}) on free loopback ports with their data in a temporary
 * directory: Prometheus scrapes one target every second and evaluates one alerting rule every
 * second; Alertmanager posts to a webhook URL with a bearer token, grouping by alert name with
 * 1 s waits. {@link #close} kills both.
 */
final class AlertingStack implements AutoCloseable {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
  private final List<Process> processes = new ArrayList<>();
  final String prometheusUrl;
  final String alertmanagerUrl;

  private AlertingStack(String prometheusUrl, String alertmanagerUrl) {
    this.prometheusUrl = prometheusUrl;
    this.alertmanagerUrl = alertmanagerUrl;
  }

  /** Skips the test (or fails it under FAULTLINE_REQUIRE_PROMETHEUS=1) when a binary is missing. */
  static void assumeInstalled() {
    for (Path p : List.of(PROMETHEUS, ALERTMANAGER)) {
      if (!Files.isExecutable(p)) {
        String message = p + " is missing; install the Debian packages: apt-get install -y prometheus "
            + "prometheus-alertmanager";
        if ("1".equals(System.getenv("FAULTLINE_REQUIRE_PROMETHEUS"))) {
          fail(message + " (FAULTLINE_REQUIRE_PROMETHEUS=1 requires it)");
        }
        assumeTrue(false, message);
      }
    }
  }

  /**
   * Starts both.
   *
   * @param dir a temporary directory for configuration and data
   * @param target {@code host:port} Prometheus scrapes ({@code /metrics}), as job {@code target}
   * @param rule the alerting rule, YAML under {@code rules:} (indented 6)
   * @param webhookUrl where Alertmanager posts
   * @param bearerToken the token it sends
   */
  static AlertingStack start(Path dir, String target, String rule, String webhookUrl, String bearerToken)
      throws Exception {
    int amPort = freePort();
    int promPort = freePort();
    Path amDir = Files.createDirectories(dir.resolve("alertmanager"));
    Files.writeString(amDir.resolve("alertmanager.yml"), """
        route:
          receiver: faultline
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: faultline
            webhook_configs:
              - url: '%s'
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: '%s'
        """.formatted(webhookUrl, bearerToken));
    Path promDir = Files.createDirectories(dir.resolve("prometheus"));
    Files.writeString(promDir.resolve("rules.yml"), """
        groups:
          - name: faultline-test
            interval: 1s
            rules:
        %s
        """.formatted(rule));
    Files.writeString(promDir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: ['%s']
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        scrape_configs:
          - job_name: target
            static_configs:
              - targets: ['%s']
        """.formatted(promDir.resolve("rules.yml"), amPort, target));
    AlertingStack stack = new AlertingStack("http://127.0.0.1:" + promPort, "http://127.0.0.1:" + amPort);
    try {
      stack.spawn(amDir, ALERTMANAGER.toString(), "--config.file=" + amDir.resolve("alertmanager.yml"),
          "--storage.path=" + amDir.resolve("data"), "--web.listen-address=127.0.0.1:" + amPort,
          "--cluster.listen-address=");
      stack.spawn(promDir, PROMETHEUS.toString(), "--config.file=" + promDir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort);
      stack.awaitReady(stack.alertmanagerUrl + "/-/ready", amDir);
      stack.awaitReady(stack.prometheusUrl + "/-/ready", promDir);
      return stack;
    } catch (Exception | AssertionError e) {
      stack.close();
      throw e;
    }
  }

  private void spawn(Path dir, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile()).start());
  }

  private void awaitReady(String url, Path dir) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new AssertionError("a process of the alerting stack exited (" + p.exitValue() + "): "
              + Files.readString(dir.resolve("output.log")));
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(url + " was not ready within " + STARTUP_LIMIT + ": "
        + Files.readString(dir.resolve("output.log")));
  }

  /** Queries Prometheus (instant query) and returns the raw JSON answer. */
  String query(String promql) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
        + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static int freePort() throws IOException {
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
