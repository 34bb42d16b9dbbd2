package dev.faultline.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's HTTP service, on 127.0.0.1. It takes orders by decrementing stock in the {@link
 * InventoryStore}, which it reaches over TCP at a configurable address (the store itself, or a
 * proxy in front of it), through a pool of at most {@value #STORE_CONNECTIONS} persistent
 * connections.
 *
 * <ul>
 *   <li>{@code POST /orders} with {@code {"sku": "widget"}}: one {@code DECR} in the store; 201
 *       {@code {"order": id}}, or 503 with {@code {"error": …}} when the store is unreachable or
 *       does not answer within {@link #STORE_CALL_TIMEOUT} (also 400 for a bad body, 404 for an
 *       unknown sku, 409 when out of stock).
 *   <li>{@code GET /health}: 200 {@code {"status":"ok","store":"reachable"}} when a store round
 *       trip completes within {@link #HEALTH_TIMEOUT}, else 503.
 *   <li>{@code GET /metrics/summary}: {@code application/json} (exactly, so a Chaos Toolkit http
 *       probe parses it) {@code {"orders_per_second", "orders_total", "errors_total", "p50_ms",
 *       "p99_ms"}}; rate and percentiles over the last 5 s.
 *   <li>{@code GET /metrics/orders-per-second}: the rate alone as {@code text/plain}, e.g. {@code
 *       19.8}, for a range tolerance.
 *   <li>{@code GET /metrics/order-latency-p50-ms}: the median order latency alone as {@code text/plain}.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * <p>All JSON bodies are sent with Content-Type {@code application/json}, without a charset.
 */
public final class Storefront implements AutoCloseable {

  /** Threads answering HTTP requests. */
  public static final int HANDLER_THREADS = 16;
  /** Persistent connections to the store, at most. */
  public static final int STORE_CONNECTIONS = 8;
  /** How long one order may wait for the store before it gets a 503. */
  public static final Duration STORE_CALL_TIMEOUT = Duration.ofSeconds(2);
  /** How long the health check's store round trip may take. */
  public static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

  private static final Duration STOP_GRACE = Duration.ofSeconds(2);
  private static final int MAX_BODY_BYTES = 4096;
  /** The key the health check reads; any well-formed reply, even "no such key", proves a round trip. */
  private static final String HEALTH_KEY = "health-check";
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final String ROUTES =
      "POST /orders, GET /health, GET /metrics, GET /metrics/summary, GET /metrics/orders-per-second, "
          + "GET /metrics/order-latency-p50-ms";
  private static final Pattern ORDER_BODY =
      Pattern.compile("\\A\\s*\\{\\s*\"sku\"\\s*:\\s*\"([^\"\\\\]*)\"\\s*}\\s*\\z");
  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final HttpServer server;
  private final ExecutorService handlers;
  private final StoreClient store;
  private final OrderMetrics metrics = new OrderMetrics(System::nanoTime);
  private final AtomicLong orderIds = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Storefront(HttpServer server, ExecutorService handlers, StoreClient store) {
    this.server = server;
    this.handlers = handlers;
    this.store = store;
  }

  /**
   * Starts a storefront on 127.0.0.1.
   *
   * @param port the port to listen on, or 0 for an ephemeral one
   * @param storeAddress where to reach the inventory store (or a proxy in front of it)
   * @throws IOException when the port cannot be bound (the message names it)
   */
  public static Storefront start(int port, InetSocketAddress storeAddress) throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(loopback, port), 64);
    } catch (IOException e) {
      BindException bindFailure =
          new BindException(
              "could not start the storefront on 127.0.0.1:" + port + ": " + e.getMessage()
                  + (port == 0 ? "" : "; choose another port, or 0 for an ephemeral one"));
      bindFailure.initCause(e);
      throw bindFailure;
    }
    ExecutorService handlers =
        Executors.newFixedThreadPool(HANDLER_THREADS, DemoThreads.daemon("storefront"));
    StoreClient store = new StoreClient(storeAddress, STORE_CONNECTIONS, STORE_CALL_TIMEOUT);
    Storefront storefront = new Storefront(server, handlers, store);
    server.setExecutor(handlers);
    server.createContext("/", storefront::handle);
    server.start();
    return storefront;
  }

  /** The base URI, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Where the storefront listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Where the storefront reaches the store (the store itself, or a proxy). */
  public InetSocketAddress storeAddress() {
    return store.address();
  }

  /** The order metrics right now, without an HTTP round trip. */
  MetricsSnapshot metricsSnapshot() {
    return metrics.snapshot();
  }

  /** How long ago the first order attempt completed (zero if none has). */
  Duration sinceFirstOrderAttempt() {
    return metrics.sinceFirstCompletion();
  }

  /**
   * Stops the HTTP server, closes the store connections (so requests waiting on the store end
   * at once) and waits a bounded time for the handler threads. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    store.close();
    DemoThreads.stop(handlers, STOP_GRACE);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RuntimeException e) {
      // Without this the JDK server drops the connection and the client sees no reason at all.
      error(exchange, 500, "the storefront failed: " + e);
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    switch (path) {
      case "/orders":
        if (allowed(exchange, method, "POST")) {
          order(exchange);
        }
        break;
      case "/health":
        if (allowed(exchange, method, "GET")) {
          health(exchange);
        }
        break;
      case "/metrics/summary":
        if (allowed(exchange, method, "GET")) {
          respond(exchange, 200, JSON, MetricsText.summaryJson(metrics.snapshot()));
        }
        break;
      case "/metrics/orders-per-second":
        if (allowed(exchange, method, "GET")) {
          respond(exchange, 200, TEXT, MetricsText.ordersPerSecond(metrics.snapshot()));
        }
        break;
      case "/metrics/order-latency-p50-ms":
        if (allowed(exchange, method, "GET")) {
          respond(exchange, 200, TEXT, MetricsText.latencyP50Ms(metrics.snapshot()));
        }
        break;
      case "/metrics":
        if (allowed(exchange, method, "GET")) {
          respond(exchange, 200, PROMETHEUS, MetricsText.prometheus(metrics.snapshot()));
        }
        break;
      default:
        error(exchange, 404, "no such path '" + path + "'; the storefront serves " + ROUTES);
    }
  }

  private boolean allowed(HttpExchange exchange, String method, String expected) throws IOException {
    if (method.equals(expected)) { // HTTP methods are case-sensitive
      return true;
    }
    exchange.getResponseHeaders().set("Allow", expected);
    error(exchange, 405, method + " is not allowed on " + exchange.getRequestURI().getPath()
        + "; use " + expected);
    return false;
  }

  private void order(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      error(exchange, 413, "an order body must be at most " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Matcher order = ORDER_BODY.matcher(new String(body, StandardCharsets.UTF_8));
    if (!order.matches()) {
      error(exchange, 400, "the body must be a JSON object with one string field, like"
          + " {\"sku\": \"widget\"}");
      return;
    }
    String sku = order.group(1);
    if (!SKU.matcher(sku).matches()) {
      error(exchange, 400, "sku must be 1 to 64 letters, digits, '.', '_' or '-'; got '"
          + sku + "'");
      return;
    }
    long startedAt = System.nanoTime();
    String reply;
    try {
      reply = store.call("DECR " + sku);
    } catch (StoreUnavailableException e) {
      metrics.recordFailed(System.nanoTime() - startedAt);
      error(exchange, 503, e.getMessage());
      return;
    }
    long latencyNanos = System.nanoTime() - startedAt;
    if (reply.startsWith(StoreProtocol.OK)) {
      metrics.recordCreated(latencyNanos);
      respond(exchange, 201, JSON, "{\"order\": " + orderIds.incrementAndGet() + "}");
    } else if (reply.startsWith(StoreProtocol.ERR + StoreProtocol.NO_SUCH_KEY)) {
      error(exchange, 404, "unknown sku '" + sku + "'");
    } else if (reply.startsWith(StoreProtocol.ERR + StoreProtocol.OUT_OF_STOCK)) {
      metrics.recordFailed(latencyNanos);
      error(exchange, 409, "sku '" + sku + "' is out of stock");
    } else {
      metrics.recordFailed(latencyNanos);
      error(exchange, 502, "the inventory store answered '" + reply + "' to DECR " + sku);
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    try {
      store.call("GET " + HEALTH_KEY, HEALTH_TIMEOUT);
      respond(exchange, 200, JSON, "{\"status\": \"ok\", \"store\": \"reachable\"}");
    } catch (StoreUnavailableException e) {
      respond(exchange, 503, JSON, "{\"status\": \"unavailable\", \"store\": \"unreachable\","
          + " \"error\": " + jsonString(e.getMessage()) + "}");
    }
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, JSON, "{\"error\": " + jsonString(message) + "}");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  private static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }
}
