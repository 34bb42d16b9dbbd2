package dev.faultline.server.signal;

import java.time.Instant;
import java.util.Map;

/**
 * One thing monitoring or on-call told the server, normalised from an inbound webhook
 * (Alertmanager, PagerDuty, generic JSON): an alert fired or resolved, an incident triggered,
 * was acknowledged, escalated or resolved.
 *
 * @param source {@code alertmanager}, {@code pagerduty} or {@code generic}
 * @param kind what happened
 * @param key what it is about, stable across its updates: the alert's fingerprint or the incident's id
 * @param name the alert name or the incident's title
 * @param labels labels and tags that match it to services and teams ({@code service}, {@code team}, …)
 * @param occurredAt when it happened, as the payload says (not when it arrived)
 * @param receivedAt when the server received it
 */
public record InboundSignal(String source, Kind kind, String key, String name, Map<String, String> labels,
    Instant occurredAt, Instant receivedAt) {
  public InboundSignal {
    labels = Map.copyOf(labels);
  }

  /** What happened. */
  public enum Kind {
    ALERT_FIRING, ALERT_RESOLVED, INCIDENT_TRIGGERED, INCIDENT_ACKNOWLEDGED, INCIDENT_ESCALATED, INCIDENT_RESOLVED,
    /** A person was notified (paged) about an incident. */
    NOTIFIED;

    /** Whether this opens something (an alert firing, an incident triggered). */
    public boolean opens() {
      return this == ALERT_FIRING || this == INCIDENT_TRIGGERED;
    }

    /** Whether this closes something (an alert or an incident resolved). */
    public boolean closes() {
      return this == ALERT_RESOLVED || this == INCIDENT_RESOLVED;
    }
  }
}
