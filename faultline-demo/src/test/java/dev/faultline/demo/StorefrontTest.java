package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorefrontTest {

  private InventoryStore store;
  private Storefront storefront;

  @BeforeEach
  void start() throws Exception {
    store = InventoryStore.start(0, Map.of("widget", 5L, "last-one", 1L));
    storefront = Storefront.start(0, store.address());
  }

  @AfterEach
  void stop() {
    storefront.close();
    store.close();
  }

  private URI at(String path) {
    return storefront.uri().resolve(path);
  }

  @Test
  void listensOnLoopback() {
    assertThat(storefront.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(storefront.storeAddress()).isEqualTo(store.address());
  }

  @Test
  void anOrderDecrementsTheStock() throws Exception {
    HttpResponse<String> first = Http.post(at("/orders"), "{\"sku\": \"widget\"}");
    HttpResponse<String> second = Http.post(at("/orders"), " { \"sku\":\"widget\" } ");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(first.body()).isEqualTo("{\"order\": 1}");
    assertThat(second.body()).isEqualTo("{\"order\": 2}");
    assertThat(store.value("widget")).hasValue(3);
  }

  @Test
  void badOrdersAreRefusedWithAReason() throws Exception {
    HttpResponse<String> notJson = Http.post(at("/orders"), "sku=widget");
    HttpResponse<String> badSku = Http.post(at("/orders"), "{\"sku\": \"two words\"}");
    HttpResponse<String> unknown = Http.post(at("/orders"), "{\"sku\": \"sprocket\"}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).isEqualTo(
        "{\"error\": \"the body must be a JSON object with one string field, like {\\\"sku\\\": \\\"widget\\\"}\"}");
    assertThat(badSku.statusCode()).isEqualTo(400);
    assertThat(badSku.body()).isEqualTo(
        "{\"error\": \"sku must be 1 to 64 letters, digits, '.', '_' or '-'; got 'two words'\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"error\": \"unknown sku 'sprocket'\"}");
    assertThat(storefront.metricsSnapshot().errorsTotal()).isZero(); // client mistakes, not outages
  }

  @Test
  void outOfStockIsAConflictAndCountsAsAnError() throws Exception {
    assertThat(Http.post(at("/orders"), "{\"sku\": \"last-one\"}").statusCode()).isEqualTo(201);

    HttpResponse<String> soldOut = Http.post(at("/orders"), "{\"sku\": \"last-one\"}");

    assertThat(soldOut.statusCode()).isEqualTo(409);
    assertThat(soldOut.body()).isEqualTo("{\"error\": \"sku 'last-one' is out of stock\"}");
    MetricsSnapshot metrics = storefront.metricsSnapshot();
    assertThat(metrics.ordersTotal()).isEqualTo(1);
    assertThat(metrics.errorsTotal()).isEqualTo(1);
  }

  @Test
  void wrongMethodsAndPathsAreExplained() throws Exception {
    HttpResponse<String> getOrders = Http.get(at("/orders"));
    HttpResponse<String> nowhere = Http.get(at("/metrics/nowhere"));

    assertThat(getOrders.statusCode()).isEqualTo(405);
    assertThat(getOrders.headers().firstValue("Allow")).hasValue("POST");
    assertThat(getOrders.body()).isEqualTo("{\"error\": \"GET is not allowed on /orders; use POST\"}");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.body()).isEqualTo("{\"error\": \"no such path '/metrics/nowhere'; the storefront"
        + " serves POST /orders, GET /health, GET /metrics, GET /metrics/summary,"
        + " GET /metrics/orders-per-second, GET /metrics/order-latency-p50-ms\"}");
  }

  @Test
  void healthyWhenTheStoreAnswers() throws Exception {
    HttpResponse<String> health = Http.get(at("/health"));

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Json.object(health.body())).isEqualTo(Map.of("status", "ok", "store", "reachable"));
  }

  @Test
  void metricsEndpointsReportOrders() throws Exception {
    Http.post(at("/orders"), "{\"sku\": \"widget\"}");
    Http.post(at("/orders"), "{\"sku\": \"widget\"}");

    HttpResponse<String> summary = Http.get(at("/metrics/summary"));
    HttpResponse<String> rate = Http.get(at("/metrics/orders-per-second"));
    HttpResponse<String> prometheus = Http.get(at("/metrics"));
    HttpResponse<String> latency = Http.get(at("/metrics/order-latency-p50-ms"));

    assertThat(summary.headers().allValues("Content-Type")).containsExactly("application/json");
    Map<String, Object> fields = Json.object(summary.body());
    assertThat(fields).containsEntry("orders_total", new BigDecimal(2))
        .containsEntry("errors_total", BigDecimal.ZERO);
    assertThat(fields.get("p50_ms")).isInstanceOf(BigDecimal.class);
    // Two orders over at least the one-second minimum window and at most the full 5 s one (the
    // exact arithmetic is pinned in OrderMetricsTest with a hand-driven clock).
    assertThat((BigDecimal) fields.get("orders_per_second")).isBetween(new BigDecimal("0.4"), new BigDecimal("2.0"));
    assertThat(rate.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(new BigDecimal(rate.body())).isBetween(new BigDecimal("0.4"), new BigDecimal("2.0"));
    assertThat(rate.body()).matches("\\d+\\.\\d{1,3}");
    assertThat(new BigDecimal(latency.body())).isCloseTo((BigDecimal) fields.get("p50_ms"),
        org.assertj.core.data.Offset.offset(new BigDecimal("0.001")));
    assertThat(prometheus.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(prometheus.body().lines()).contains("faultline_demo_orders_total 2");
  }

  @Test
  void aSilentStoreMakesOrdersAndHealthFailWithinTheirTimeouts() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Storefront stuck = Storefront.start(0, new InetSocketAddress("127.0.0.1", silent.getLocalPort()))) {
      long startedAt = System.nanoTime();
      HttpResponse<String> health = Http.get(stuck.uri().resolve("/health"));
      Duration healthTook = Duration.ofNanos(System.nanoTime() - startedAt);

      startedAt = System.nanoTime();
      HttpResponse<String> order = Http.post(stuck.uri().resolve("/orders"), "{\"sku\": \"widget\"}");
      Duration orderTook = Duration.ofNanos(System.nanoTime() - startedAt);

      String store = "127.0.0.1:" + silent.getLocalPort();
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("{\"status\": \"unavailable\", \"store\": \"unreachable\","
          + " \"error\": \"the inventory store at " + store + " did not answer within 1000 ms\"}");
      assertThat(healthTook).isGreaterThanOrEqualTo(Duration.ofMillis(950));
      assertThat(order.statusCode()).isEqualTo(503);
      assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(order.body()).isEqualTo(
          "{\"error\": \"the inventory store at " + store + " did not answer within 2000 ms\"}");
      assertThat(orderTook).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
      assertThat(stuck.metricsSnapshot().errorsTotal()).isEqualTo(1);
    }
  }

  @Test
  void closeFreesThePortAndIsIdempotent() throws Exception {
    int port = storefront.address().getPort();
    storefront.close();
    storefront.close();

    try (ServerSocket rebind = new ServerSocket()) {
      rebind.setReuseAddress(true);
      rebind.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }
  }

  @Test
  void healthOnlyAnswersGet() throws Exception {
    HttpResponse<String> delete = Http.send(HttpRequest.newBuilder(at("/health")).method("DELETE",
        HttpRequest.BodyPublishers.noBody()));

    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.body()).isEqualTo("{\"error\": \"DELETE is not allowed on /health; use GET\"}");
  }
}
