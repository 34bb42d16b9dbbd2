package dev.faultline.jvmagent.bootstrap;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The effect of a latency rule: the calling thread waits its delay, unless the rule is released
 * first. Waiting on a latch rather than sleeping lets {@code clear} free every delayed call at
 * once instead of leaving them blocked for the rest of their delay.
 */
final class DelayEffect extends FaultEffect {
  private final long fixedMs;
  private final long jitterMs;
  private final CountDownLatch released = new CountDownLatch(1);

  DelayEffect(long fixedMs, long jitterMs) {
    this.fixedMs = fixedMs;
    this.jitterMs = jitterMs;
  }

  @Override
  public Throwable perform() {
    long ms = fixedMs + (jitterMs > 0 ? ThreadLocalRandom.current().nextLong(jitterMs + 1) : 0);
    try {
      released.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's interruption wins over our delay
    }
    return null;
  }

  @Override
  void release() {
    released.countDown();
  }
}
