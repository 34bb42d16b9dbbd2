package dev.faultline.engine.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests: a condition met within a generous limit, checked every 10 ms. */
public final class Eventually {
  private Eventually() {}

  /** Waits until {@code condition} holds; fails when {@code limit} passes first. */
  public static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within %s", limit).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
