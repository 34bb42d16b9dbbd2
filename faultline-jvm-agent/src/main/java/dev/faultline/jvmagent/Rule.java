package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;

/**
 * One rule the agent holds: what it targets, what it does, how often it has fired, when it expires,
 * and how to take it away. A rule is built inactive, {@link #start started} once fully installed,
 * and {@link #undo() undone} at most once, which restores the JVM as it was before the rule.
 *
 * <p>Expiry: a rule may have a length (a hard end counted from its start) and a lease (it ends when
 * the lease passes without a {@link #renew}); the earlier of the two is its expiry, enforced by
 * {@link RuleBook}'s expiry thread. Without either it stays until cleared.
 */
abstract class Rule {
  final int id;
  final RuleRequest request;
  private volatile long lengthDeadlineNanos = Long.MAX_VALUE;
  private volatile long leaseDeadlineNanos = Long.MAX_VALUE;
  private boolean undone;
  private volatile boolean stopped;

  Rule(int id, RuleRequest request) {
    this.id = id;
    this.request = request;
  }

  /** What the rule selects, e.g. {@code com.acme.Greeter.greet}, {@code point checkout}, {@code jvm}. */
  abstract String target();

  /** What it does, e.g. {@code latency 100ms + up to 20ms}. */
  abstract String effect();

  /** How many times it fired (JVM-wide faults: 1 once applied). */
  abstract long hits();

  /** How many loaded classes carry its instrumentation (0 for JVM-wide faults). */
  int instrumentedClasses() {
    return 0;
  }

  /** Whether it used up {@code maxHits}. */
  boolean exhausted() {
    return false;
  }

  /** Classes left out of its instrumentation because they could not be rewritten (clock skew only). */
  SkippedClasses skipped() {
    return SkippedClasses.NONE;
  }

  /** Makes the effect take hold; the rule is fully installed by now. */
  void activate() {}

  /** Tells the effect its current expiry, for rules that can stop by themselves between checks. */
  void expiresAt(long nanos) {}

  /**
   * Stops the effect at once and lets go of calls it holds, without the (slow) retransformation;
   * idempotent. Called before {@link #revert()}, possibly from another thread.
   */
  void stopEffect() {}

  /** Takes the rule away completely (instrumentation included); the body of {@link #undo()}. */
  abstract void revert();

  /** Starts the rule's clock (length and lease count from now) and activates it. */
  final void start(long nowNanos) {
    if (request.lengthMs > 0) {
      lengthDeadlineNanos = nowNanos + request.lengthMs * 1_000_000;
    }
    if (request.leaseMs > 0) {
      leaseDeadlineNanos = nowNanos + request.leaseMs * 1_000_000;
    }
    expiresAt(expiresAtNanos());
    activate();
  }

  /**
   * Extends the lease by its full length from {@code nowNanos}, never beyond the rule's length.
   *
   * @return milliseconds until the rule now expires
   * @throws RuleRefusedException when the rule has no lease
   */
  final long renew(long nowNanos) throws RuleRefusedException {
    if (request.leaseMs <= 0) {
      throw new RuleRefusedException("rule " + id + " was added without a lease, so there is nothing to renew; it "
          + (request.lengthMs > 0 ? "ends when its length of " + request.lengthMs + " ms passes" : "stays until cleared"));
    }
    leaseDeadlineNanos = nowNanos + request.leaseMs * 1_000_000;
    long at = expiresAtNanos();
    expiresAt(at);
    return Math.max(0, (at - nowNanos) / 1_000_000);
  }

  /** The {@link System#nanoTime()} at which the rule expires, or {@link Long#MAX_VALUE} for never. */
  final long expiresAtNanos() {
    long lease = leaseDeadlineNanos;
    long length = lengthDeadlineNanos;
    return lease - length < 0 ? lease : length;
  }

  /** Whether the rule has expired at {@code nowNanos}. */
  final boolean expired(long nowNanos) {
    long at = expiresAtNanos();
    return at != Long.MAX_VALUE && nowNanos - at >= 0;
  }

  /** Why the rule expired, for later questions about it (renew, clear). */
  final String expiryReason() {
    return leaseDeadlineNanos - lengthDeadlineNanos < 0
        ? "its lease of " + request.leaseMs + " ms passed without a renewal"
        : "its length of " + request.lengthMs + " ms ended";
  }

  /** Stops the effect once (see {@link #stopEffect()}). */
  final void stop() {
    if (!stopped) {
      stopped = true;
      stopEffect();
    }
  }

  /** Reverts the rule once; later calls do nothing. */
  final synchronized void undo() {
    stop();
    if (!undone) {
      undone = true;
      revert();
    }
  }

  final String state() {
    return exhausted() ? "exhausted" : "active";
  }

  /** The rule as a wire record for {@code rules}. */
  final WireRecord view() {
    WireRecord r = WireRecord.create()
        .with("id", id)
        .with("kind", request.kind)
        .with("target", target())
        .with("effect", effect())
        .with("state", state())
        .with("hits", hits())
        .with("classes", instrumentedClasses());
    SkippedClasses skipped = skipped();
    if (skipped.count() > 0) {
      r.with("skipped", skipped.count()).with("skippedExamples", skipped.examples());
    }
    if (request.targetsCode()) {
      r.with("probability", request.probability);
      r.with("maxHits", request.maxHits == Long.MAX_VALUE ? null : request.maxHits);
    }
    long now = System.nanoTime();
    if (request.lengthMs > 0) {
      r.with("lengthMs", request.lengthMs);
      r.with("remainingMs", Math.max(0, (lengthDeadlineNanos - now) / 1_000_000));
    }
    if (request.leaseMs > 0) {
      r.with("leaseMs", request.leaseMs);
    }
    long at = expiresAtNanos();
    if (at != Long.MAX_VALUE) {
      r.with("expiresInMs", Math.max(0, (at - now) / 1_000_000));
      r.with("expiresBy", leaseDeadlineNanos - lengthDeadlineNanos < 0 ? "lease" : "length");
    }
    return r;
  }
}
