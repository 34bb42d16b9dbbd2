package dev.faultline.jvmagent.bootstrap;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, per call, whether a rule fires: active, before its deadline, under its maximum hits, and
 * chosen by its probability. A gate starts inactive: the agent activates it only once the rule is
 * fully installed and still wanted (an add past its deadline is rolled back without ever firing). Lives on the bootstrap class path so code in any class loader
 * (including {@code java.base}) can reach it; JDK classes only.
 */
public final class FaultGate {
  private final double probability;
  private final long maxHits;
  private final FaultEffect effect;
  private final AtomicLong hits = new AtomicLong();
  /** Moves when a lease is renewed; checked per call so the rule stops the moment it passes. */
  private volatile long deadlineNanos;
  /** 0 not yet active, 1 active, 2 deactivated for good. */
  private volatile int state;

  /**
   * @param probability 0 to 1; 0 never fires (the cheapest path)
   * @param maxHits the most times it fires, or {@link Long#MAX_VALUE}
   * @param effect what firing does
   */
  public FaultGate(double probability, long maxHits, FaultEffect effect) {
    this.probability = probability;
    this.maxHits = maxHits;
    this.deadlineNanos = Long.MAX_VALUE;
    this.effect = effect;
  }

  /** Whether this call is hit; counts the hit when it is. */
  public boolean tryFire() {
    double p = probability;
    if (p <= 0 || state != 1) {
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

  /** Starts firing; does nothing once deactivated. */
  public synchronized void activate() {
    if (state == 0) {
      state = 1;
    }
  }

  /** Moves the {@link System#nanoTime()} deadline after which it stops firing (a renewed lease). */
  public void deadline(long nanos) {
    deadlineNanos = nanos;
  }

  /**
   * Stops firing at once and for good, before its instrumentation is removed, and lets go of calls
   * its effect is still holding (a latency in progress).
   */
  public synchronized void deactivate() {
    state = 2;
    effect.release();
  }
}
