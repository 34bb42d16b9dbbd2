package dev.faultline.jvmagent.bootstrap;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, per call, whether a rule fires: active, before its deadline, under its maximum hits, and
 * chosen by its probability. Lives on the bootstrap class path so code in any class loader
 * (including {@code java.base}) can reach it; JDK classes only.
 */
public final class FaultGate {
  private final double probability;
  private final long maxHits;
  private final long deadlineNanos;
  private final FaultEffect effect;
  private final AtomicLong hits = new AtomicLong();
  private volatile boolean active = true;

  /**
   * @param probability 0 to 1; 0 never fires (the cheapest path)
   * @param maxHits the most times it fires, or {@link Long#MAX_VALUE}
   * @param deadlineNanos {@link System#nanoTime()} after which it stops firing, or {@link Long#MAX_VALUE}
   * @param effect what firing does
   */
  public FaultGate(double probability, long maxHits, long deadlineNanos, FaultEffect effect) {
    this.probability = probability;
    this.maxHits = maxHits;
    this.deadlineNanos = deadlineNanos;
    this.effect = effect;
  }

  /** Whether this call is hit; counts the hit when it is. */
  public boolean tryFire() {
    double p = probability;
    if (p <= 0 || !active) {
      return false;
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
      return false;
    }
    if (p < 1 && ThreadLocalRandom.current().nextDouble() >= p) {
      return false;
    }
    if (maxHits == Long.MAX_VALUE) {
      hits.incrementAndGet();
      return true;
    }
    while (true) {
      long h = hits.get();
      if (h >= maxHits) {
        return false;
      }
      if (hits.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  public FaultEffect effect() {
    return effect;
  }

  /** How many calls this rule has hit. */
  public long hits() {
    return hits.get();
  }

  /** Whether it has used up its maximum hits. */
  public boolean exhausted() {
    return hits.get() >= maxHits;
  }

  /**
   * Stops firing at once, before its instrumentation is removed, and lets go of calls its effect
   * is still holding (a latency in progress).
   */
  public void deactivate() {
    active = false;
    effect.release();
  }
}
