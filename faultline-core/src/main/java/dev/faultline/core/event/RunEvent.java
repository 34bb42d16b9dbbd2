package dev.faultline.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * One moment of a run, with both clocks: wall time for people and other systems, monotonic time
 * for exact intervals (wall clocks jump; a skew fault can even move this JVM's).
 *
 * @param kind what happened
 * @param subject what it happened to: an activity name, a fault, the hypothesis title
 * @param wallTime when, by the wall clock
 * @param monotonicNanos when, by {@link System#nanoTime()} relative to the run start
 * @param attributes details: phase, status, duration, value…
 */
public record RunEvent(RunEventKind kind, String subject, Instant wallTime, long monotonicNanos,
    Map<String, Object> attributes) {
  public RunEvent {
    attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }
}
