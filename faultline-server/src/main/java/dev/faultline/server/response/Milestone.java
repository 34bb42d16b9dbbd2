package dev.faultline.server.response;

import java.time.Instant;

/**
 * One moment of the response to a run's fault. A milestone that did not happen has a null time:
 * it is shown as missing, never as zero.
 *
 * @param name fault_injected, alert_firing, notified, acknowledged, escalated, fault_reverted,
 *     steady_state_back or all_clear
 * @param at when, from the payload or the run's records; null when missing
 * @param sinceInjectionMs how long after the fault was injected; null when either is missing
 * @param detail what it was (the alert's name and source, the fault, …)
 */
public record Milestone(String name, Instant at, Long sinceInjectionMs, String detail) {
  /** The names, in the order of a typical response. */
  public static final java.util.List<String> ORDER = java.util.List.of("fault_injected", "alert_firing", "notified",
      "acknowledged", "escalated", "fault_reverted", "steady_state_back", "all_clear");

  public boolean missing() {
    return at == null;
  }
}
