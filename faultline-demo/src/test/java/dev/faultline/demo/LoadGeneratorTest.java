package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9/orders");

  /** Polls {@code condition} every 20 ms for at most {@code limit}; returns its last answer. */
  static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return condition.getAsBoolean();
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Test
  void postsOrdersUntilClosed() throws Exception {
    try (InventoryStore store = InventoryStore.start(0, Map.of("widget", 1000L, "gadget", 1000L));
        Storefront storefront = Storefront.start(0, store.address())) {
      LoadGenerator load = LoadGenerator.start(storefront.uri().resolve("/orders"), 50,
          List.of("widget", "gadget"), Duration.ofMinutes(1));

      assertThat(eventually(Duration.ofSeconds(10), () -> load.counts().succeeded() >= 10)).isTrue();
      load.close();

      assertThat(load.isRunning()).isFalse();
      LoadGenerator.Counts counts = load.counts();
      assertThat(counts.failed()).isZero();
      assertThat(load.lastFailure()).isEmpty();
      // Both skus were ordered, in turn.
      assertThat(store.value("widget").getAsLong()).isLessThan(1000);
      assertThat(store.value("gadget").getAsLong()).isLessThan(1000);
      // Orders in flight at close() may still be created; they are abandoned, not counted.
      assertThat(storefront.metricsSnapshot().ordersTotal()).isGreaterThanOrEqualTo(counts.succeeded());
    }
  }

  @Test
  void stopsByItselfAtTheMaximumRunTime() throws Exception {
    try (InventoryStore store = InventoryStore.start(0, Map.of("widget", 1000L));
        Storefront storefront = Storefront.start(0, store.address());
        LoadGenerator load = LoadGenerator.start(storefront.uri().resolve("/orders"), 20,
            List.of("widget"), Duration.ofMillis(300))) {

      assertThat(eventually(Duration.ofSeconds(5), () -> !load.isRunning())).isTrue();
      // Whatever was released has been answered within a few seconds; then nothing more comes.
      assertThat(eventually(Duration.ofSeconds(5),
          () -> storefront.metricsSnapshot().latencyCount() == load.counts().succeeded())).isTrue();
      long answered = load.counts().succeeded();
      Thread.sleep(300);
      assertThat(load.counts().succeeded()).isEqualTo(answered).isPositive().isLessThanOrEqualTo(10);
    }
  }

  @Test
  void countsFailuresAndKeepsTheLastOne() throws Exception {
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      deadPort = probe.getLocalPort();
    }
    try (Storefront storefront = Storefront.start(0, new InetSocketAddress("127.0.0.1", deadPort));
        LoadGenerator load = LoadGenerator.start(storefront.uri().resolve("/orders"), 20,
            List.of("widget"), Duration.ofMinutes(1))) {

      assertThat(eventually(Duration.ofSeconds(10), () -> load.counts().failed() >= 3)).isTrue();

      assertThat(load.counts().succeeded()).isZero();
      assertThat(load.lastFailure()).hasValueSatisfying(failure -> assertThat(failure)
          .startsWith("HTTP 503: {\"error\": \"could not talk to the inventory store at 127.0.0.1:"
              + deadPort + ": "));
    }
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> LoadGenerator.start(NOWHERE, 0, List.of("widget"), Duration.ofSeconds(1)))
        .hasMessage("ordersPerSecond must be above 0 and at most 1000.0, was 0.0");
    assertThatThrownBy(() -> LoadGenerator.start(NOWHERE, 5000, List.of("widget"), Duration.ofSeconds(1)))
        .hasMessage("ordersPerSecond must be above 0 and at most 1000.0, was 5000.0");
    assertThatThrownBy(() -> LoadGenerator.start(NOWHERE, 20, List.of(), Duration.ofSeconds(1)))
        .hasMessage("skus must name at least one sku to order");
    assertThatThrownBy(() -> LoadGenerator.start(NOWHERE, 20, List.of("widget"), Duration.ZERO))
        .hasMessage("maxRunTime must be positive, was PT0S");
  }
}
