package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.core.experiment.ProviderSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpProvider provider = new HttpProvider();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private final CountDownLatch slowRequestArrived = new CountDownLatch(1);
  private final AtomicInteger statusCalls = new AtomicInteger();
  private HttpServer server;
  private ExecutorService serverThreads;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/echo", this::echo);
    server.createContext("/text-json", exchange -> {
      exchange.getResponseHeaders().add("x-request-ID", "first");
      exchange.getResponseHeaders().add("x-request-ID", "second");
      respond(exchange, 200, "application/json; charset=utf-8", "{\"a\": 1}");
    });
    server.createContext("/status/", exchange -> {
      statusCalls.incrementAndGet();
      int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
      respond(exchange, status, "text/plain", "status " + status);
    });
    server.createContext("/slow", exchange -> {
      slowRequestArrived.countDown();
      try {
        releaseSlow.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "text/plain", "late");
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    releaseSlow.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private void echo(HttpExchange exchange) throws IOException {
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("method", exchange.getRequestMethod());
    seen.put("query", exchange.getRequestURI().getRawQuery());
    seen.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
    seen.put("token", exchange.getRequestHeaders().getFirst("X-Token"));
    seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    respond(exchange, 200, "application/json", JSON.writeValueAsString(seen));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> run(Map<String, Object> properties) throws Exception {
    return (Map<String, Object>) provider.run(properties, SimpleRunContext.empty());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Map<String, Object> output) {
    return (Map<String, Object>) output.get("body");
  }

  @Test
  void getSendsArgumentsAsQueryString() throws Exception {
    Map<String, Object> output = run(Map.of("url", base + "/echo",
        "arguments", new LinkedHashMap<>(Map.of("city", "New York")), "headers", Map.of("X-Token", "s3cret")));

    assertThat(output.get("status")).isEqualTo(200);
    assertThat(body(output)).containsEntry("method", "GET")
        .containsEntry("query", "city=New+York")
        .containsEntry("token", "s3cret")
        .containsEntry("body", "");
  }

  @Test
  void getAppendsArgumentsToAQueryTheUrlAlreadyHas() throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("flag", true);
    arguments.put("ids", List.of(1, 2));
    arguments.put("skipped", null);

    Map<String, Object> output = run(Map.of("url", base + "/echo?x=1", "arguments", arguments));

    assertThat(body(output)).containsEntry("query", "x=1&flag=True&ids=1&ids=2");
  }

  @Test
  void postSendsJsonOnlyWhenContentTypeIsExactlyApplicationJson() throws Exception {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("name", "orders");
    arguments.put("replicas", 3);

    Map<String, Object> json = run(Map.of("url", base + "/echo", "method", "post",
        "headers", Map.of("content-type", "application/json"), "arguments", arguments));
    Map<String, Object> form = run(Map.of("url", base + "/echo", "method", "POST", "arguments", arguments));
    Map<String, Object> notExactlyJson = run(Map.of("url", base + "/echo", "method", "PUT",
        "headers", Map.of("Content-Type", "application/json; charset=utf-8"), "arguments", arguments));

    assertThat(body(json)).containsEntry("method", "POST")
        .containsEntry("contentType", "application/json")
        .containsEntry("body", "{\"name\":\"orders\",\"replicas\":3}");
    assertThat(body(form)).containsEntry("contentType", "application/x-www-form-urlencoded")
        .containsEntry("body", "name=orders&replicas=3");
    assertThat(body(notExactlyJson)).containsEntry("method", "PUT")
        .containsEntry("body", "name=orders&replicas=3");
  }

  @Test
  void bodyIsParsedOnlyForExactlyApplicationJson() throws Exception {
    Map<String, Object> parsed = run(Map.of("url", base + "/echo"));
    Map<String, Object> text = run(Map.of("url", base + "/text-json"));

    assertThat(parsed.get("body")).isInstanceOf(Map.class);
    assertThat(text.get("body")).isEqualTo("{\"a\": 1}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void responseHeadersAreTitleCaseWithTheirFirstValue() throws Exception {
    Map<String, Object> output = run(Map.of("url", base + "/text-json"));

    assertThat((Map<String, Object>) output.get("headers"))
        .containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsEntry("Content-Length", "8")
        .containsEntry("X-Request-Id", "first")
        .doesNotContainKey("content-type");
  }

  @Test
  void clientAndServerErrorsAreOutputsNotFailures() throws Exception {
    Map<String, Object> notFound = run(Map.of("url", base + "/status/404"));
    Map<String, Object> serverError = run(Map.of("url", base + "/status/500", "max_retries", 3));

    assertThat(notFound).containsEntry("status", 404).containsEntry("body", "status 404");
    assertThat(serverError).containsEntry("status", 500);
    assertThat(statusCalls.get()).as("max_retries never repeats a request that got a response").isEqualTo(2);
  }

  @Test
  void refusedConnectionFailsTheActivity() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/health";

    assertThatThrownBy(() -> run(Map.of("url", url, "max_retries", 2)))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("failed to connect to " + url + ": Connection refused");
  }

  @Test
  void slowAnswerFailsWithTimeout() {
    assertThatThrownBy(() -> run(Map.of("url", base + "/slow", "timeout", 0.3)))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("activity took too long to complete");
    assertThatThrownBy(() -> run(Map.of("url", base + "/slow", "timeout", List.of(2, 0.3))))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("activity took too long to complete");
  }

  @Test
  void interruptAbortsAWaitingRequest() throws Exception {
    ProviderRun run = new ProviderRun(provider, Map.of("url", base + "/slow"), SimpleRunContext.empty());
    assertThat(slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();

    Duration took = run.interruptAndJoin(Duration.ofSeconds(5));

    assertThat(run.alive()).isFalse();
    assertThat(run.failure()).isInstanceOf(InterruptedException.class);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void validationReportsWhatIsWrong() {
    CollectingValidation validation = new CollectingValidation();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("timeout", "soon");
    props.put("verify_tls", "no");
    props.put("max_retries", -1);
    props.put("color", "blue");

    provider.validate(new ProviderSpec("http", props), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactlyInAnyOrder(
            tuple("url",
                "url is missing; expected the address to call, e.g. \"http://localhost:8080/health\""),
            tuple("timeout", "timeout must be a positive number of seconds or a"
                + " [connect, read] pair, found the string \"soon\""),
            tuple("verify_tls", "verify_tls must be true or false, found the string \"no\""),
            tuple("max_retries", "max_retries must be from 0 to 2147483647, found -1"));
    assertThat(validation.warnings()).extracting(CollectingValidation.Problem::path, CollectingValidation.Problem::message)
        .containsExactly(tuple("color", "unknown key 'color' for the http provider, so it is ignored; the known keys"
            + " are arguments, headers, max_retries, method, secrets, timeout, url, verify_tls"));
  }

  @Test
  void validationAcceptsReferencesAndTimeoutPairs() {
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("http", Map.of("url", "${front_url}/x",
        "timeout", List.of(5, "${read_timeout}"), "verify_tls", false, "headers", Map.of("a", "b"))), validation);
    provider.validate(new ProviderSpec("http",
        Map.of("url", "http://h", "timeout", "${t}")), validation);

    assertThat(validation.all()).isEmpty();
  }

  @Test
  void validationRejectsEmptyUrlAndBadPair() {
    CollectingValidation validation = new CollectingValidation();

    provider.validate(new ProviderSpec("http",
        Map.of("url", "", "timeout", List.of(3))), validation);

    assertThat(validation.errors()).extracting(CollectingValidation.Problem::message).containsExactly(
        "url is empty; expected the address to call, e.g. \"http://localhost:8080/health\"",
        "timeout must be a positive number of seconds or a [connect, read] pair, found a list of 1");
  }
}
