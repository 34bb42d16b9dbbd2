package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OrderMetricsTest {

  /** A hand-driven monotonic clock, starting at an arbitrary (even negative) nanoTime value. */
  private long nowNanos = -5_000_000_000L;
  private final OrderMetrics metrics = new OrderMetrics(() -> nowNanos);

  private void advanceMillis(long millis) {
    nowNanos += Duration.ofMillis(millis).toNanos();
  }

  @Test
  void noTrafficMeansZeroRateAndNoPercentiles() {
    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.ordersPerSecond()).isZero();
    assertThat(snapshot.ordersTotal()).isZero();
    assertThat(snapshot.p50Ms()).isNaN();
    assertThat(snapshot.p99Ms()).isNaN();
    assertThat(metrics.sinceFirstCompletion()).isZero();
  }

  @Test
  void steadyTwentyPerSecondOverTheFullWindowReadsTwenty() {
    for (int i = 0; i < 200; i++) { // 10 s at one order every 50 ms
      advanceMillis(50);
      metrics.recordCreated(Duration.ofMillis(2).toNanos());
    }

    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.ordersPerSecond()).isEqualTo(20.0);
    assertThat(snapshot.ordersTotal()).isEqualTo(200);
    assertThat(snapshot.latencyCount()).isEqualTo(200);
    assertThat(snapshot.latencySumSeconds()).isCloseTo(0.4, within(1e-9));
  }

  @Test
  void theRateIsRightAfterOneSecondOfTraffic() {
    metrics.recordCreated(1);
    for (int i = 0; i < 30; i++) { // 1.5 s at 20 per second after the first
      advanceMillis(50);
      metrics.recordCreated(1);
    }

    // 31 orders over 1.5 s of observed traffic, not over the full 5 s window.
    assertThat(metrics.snapshot().ordersPerSecond()).isCloseTo(31 / 1.5, within(1e-9));
    assertThat(metrics.sinceFirstCompletion()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aLoneFirstOrderIsDividedByAtLeastOneSecond() {
    metrics.recordCreated(1);
    advanceMillis(10);

    assertThat(metrics.snapshot().ordersPerSecond()).isEqualTo(1.0);
  }

  @Test
  void ordersOlderThanTheWindowNoLongerCount() {
    for (int i = 0; i < 100; i++) {
      advanceMillis(50);
      metrics.recordCreated(1);
    }
    advanceMillis(2_500); // half of the last 5 s had traffic

    assertThat(metrics.snapshot().ordersPerSecond()).isEqualTo(10.0);

    advanceMillis(2_500);

    MetricsSnapshot snapshot = metrics.snapshot();
    assertThat(snapshot.ordersPerSecond()).isZero();
    assertThat(snapshot.ordersTotal()).isEqualTo(100); // totals never forget
    assertThat(snapshot.p50Ms()).isNaN();
  }

  @Test
  void failuresCountAsErrorsAndLatencyButNotAsOrders() {
    advanceMillis(50);
    metrics.recordFailed(Duration.ofMillis(2000).toNanos());
    advanceMillis(50);
    metrics.recordCreated(Duration.ofMillis(4).toNanos());

    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.ordersTotal()).isEqualTo(1);
    assertThat(snapshot.errorsTotal()).isEqualTo(1);
    assertThat(snapshot.latencyCount()).isEqualTo(2);
    assertThat(snapshot.ordersPerSecond()).isEqualTo(1.0);
    assertThat(snapshot.p99Ms()).isEqualTo(2000.0);
  }

  @Test
  void percentilesUseNearestRank() {
    for (int millis = 1; millis <= 100; millis++) {
      advanceMillis(10);
      metrics.recordCreated(Duration.ofMillis(millis).toNanos());
    }

    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.p50Ms()).isEqualTo(50.0);
    assertThat(snapshot.p99Ms()).isEqualTo(99.0);
    assertThat(OrderMetrics.percentileMs(new long[] {7_000_000}, 0.99)).isEqualTo(7.0);
  }
}
