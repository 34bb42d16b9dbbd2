package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.engine.python.PythonBridge;
import dev.faultline.engine.python.PythonFunctions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prometheus provider and the chaosprometheus stand-ins against the real Prometheus server
 * (Debian package {@code prometheus}), which scrapes a metrics endpoint served by this test.
 */
class PrometheusIntegrationTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  private static HttpServer metrics;
  private static Process prometheus;
  private static String baseUrl;

  private final PrometheusProvider provider = new PrometheusProvider();
  private final PythonProvider python =
      new PythonProvider(PythonFunctions.installed(), new PythonBridge(Optional.empty()));

  @BeforeAll
  static void startPrometheus() throws Exception {
    if (!Files.isExecutable(PROMETHEUS)) {
      String message = PROMETHEUS + " is missing; install the Debian package: apt-get install -y prometheus";
      if ("1".equals(System.getenv("FAULTLINE_REQUIRE_PROMETHEUS"))) {
        fail(message + " (FAULTLINE_REQUIRE_PROMETHEUS=1 requires it)");
      }
      assumeTrue(false, message);
    }
    metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    metrics.createContext("/metrics", exchange -> {
      byte[] body = "# TYPE demo_orders_total counter\ndemo_orders_total 42\n".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    metrics.start();

    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: demo
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(metrics.getAddress().getPort()));
    int port = freePort();
    baseUrl = "http://127.0.0.1:" + port;
    Path log = dir.resolve("prometheus.log");
    // Its own port and data directory, so a Prometheus started by the Debian service never collides.
    prometheus = new ProcessBuilder(PROMETHEUS.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    awaitFirstSample(log);
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (metrics != null) {
      metrics.stop(0);
    }
  }

  private static void awaitFirstSample(Path log) throws Exception {
    PrometheusClient client = new PrometheusClient(baseUrl, true);
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        fail("prometheus exited with " + prometheus.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        PrometheusClient.Answer answer = client.query(Map.of("query", "demo_orders_total"),
            Optional.of(Duration.ofSeconds(2)));
        last = answer.body();
        if (answer.status() == 200 && !JsonPath.<List<?>>read(answer.body(), "$.data.result").isEmpty()) {
          return;
        }
      } catch (ActivityFailedException notUpYet) {
        last = notUpYet.getMessage();
      }
      Thread.sleep(250);
    }
    fail("prometheus had no sample of demo_orders_total within " + STARTUP_LIMIT + "; last answer: " + last
        + "\nlog:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static RunContext configured() {
    return SimpleRunContext.withConfiguration(Map.of(PrometheusClient.BASE_URL_KEY, baseUrl));
  }

  @Test
  void instantQueryReturnsPrometheusAnswer() throws Exception {
    Object output = provider.run(Map.of("url", baseUrl, "query", "demo_orders_total", "timeout", 5),
        SimpleRunContext.empty());

    assertThat(JsonPath.<String>read(output, "$.status")).isEqualTo("success");
    assertThat(JsonPath.<String>read(output, "$.data.resultType")).isEqualTo("vector");
    assertThat(JsonPath.<String>read(output, "$.data.result[0].value[1]")).isEqualTo("42");
    assertThat(JsonPath.<String>read(output, "$.data.result[0].metric.job")).isEqualTo("demo");
  }

  @Test
  void baseUrlComesFromTheConfigurationAndTimeMayBeRelative() throws Exception {
    Object now = provider.run(Map.of("query", "demo_orders_total", "time", "now"), configured());
    Object dayAgo = provider.run(Map.of("query", "demo_orders_total", "time", "1 day ago"), configured());

    assertThat(JsonPath.<List<?>>read(now, "$.data.result")).hasSize(1);
    assertThat(JsonPath.<List<?>>read(dayAgo, "$.data.result")).as("no data a day before the server started").isEmpty();
  }

  @Test
  void rangeQueryReturnsAMatrix() throws Exception {
    Object output = provider.run(Map.of("url", baseUrl, "query", "demo_orders_total",
        "start", "2 minutes ago", "end", "now", "step", 1), SimpleRunContext.empty());

    assertThat(JsonPath.<String>read(output, "$.data.resultType")).isEqualTo("matrix");
    List<String> values = JsonPath.read(output, "$.data.result[0].values[*][1]");
    assertThat(values).isNotEmpty().containsOnly("42");
  }

  @Test
  void aBadQueryFailsWithPrometheusError() {
    assertThatThrownBy(() -> provider.run(Map.of("url", baseUrl, "query", "sum("), SimpleRunContext.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessageStartingWith("Prometheus query \"sum(\" failed with HTTP 400: bad_data: ");
  }

  @Test
  void chaosPrometheusQueryStandInReturnsTheRawAnswer() throws Exception {
    Object output = python.run(Map.of("module", "chaosprometheus.probes", "func", "query",
        "arguments", Map.of("query", "demo_orders_total", "when", "now", "timeout", 5)), configured());

    assertThat(JsonPath.<String>read(output, "$.data.result[0].value[1]")).isEqualTo("42");
    // The filter the community-playground rollout experiments use as a tolerance.
    assertThat(JsonPath.<List<?>>read(output, "$.data.result.*[?(@.value[1]!=\"0\")]")).hasSize(1);
  }

  @Test
  void chaosPrometheusQueryIntervalStandInReturnsTheRawAnswer() throws Exception {
    Object output = python.run(Map.of("module", "chaosprometheus.probes", "func", "query_interval",
        "arguments", Map.of("query", "demo_orders_total", "start", "1 minute ago", "end", "now", "step", 1)),
        configured());

    assertThat(JsonPath.<String>read(output, "$.data.resultType")).isEqualTo("matrix");
    assertThat(JsonPath.<List<String>>read(output, "$.data.result[0].values[*][1]")).isNotEmpty().containsOnly("42");
  }

  @Test
  void chaosPrometheusStandInFailsLikeChaosPrometheus() {
    assertThatThrownBy(() -> python.run(Map.of("module", "chaosprometheus.probes", "func", "query",
        "arguments", Map.of("query", "sum(")), configured()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessageStartingWith("Prometheus query {'query': 'sum('} failed: {\"status\":\"error\",\"errorType\":\"bad_data\"");
    assertThatThrownBy(() -> python.run(Map.of("module", "chaosprometheus.probes", "func", "query_interval",
        "arguments", Map.of("query", "up", "start", "the dawn of time", "end", "now")), configured()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessageStartingWith("failed to parse 'the dawn of time'");
  }
}
