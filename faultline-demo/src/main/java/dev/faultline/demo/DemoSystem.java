package dev.faultline.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole demo on loopback: an {@link InventoryStore}, a {@link Storefront} taking orders
 * through it, and a {@link LoadGenerator} sending orders at a steady rate.
 *
 * <p>{@link #start} returns once the load has warmed up: the first order went through and the
 * storefront has a full second of traffic behind it, so its orders-per-second figure is already
 * meaningful for an experiment's steady-state check. {@link #close} stops everything within a
 * few seconds; all threads are daemons in any case.
 *
 * <pre>{@code
 * try (DemoSystem demo = DemoSystem.start(DemoSystem.Options.defaults())) {
 *   Map<String, String> configuration = DemoExperiment.configurationFor(demo);
 *   // run DemoExperiment.json() with that configuration
 * }
 * }</pre>
 */
public final class DemoSystem implements AutoCloseable {

  /** The skus the store is seeded with and the load generator orders, in turn. */
  public static final List<String> SKUS = List.of("widget", "gadget", "gizmo");
  /** Starting stock of every sku: enough for the load generator's longest run at its top rate. */
  public static final long INITIAL_STOCK = 1_000_000;
  /** How long {@link #start} waits for the first order to go through. */
  public static final Duration FIRST_ORDER_TIMEOUT = Duration.ofSeconds(5);
  /** How much traffic the storefront must have seen before {@link #start} returns. */
  public static final Duration WARM_UP = Duration.ofSeconds(1);

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * How to start the demo.
   *
   * @param ordersPerSecond the load generator's rate, above 0 and at most {@value
   *     LoadGenerator#MAX_ORDERS_PER_SECOND}
   * @param storePort the store's port, 0 for an ephemeral one
   * @param storefrontPort the storefront's port, 0 for an ephemeral one
   * @param storeAddressOverride where the storefront should reach the store instead of the
   *     store's own address, e.g. a proxy in front of it; empty to connect directly
   */
  public record Options(
      double ordersPerSecond,
      int storePort,
      int storefrontPort,
      Optional<InetSocketAddress> storeAddressOverride) {

    public Options {
      if (!(ordersPerSecond > 0 && ordersPerSecond <= LoadGenerator.MAX_ORDERS_PER_SECOND)) {
        throw new IllegalArgumentException("ordersPerSecond must be above 0 and at most "
            + LoadGenerator.MAX_ORDERS_PER_SECOND + ", was " + ordersPerSecond);
      }
      checkPort("storePort", storePort);
      checkPort("storefrontPort", storefrontPort);
      Objects.requireNonNull(storeAddressOverride, "storeAddressOverride must be an Optional, not null");
    }

    /** 20 orders per second, ephemeral ports, storefront connected straight to the store. */
    public static Options defaults() {
      return new Options(LoadGenerator.DEFAULT_ORDERS_PER_SECOND, 0, 0, Optional.empty());
    }

    /** These options with another rate. */
    public Options withOrdersPerSecond(double rate) {
      return new Options(rate, storePort, storefrontPort, storeAddressOverride);
    }

    /** These options with the storefront reaching the store through {@code address}. */
    public Options withStoreAddressOverride(InetSocketAddress address) {
      return new Options(ordersPerSecond, storePort, storefrontPort, Optional.of(address));
    }

    private static void checkPort(String name, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            name + " must be between 0 (ephemeral) and 65535, was " + port);
      }
    }
  }

  private final InventoryStore store;
  private final Storefront storefront;
  private final LoadGenerator load;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoSystem(InventoryStore store, Storefront storefront, LoadGenerator load) {
    this.store = store;
    this.storefront = storefront;
    this.load = load;
  }

  /**
   * Starts store, storefront and load generator on 127.0.0.1 and waits for the load to warm up
   * (about {@link #WARM_UP}).
   *
   * @throws IOException when a port cannot be bound (the message names it)
   * @throws IllegalStateException when no order goes through within {@link
   *     #FIRST_ORDER_TIMEOUT}; everything started is stopped again first
   */
  public static DemoSystem start(Options options) throws IOException {
    Map<String, Long> stock = new LinkedHashMap<>();
    SKUS.forEach(sku -> stock.put(sku, INITIAL_STOCK));
    InventoryStore store = InventoryStore.start(options.storePort(), stock);
    Storefront storefront;
    try {
      storefront =
          Storefront.start(options.storefrontPort(), options.storeAddressOverride().orElse(store.address()));
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    LoadGenerator load =
        LoadGenerator.start(storefront.uri().resolve("/orders"), options.ordersPerSecond(), SKUS,
            LoadGenerator.DEFAULT_MAX_RUN_TIME);
    DemoSystem demo = new DemoSystem(store, storefront, load);
    try {
      demo.awaitWarmUp();
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
    return demo;
  }

  /** The storefront's base URI, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public URI storefrontUri() {
    return storefront.uri();
  }

  /**
   * Where the store itself listens; a proxy put in front of it uses this as its upstream. The
   * storefront connects here too unless {@link Options#storeAddressOverride()} was given.
   */
  public InetSocketAddress storeAddress() {
    return store.address();
  }

  /** Where the storefront reaches the store: the override if one was given, else {@link #storeAddress()}. */
  public InetSocketAddress storefrontStoreAddress() {
    return storefront.storeAddress();
  }

  /** What the load generator did so far. */
  public LoadGenerator.Counts loadCounts() {
    return load.counts();
  }

  /** The store, for tests that stop it to see the storefront degrade. */
  InventoryStore store() {
    return store;
  }

  /** The storefront, for tests reading its metrics in-process. */
  Storefront storefront() {
    return storefront;
  }

  /**
   * Stops the load generator, then the storefront, then the store, each within a few seconds,
   * and frees their ports. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    load.close();
    storefront.close();
    store.close();
  }

  private void awaitWarmUp() {
    long firstOrderDeadline = System.nanoTime() + FIRST_ORDER_TIMEOUT.toNanos();
    while (storefront.metricsSnapshot().ordersTotal() == 0) {
      if (System.nanoTime() - firstOrderDeadline >= 0) {
        throw new IllegalStateException("the demo storefront at " + storefront.uri()
            + " took no order within " + FIRST_ORDER_TIMEOUT.toSeconds() + " s while reaching the"
            + " store at " + describe(storefront.storeAddress()) + " (the store itself listens on "
            + describe(store.address()) + "); last failure: "
            + load.lastFailure().orElse("none reported yet"));
      }
      pause();
    }
    while (storefront.sinceFirstOrderAttempt().compareTo(WARM_UP) < 0) {
      pause();
    }
  }

  private static void pause() {
    LockSupport.parkNanos(POLL_NANOS);
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("interrupted while waiting for the demo to warm up");
    }
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
