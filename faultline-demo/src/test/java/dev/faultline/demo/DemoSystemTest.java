package dev.faultline.demo;

import static dev.faultline.demo.LoadGeneratorTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoSystemTest {

  @Test
  void theOrderRateIsRoughlyTheConfiguredOne() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      assertThat(eventually(Duration.ofSeconds(10),
          () -> demo.storefront().metricsSnapshot().ordersPerSecond() > 0)).isTrue();

      Map<String, Object> summary =
          Json.object(Http.get(demo.storefrontUri().resolve("/metrics/summary")).body());
      BigDecimal rate = (BigDecimal) summary.get("orders_per_second");
      BigDecimal bare =
          new BigDecimal(Http.get(demo.storefrontUri().resolve("/metrics/orders-per-second")).body());

      // 25% to 200% of 20 per second: checks the window arithmetic, not the machine's speed.
      assertThat(rate).isBetween(new BigDecimal(5), new BigDecimal(40));
      assertThat(bare).isBetween(new BigDecimal(5), new BigDecimal(40));
      assertThat(((BigDecimal) summary.get("orders_total")).longValue()).isPositive();
      assertThat(demo.loadCounts().succeeded()).isPositive();
    }
  }

  @Test
  void aSlowerConfiguredRateReadsSlower() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults().withOrdersPerSecond(4))) {
      double rate = demo.storefront().metricsSnapshot().ordersPerSecond();

      assertThat(rate).isBetween(1.0, 8.0);
    }
  }

  @Test
  void healthyAndOrdersDecrementTheStore() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      HttpResponse<String> health = Http.get(demo.storefrontUri().resolve("/health"));
      try (StoreLine store = new StoreLine(demo.storeAddress())) {
        assertThat(store.send("SET test-sku 5")).isEqualTo("OK 5");

        HttpResponse<String> order =
            Http.post(demo.storefrontUri().resolve("/orders"), "{\"sku\": \"test-sku\"}");

        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(Json.object(order.body())).containsOnlyKeys("order");
        assertThat(store.send("GET test-sku")).isEqualTo("OK 4");
      }
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\": \"ok\", \"store\": \"reachable\"}");
      assertThat(demo.store().value("widget").getAsLong()).isLessThan(DemoSystem.INITIAL_STOCK);
    }
  }

  @Test
  void whenTheStoreStopsHealthAndOrdersTurn503() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      String store = "127.0.0.1:" + demo.storeAddress().getPort();
      demo.store().close();

      assertThat(eventually(Duration.ofSeconds(5), () -> healthStatus(demo) == 503)).isTrue();
      HttpResponse<String> health = Http.get(demo.storefrontUri().resolve("/health"));
      HttpResponse<String> order =
          Http.post(demo.storefrontUri().resolve("/orders"), "{\"sku\": \"widget\"}");

      assertThat(Json.object(health.body()))
          .containsEntry("status", "unavailable")
          .containsEntry("store", "unreachable");
      assertThat(order.statusCode()).isEqualTo(503);
      assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat((String) Json.object(order.body()).get("error"))
          .startsWith("could not talk to the inventory store at " + store + ": ");
      // The load generator sees the outage too.
      assertThat(eventually(Duration.ofSeconds(5), () -> demo.loadCounts().failed() > 0)).isTrue();
    }
  }

  @Test
  void closeLeavesNoThreadsAndFreesThePorts() throws Exception {
    Set<Thread> before = DemoThreadsCheck.alive();
    DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults());
    int storePort = demo.storeAddress().getPort();
    int storefrontPort = demo.storefrontUri().getPort();
    Http.get(demo.storefrontUri().resolve("/health"));
    assertThat(DemoThreadsCheck.demoThreads()).isNotEmpty(); // the check below can see them

    long startedAt = System.nanoTime();
    demo.close();
    demo.close();
    Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

    assertThat(took).isLessThan(Duration.ofSeconds(15));
    eventually(Duration.ofSeconds(3), () -> DemoThreadsCheck.demoThreads().isEmpty()
        && DemoThreadsCheck.newNonDaemonThreads(before).isEmpty());
    assertThat(DemoThreadsCheck.demoThreads()).isEmpty();
    assertThat(DemoThreadsCheck.newNonDaemonThreads(before)).isEmpty();
    for (int port : new int[] {storePort, storefrontPort}) {
      try (ServerSocket rebind = new ServerSocket()) {
        rebind.setReuseAddress(true);
        rebind.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      }
    }
  }

  @Test
  void prometheusLinesParse() throws Exception {
    try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
      String text = Http.get(demo.storefrontUri().resolve("/metrics")).body();

      long samples = text.lines().filter(line -> !line.startsWith("#")).peek(line -> {
        var sample = MetricsTextTest.SAMPLE.matcher(line);
        assertThat(sample.matches()).as("sample line '%s'", line).isTrue();
        assertThat(Double.parseDouble(sample.group(3))).isNotNaN(); // traffic exists, so no NaN
      }).count();
      assertThat(samples).isEqualTo(7);
      long orders = text.lines().filter(line -> line.startsWith("faultline_demo_orders_total "))
          .mapToLong(line -> Long.parseLong(line.split(" ")[1])).sum();
      assertThat(orders).isPositive();
    }
  }

  @Test
  void theStorefrontCanReachTheStoreThroughAnotherAddress() throws Exception {
    try (InventoryStore elsewhere = InventoryStore.start(0, Map.of("widget", 1_000L, "gadget", 1_000L,
        "gizmo", 1_000L));
        DemoSystem demo = DemoSystem.start(
            DemoSystem.Options.defaults().withStoreAddressOverride(elsewhere.address()))) {

      assertThat(demo.storefrontStoreAddress()).isEqualTo(elsewhere.address());
      assertThat(demo.storeAddress()).isNotEqualTo(elsewhere.address());
      assertThat(elsewhere.value("widget").getAsLong()).isLessThan(1_000);
      assertThat(demo.store().value("widget")).hasValue(DemoSystem.INITIAL_STOCK);
    }
  }

  @Test
  void startFailsClearlyWhenNoOrderGoesThrough() throws Exception {
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      deadPort = probe.getLocalPort();
    }
    Set<Thread> before = DemoThreadsCheck.alive();
    DemoSystem.Options options =
        DemoSystem.Options.defaults().withStoreAddressOverride(new InetSocketAddress("127.0.0.1", deadPort));

    assertThatThrownBy(() -> DemoSystem.start(options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("the demo storefront at http://127\\.0\\.0\\.1:\\d+ took no order within 5 s"
            + " while reaching the store at 127\\.0\\.0\\.1:" + deadPort
            + " \\(the store itself listens on 127\\.0\\.0\\.1:\\d+\\); last failure: HTTP 503: .*");
    eventually(Duration.ofSeconds(3), () -> DemoThreadsCheck.demoThreads().isEmpty());
    assertThat(DemoThreadsCheck.demoThreads()).isEmpty();
    assertThat(DemoThreadsCheck.newNonDaemonThreads(before)).isEmpty();
  }

  @Test
  void optionsAreChecked() {
    assertThat(DemoSystem.Options.defaults())
        .isEqualTo(new DemoSystem.Options(20, 0, 0, Optional.empty()));
    assertThatThrownBy(() -> new DemoSystem.Options(-1, 0, 0, Optional.empty()))
        .hasMessage("ordersPerSecond must be above 0 and at most 1000.0, was -1.0");
    assertThatThrownBy(() -> new DemoSystem.Options(20, 70000, 0, Optional.empty()))
        .hasMessage("storePort must be between 0 (ephemeral) and 65535, was 70000");
    assertThatThrownBy(() -> new DemoSystem.Options(20, 0, -3, Optional.empty()))
        .hasMessage("storefrontPort must be between 0 (ephemeral) and 65535, was -3");
    assertThatThrownBy(() -> new DemoSystem.Options(20, 0, 0, null))
        .hasMessage("storeAddressOverride must be an Optional, not null");
  }

  @Test
  void aBusyStorefrontPortIsNamedAndNothingIsLeftRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> DemoSystem.start(new DemoSystem.Options(20, 0, port, Optional.empty())))
          .hasMessageStartingWith("could not start the storefront on 127.0.0.1:" + port + ": ");
      eventually(Duration.ofSeconds(3), () -> DemoThreadsCheck.demoThreads().isEmpty());
      assertThat(DemoThreadsCheck.demoThreads()).isEmpty();
    }
  }

  private static int healthStatus(DemoSystem demo) {
    try {
      return Http.get(demo.storefrontUri().resolve("/health")).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
