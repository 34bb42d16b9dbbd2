package dev.faultline.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The storefront's metrics as response bodies: JSON summary, bare rate, Prometheus text. */
final class MetricsText {

  private MetricsText() {}

  /**
   * {@code {"orders_per_second": 19.8, "orders_total": N, "errors_total": N, "p50_ms": 1.2,
   * "p99_ms": 4.0}}; a percentile is {@code null} when no order attempt completed in the window.
   */
  static String summaryJson(MetricsSnapshot snapshot) {
    return "{\"orders_per_second\": " + decimal(snapshot.ordersPerSecond(), 3)
        + ", \"orders_total\": " + snapshot.ordersTotal()
        + ", \"errors_total\": " + snapshot.errorsTotal()
        + ", \"p50_ms\": " + jsonNumber(snapshot.p50Ms())
        + ", \"p99_ms\": " + jsonNumber(snapshot.p99Ms())
        + "}";
  }

  /** The rate alone, like {@code 19.8}, so that a Chaos Toolkit range tolerance can read it. */
  static String ordersPerSecond(MetricsSnapshot snapshot) {
    return decimal(snapshot.ordersPerSecond(), 3);
  }

  /** The median order latency of the window alone, e.g. {@code 152.301}, or {@code NaN} without traffic. */
  static String latencyP50Ms(MetricsSnapshot snapshot) {
    return Double.isNaN(snapshot.p50Ms()) ? "NaN" : decimal(snapshot.p50Ms(), 3);
  }

  /** Prometheus text exposition format, version 0.0.4. */
  static String prometheus(MetricsSnapshot snapshot) {
    StringBuilder text = new StringBuilder();
    metric(text, "faultline_demo_orders_total", "counter",
        "Orders created since the storefront started.");
    text.append("faultline_demo_orders_total ").append(snapshot.ordersTotal()).append('\n');
    metric(text, "faultline_demo_order_errors_total", "counter",
        "Order attempts that reached the store but created no order.");
    text.append("faultline_demo_order_errors_total ").append(snapshot.errorsTotal()).append('\n');
    metric(text, "faultline_demo_orders_per_second", "gauge",
        "Orders created per second over the last 5 seconds.");
    text.append("faultline_demo_orders_per_second ")
        .append(decimal(snapshot.ordersPerSecond(), 3)).append('\n');
    metric(text, "faultline_demo_order_latency_seconds", "summary",
        "Order latency; quantiles over the last 5 seconds, sum and count since start.");
    quantile(text, "0.5", snapshot.p50Ms());
    quantile(text, "0.99", snapshot.p99Ms());
    text.append("faultline_demo_order_latency_seconds_sum ")
        .append(decimal(snapshot.latencySumSeconds(), 6)).append('\n');
    text.append("faultline_demo_order_latency_seconds_count ")
        .append(snapshot.latencyCount()).append('\n');
    return text.toString();
  }

  private static void metric(StringBuilder text, String name, String type, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void quantile(StringBuilder text, String quantile, double milliseconds) {
    text.append("faultline_demo_order_latency_seconds{quantile=\"").append(quantile).append("\"} ")
        .append(Double.isNaN(milliseconds) ? "NaN" : decimal(milliseconds / 1000, 6))
        .append('\n');
  }

  private static String jsonNumber(double value) {
    return Double.isNaN(value) ? "null" : decimal(value, 3);
  }

  /**
   * A plain decimal rounded to {@code scale} places, always with a fraction ({@code 20.0}, not
   * {@code 20} or {@code 2E+1}), so JSON readers see a floating-point number.
   */
  static String decimal(double value, int scale) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
    return (rounded.scale() < 1 ? rounded.setScale(1) : rounded).toPlainString();
  }
}
