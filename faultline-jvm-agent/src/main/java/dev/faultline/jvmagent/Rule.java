package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;

/**
 * One rule the agent holds: what it targets, what it does, how often it has fired, and how to take
 * it away. {@link #undo()} is idempotent and restores the JVM as it was before the rule.
 */
abstract class Rule {
  final int id;
  final RuleRequest request;
  private final long deadlineNanos;
  private volatile boolean undone;
  private volatile String endedState;

  Rule(int id, RuleRequest request) {
    this.id = id;
    this.request = request;
    this.deadlineNanos = request.lengthMs > 0 ? System.nanoTime() + request.lengthMs * 1_000_000 : Long.MAX_VALUE;
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

  /** Takes the effect away; the body of {@link #undo()}, called at most once. */
  abstract void revert();

  /** Reverts the rule once; later calls do nothing. */
  final synchronized void undo() {
    if (!undone) {
      undone = true;
      revert();
    }
  }

  /** Marks the rule as ended by its length, and reverts it. */
  final void expire() {
    endedState = "expired";
    undo();
  }

  /** The {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}. */
  final long deadlineNanos() {
    return deadlineNanos;
  }

  final String state() {
    if (endedState != null) {
      return endedState;
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
      return "expired";
    }
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
    if (request.targetsCode()) {
      r.with("probability", request.probability);
      r.with("maxHits", request.maxHits == Long.MAX_VALUE ? null : request.maxHits);
    }
    if (request.lengthMs > 0) {
      r.with("lengthMs", request.lengthMs);
      r.with("remainingMs", Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }
    return r;
  }
}
