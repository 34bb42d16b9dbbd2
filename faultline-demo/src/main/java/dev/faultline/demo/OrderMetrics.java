package dev.faultline.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Counts order attempts and derives the rate and latency figures from a sliding window of recent
 * completions, timed with a monotonic clock ({@link System#nanoTime()} in production).
 *
 * <p>The rate is the number of orders created in the last {@link #WINDOW} divided by the
 * window's length. Until the storefront has seen {@link #WINDOW} of traffic, the divisor is the
 * time since the first completion instead (never less than {@link #MIN_WINDOW}), so that the
 * rate is right after one second rather than creeping up over five.
 *
 * <p>The window keeps at most {@value #MAX_SAMPLES} samples, oldest dropped first, which
 * bounds memory and only matters above 20,000 orders per second.
 */
final class OrderMetrics {

  /** How far back the rate and the latency percentiles look. */
  static final Duration WINDOW = Duration.ofSeconds(5);
  /** The shortest divisor for the rate, so that a first lucky order is not "1000 per second". */
  static final Duration MIN_WINDOW = Duration.ofSeconds(1);
  static final int MAX_SAMPLES = 100_000;

  private record Sample(long completedAtNanos, long latencyNanos, boolean created) {}

  private final LongSupplier nanoClock;
  private final Deque<Sample> window = new ArrayDeque<>();
  private long ordersTotal;
  private long errorsTotal;
  private long latencySumNanos;
  private boolean anyCompleted;
  private long firstCompletedAtNanos;

  OrderMetrics(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Records an order that was created and how long it took. */
  synchronized void recordCreated(long latencyNanos) {
    ordersTotal++;
    record(latencyNanos, true);
  }

  /** Records an order attempt that reached the store but created no order. */
  synchronized void recordFailed(long latencyNanos) {
    errorsTotal++;
    record(latencyNanos, false);
  }

  /** Whether any attempt completed, and since how long ago (0 if none). */
  synchronized Duration sinceFirstCompletion() {
    return anyCompleted ? Duration.ofNanos(nanoClock.getAsLong() - firstCompletedAtNanos) : Duration.ZERO;
  }

  synchronized MetricsSnapshot snapshot() {
    long now = nanoClock.getAsLong();
    prune(now);
    long created = window.stream().filter(Sample::created).count();
    long[] latencies = window.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
    return new MetricsSnapshot(
        created / rateDivisorSeconds(now),
        ordersTotal,
        errorsTotal,
        percentileMs(latencies, 0.50),
        percentileMs(latencies, 0.99),
        latencySumNanos / 1e9,
        ordersTotal + errorsTotal);
  }

  private void record(long latencyNanos, boolean created) {
    long now = nanoClock.getAsLong();
    if (!anyCompleted) {
      anyCompleted = true;
      firstCompletedAtNanos = now;
    }
    latencySumNanos += Math.max(0, latencyNanos);
    window.addLast(new Sample(now, Math.max(0, latencyNanos), created));
    while (window.size() > MAX_SAMPLES) {
      window.removeFirst();
    }
    prune(now);
  }

  /** Drops samples older than the window; nanoTime values are compared by difference. */
  private void prune(long now) {
    long windowNanos = WINDOW.toNanos();
    while (!window.isEmpty() && now - window.peekFirst().completedAtNanos() >= windowNanos) {
      window.removeFirst();
    }
  }

  private double rateDivisorSeconds(long now) {
    long observed = anyCompleted ? now - firstCompletedAtNanos : 0;
    long divisor = Math.max(MIN_WINDOW.toNanos(), Math.min(WINDOW.toNanos(), observed));
    return divisor / 1e9;
  }

  /** Nearest-rank percentile of sorted nanosecond latencies, in milliseconds; NaN when empty. */
  static double percentileMs(long[] sortedNanos, double quantile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(quantile * sortedNanos.length);
    int index = Math.min(sortedNanos.length - 1, Math.max(0, rank - 1));
    return sortedNanos[index] / 1e6;
  }
}
