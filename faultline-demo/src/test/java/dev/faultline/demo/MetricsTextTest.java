package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTextTest {

  /** A Prometheus sample line: name, optional labels, one value. */
  static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"})? (\\S+)");

  private static final MetricsSnapshot BUSY =
      new MetricsSnapshot(19.8, 1234, 5, 1.25, 12.5, 3.4567891, 1239);
  private static final MetricsSnapshot IDLE = new MetricsSnapshot(0, 0, 0, Double.NaN, Double.NaN, 0, 0);

  @Test
  void summaryIsJsonWithDoublesAndCounts() {
    assertThat(MetricsText.summaryJson(BUSY)).isEqualTo(
        "{\"orders_per_second\": 19.8, \"orders_total\": 1234, \"errors_total\": 5,"
            + " \"p50_ms\": 1.25, \"p99_ms\": 12.5}");
    Map<String, Object> parsed = Json.object(MetricsText.summaryJson(BUSY));
    assertThat(parsed).containsOnlyKeys("orders_per_second", "orders_total", "errors_total", "p50_ms", "p99_ms");
  }

  @Test
  void summaryWithoutTrafficHasNullPercentiles() {
    assertThat(MetricsText.summaryJson(IDLE)).isEqualTo(
        "{\"orders_per_second\": 0.0, \"orders_total\": 0, \"errors_total\": 0,"
            + " \"p50_ms\": null, \"p99_ms\": null}");
  }

  @Test
  void ordersPerSecondIsABareDecimal() {
    assertThat(MetricsText.ordersPerSecond(BUSY)).isEqualTo("19.8");
    assertThat(MetricsText.ordersPerSecond(IDLE)).isEqualTo("0.0");
    assertThat(new BigDecimal(MetricsText.ordersPerSecond(BUSY))).isBetween(BigDecimal.valueOf(15), BigDecimal.valueOf(1000));
  }

  @Test
  void decimalsAlwaysHaveAFractionAndNoExponent() {
    assertThat(MetricsText.decimal(20, 3)).isEqualTo("20.0");
    assertThat(MetricsText.decimal(20.0004, 3)).isEqualTo("20.0");
    assertThat(MetricsText.decimal(6.66666, 3)).isEqualTo("6.667");
    assertThat(MetricsText.decimal(0.0000123, 6)).isEqualTo("0.000012");
    assertThat(MetricsText.decimal(1e9, 3)).isEqualTo("1000000000.0");
  }

  @Test
  void prometheusTextHasTypedMetricsAndParsableSamples() {
    String text = MetricsText.prometheus(BUSY);

    assertThat(text).endsWith("\n");
    List<String> lines = text.lines().toList();
    for (String line : lines) {
      if (line.startsWith("#")) {
        assertThat(line).matches("# (HELP|TYPE) faultline_demo_[a-z_]+ .+");
      } else {
        Matcher sample = SAMPLE.matcher(line);
        assertThat(sample.matches()).as("sample line '%s'", line).isTrue();
        Double.parseDouble(sample.group(3));
      }
    }
    assertThat(lines).contains(
        "# TYPE faultline_demo_orders_total counter",
        "faultline_demo_orders_total 1234",
        "# TYPE faultline_demo_order_errors_total counter",
        "faultline_demo_order_errors_total 5",
        "faultline_demo_orders_per_second 19.8",
        "# TYPE faultline_demo_order_latency_seconds summary",
        "faultline_demo_order_latency_seconds{quantile=\"0.5\"} 0.00125",
        "faultline_demo_order_latency_seconds{quantile=\"0.99\"} 0.0125",
        "faultline_demo_order_latency_seconds_sum 3.456789",
        "faultline_demo_order_latency_seconds_count 1239");
  }

  @Test
  void prometheusQuantilesWithoutTrafficAreNaN() {
    assertThat(MetricsText.prometheus(IDLE).lines())
        .contains("faultline_demo_order_latency_seconds{quantile=\"0.5\"} NaN");
  }
}
