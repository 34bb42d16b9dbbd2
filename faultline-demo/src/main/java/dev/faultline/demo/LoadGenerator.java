package dev.faultline.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady order traffic for the storefront: {@code POST /orders} at a target rate until closed,
 * and never longer than a hard maximum run time, so a forgotten demo cannot load a machine
 * forever.
 *
 * <p>One pacer thread releases one order every {@code 1/rate} seconds; {@value #WORKERS} worker
 * threads send them with the JDK {@link HttpClient}. When the storefront is slow and all workers
 * are busy, up to {@value #BACKLOG} orders wait; beyond that an order is skipped (counted, not
 * sent) rather than queued without bound. A pacer that falls more than a second behind (say, a
 * long GC pause) starts afresh instead of bursting to catch up.
 */
public final class LoadGenerator implements AutoCloseable {

  /** The order rate of the demo unless told otherwise. */
  public static final double DEFAULT_ORDERS_PER_SECOND = 20;
  /** The longest a load generator runs before it stops by itself. */
  public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofMinutes(10);
  /** The highest accepted rate; the demo is a demo, not a benchmark. */
  public static final double MAX_ORDERS_PER_SECOND = 1000;

  static final int WORKERS = 8;
  static final int BACKLOG = 64;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);
  private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int MAX_FAILURE_TEXT = 300;

  /**
   * What the load generator did so far.
   *
   * @param succeeded orders answered with 201
   * @param failed orders answered with anything else, or not answered at all
   * @param skipped orders not sent because all workers were busy and the backlog was full
   */
  public record Counts(long succeeded, long failed, long skipped) {}

  private final URI ordersUri;
  private final List<String> skus;
  private final long intervalNanos;
  private final Duration maxRunTime;
  private final ExecutorService httpThreads = Executors.newCachedThreadPool(DemoThreads.daemon("load-http"));
  private final HttpClient client;
  private final ThreadPoolExecutor workers;
  private final Thread pacer;
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private volatile boolean closed;

  private LoadGenerator(URI ordersUri, double ordersPerSecond, List<String> skus, Duration maxRunTime) {
    this.ordersUri = ordersUri;
    this.skus = List.copyOf(skus);
    this.intervalNanos = Math.max(1, Math.round(1e9 / ordersPerSecond));
    this.maxRunTime = maxRunTime;
    this.client =
        HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).executor(httpThreads).build();
    this.workers =
        new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG), DemoThreads.daemon("load-worker"));
    this.pacer = DemoThreads.daemon("load-pacer").newThread(this::pace);
  }

  /**
   * Starts posting orders.
   *
   * @param ordersUri the storefront's {@code /orders} URI
   * @param ordersPerSecond target rate, above 0 and at most {@value #MAX_ORDERS_PER_SECOND}
   * @param skus the skus to order, in turn (at least one)
   * @param maxRunTime after this the generator stops by itself (positive)
   */
  public static LoadGenerator start(
      URI ordersUri, double ordersPerSecond, List<String> skus, Duration maxRunTime) {
    if (!(ordersPerSecond > 0 && ordersPerSecond <= MAX_ORDERS_PER_SECOND)) {
      throw new IllegalArgumentException("ordersPerSecond must be above 0 and at most "
          + MAX_ORDERS_PER_SECOND + ", was " + ordersPerSecond);
    }
    if (skus.isEmpty()) {
      throw new IllegalArgumentException("skus must name at least one sku to order");
    }
    if (maxRunTime.isNegative() || maxRunTime.isZero()) {
      throw new IllegalArgumentException("maxRunTime must be positive, was " + maxRunTime);
    }
    LoadGenerator generator = new LoadGenerator(ordersUri, ordersPerSecond, skus, maxRunTime);
    generator.pacer.start();
    return generator;
  }

  /** The counts so far. */
  public Counts counts() {
    return new Counts(succeeded.get(), failed.get(), skipped.get());
  }

  /** How the most recent failed order failed (status and body, or the exception), if any did. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  /** Whether orders are still being released: false once closed or past the maximum run time. */
  public boolean isRunning() {
    return pacer.isAlive();
  }

  /** Stops sending, abandons orders in flight and waits a bounded time for the threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pacer.interrupt();
    DemoThreads.join(pacer, STOP_GRACE);
    DemoThreads.stop(workers, STOP_GRACE);
    DemoThreads.stop(httpThreads, STOP_GRACE);
  }

  private void pace() {
    long startedAt = System.nanoTime();
    long next = startedAt;
    long sent = 0;
    while (!closed && !Thread.currentThread().isInterrupted()) {
      long now = System.nanoTime();
      if (now - startedAt >= maxRunTime.toNanos()) {
        break;
      }
      if (next - now > 0) {
        LockSupport.parkNanos(next - now); // wakes early on interrupt; the loop re-checks
        continue;
      }
      release(skus.get((int) (sent++ % skus.size())));
      next += intervalNanos;
      if (now - next > MAX_LAG_NANOS) {
        next = now;
      }
    }
  }

  private void release(String sku) {
    try {
      workers.execute(() -> send(sku));
    } catch (RejectedExecutionException e) {
      skipped.incrementAndGet(); // the backlog is full, or close() shut the workers down
    }
  }

  private void send(String sku) {
    HttpRequest request =
        HttpRequest.newBuilder(ordersUri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"sku\": \"" + sku + "\"}"))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 201) {
        succeeded.incrementAndGet();
      } else {
        failed("HTTP " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      failed(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() is abandoning this order: not a failure
    }
  }

  private void failed(String description) {
    failed.incrementAndGet();
    lastFailure.set(description.length() <= MAX_FAILURE_TEXT
        ? description
        : description.substring(0, MAX_FAILURE_TEXT) + "…");
  }
}
