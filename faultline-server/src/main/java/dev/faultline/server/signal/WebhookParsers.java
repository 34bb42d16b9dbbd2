package dev.faultline.server.signal;

import static dev.faultline.server.signal.PayloadFields.MAX_KEY;
import static dev.faultline.server.signal.PayloadFields.MAX_TEXT;
import static dev.faultline.server.signal.PayloadFields.clip;

import dev.faultline.server.signal.InboundSignal.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the documented webhook payloads into {@link InboundSignal}s. Times come from the payload
 * (an alert's {@code startsAt}/{@code endsAt}, an event's {@code occurred_at}), never from arrival.
 */
public final class WebhookParsers {
  /** The most signals one delivery may carry (Alertmanager's {@code max_alerts} is 0 = all by default). */
  public static final int MAX_SIGNALS = 1000;

  private WebhookParsers() {}

  /**
   * An Alertmanager webhook ({@code "version": "4"}): one signal per alert, firing at its
   * {@code startsAt}, resolved at its {@code endsAt}; labels are the group's common labels and
   * the alert's own; the key is the alert's {@code fingerprint}.
   */
  public static List<InboundSignal> alertmanager(Map<String, Object> body, Instant receivedAt) {
    Object version = body.get("version");
    if (!"4".equals(version)) {
      throw new WebhookPayloadException("'version' must be \"4\" (the Alertmanager webhook payload version); found "
          + (version instanceof String s ? "\"" + clip(s, 20) + "\"" : PayloadFields.describe(version)));
    }
    Map<String, String> common = PayloadFields.labels(body.get("commonLabels"), "commonLabels");
    List<?> alerts = PayloadFields.requiredList(body, "alerts", "");
    bound(alerts.size(), "alerts");
    List<InboundSignal> out = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      String path = "alerts[" + i + "].";
      Map<String, Object> a = PayloadFields.object(alerts.get(i), "alerts[" + i + "]");
      String status = PayloadFields.requiredString(a, "status", path);
      Map<String, String> labels = new LinkedHashMap<>(common);
      labels.putAll(PayloadFields.labels(a.get("labels"), path + "labels"));
      String name = labels.getOrDefault("alertname", "");
      if (name.isBlank()) {
        throw new WebhookPayloadException("'" + path + "labels.alertname' is missing; every Alertmanager alert has one");
      }
      String fingerprint = PayloadFields.optionalString(a, "fingerprint", path);
      // Alertmanager before 0.19 sent no fingerprint: the sorted label set identifies the alert as well.
      String key = fingerprint != null && !fingerprint.isBlank() ? fingerprint : new TreeMap<>(labels).toString();
      Kind kind;
      Instant at;
      switch (status) {
        case "firing" -> {
          kind = Kind.ALERT_FIRING;
          at = PayloadFields.requiredTime(a, "startsAt", path);
        }
        case "resolved" -> {
          kind = Kind.ALERT_RESOLVED;
          at = PayloadFields.requiredTime(a, "endsAt", path);
        }
        default -> throw new WebhookPayloadException("'" + path + "status' must be firing or resolved; got '"
            + clip(status, 40) + "'");
      }
      out.add(new InboundSignal("alertmanager", kind, clip(key, MAX_KEY), clip(name, MAX_TEXT), labels, at,
          receivedAt));
    }
    return out;
  }

  /**
   * A PagerDuty v3 webhook ({@code {"event": {event_type, occurred_at, data}}}): incident
   * triggered (and reopened), acknowledged, escalated (and delegated), resolved; a responder added
   * counts as a person notified. Other event types are accepted and give no signal. Labels:
   * {@code service} (the service's summary), {@code team} (the first team's summary),
   * {@code pagerduty_service_id}, {@code urgency}, {@code incident_key} where present.
   */
  public static List<InboundSignal> pagerduty(Map<String, Object> body, Instant receivedAt) {
    Map<String, Object> event = PayloadFields.requiredObject(body, "event", "");
    String type = PayloadFields.requiredString(event, "event_type", "event.");
    Instant at = PayloadFields.requiredTime(event, "occurred_at", "event.");
    Map<String, Object> data = PayloadFields.requiredObject(event, "data", "event.");
    Kind kind = switch (type) {
      case "incident.triggered", "incident.reopened" -> Kind.INCIDENT_TRIGGERED;
      case "incident.acknowledged" -> Kind.INCIDENT_ACKNOWLEDGED;
      case "incident.escalated", "incident.delegated" -> Kind.INCIDENT_ESCALATED;
      case "incident.resolved" -> Kind.INCIDENT_RESOLVED;
      case "incident.responder.added" -> Kind.NOTIFIED;
      default -> null;
    };
    if (kind == null) {
      return List.of();
    }
    // incident.responder.added carries an incident_responder whose incident is a reference.
    Map<String, Object> incident = kind == Kind.NOTIFIED && data.get("incident") instanceof Map<?, ?>
        ? PayloadFields.object(data.get("incident"), "event.data.incident") : data;
    String where = incident == data ? "event.data." : "event.data.incident.";
    String id = PayloadFields.requiredString(incident, "id", where);
    String title = PayloadFields.optionalString(incident, "title", where);
    if (title == null) {
      title = PayloadFields.optionalString(incident, "summary", where);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (incident.get("service") instanceof Map<?, ?>) {
      Map<String, Object> service = PayloadFields.object(incident.get("service"), where + "service");
      putIfText(labels, "service", PayloadFields.optionalString(service, "summary", where + "service."));
      putIfText(labels, "pagerduty_service_id", PayloadFields.optionalString(service, "id", where + "service."));
    }
    if (incident.get("teams") instanceof List<?> teams && !teams.isEmpty() && teams.get(0) instanceof Map<?, ?>) {
      Map<String, Object> team = PayloadFields.object(teams.get(0), where + "teams[0]");
      putIfText(labels, "team", PayloadFields.optionalString(team, "summary", where + "teams[0]."));
    }
    if (incident.get("urgency") instanceof String u) {
      putIfText(labels, "urgency", u);
    }
    if (incident.get("incident_key") instanceof String k) {
      putIfText(labels, "incident_key", k);
    }
    labels.put("event_type", type);
    return List.of(new InboundSignal("pagerduty", kind, clip(id, MAX_KEY), clip(title == null ? id : title, MAX_TEXT),
        labels, at, receivedAt));
  }

  /**
   * The generic form: {@code {"signals": [{"kind": "alert_firing", "key": "…", "name": "…",
   * "labels": {"service": "…"}, "occurred_at": "2026-12-05T14:00:00Z"}]}}; kinds are the
   * lower-case names of {@link Kind}.
   */
  public static List<InboundSignal> generic(Map<String, Object> body, Instant receivedAt) {
    List<?> signals = PayloadFields.requiredList(body, "signals", "");
    bound(signals.size(), "signals");
    List<InboundSignal> out = new ArrayList<>();
    for (int i = 0; i < signals.size(); i++) {
      String path = "signals[" + i + "].";
      Map<String, Object> s = PayloadFields.object(signals.get(i), "signals[" + i + "]");
      String kindName = PayloadFields.requiredString(s, "kind", path);
      Kind kind;
      try {
        kind = Kind.valueOf(kindName.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new WebhookPayloadException("'" + path + "kind' must be one of " + kindNames() + "; got '"
            + clip(kindName, 40) + "'");
      }
      String key = PayloadFields.requiredString(s, "key", path);
      String name = PayloadFields.optionalString(s, "name", path);
      out.add(new InboundSignal("generic", kind, clip(key, MAX_KEY), clip(name == null ? key : name, MAX_TEXT),
          PayloadFields.labels(s.get("labels"), path + "labels"), PayloadFields.requiredTime(s, "occurred_at", path),
          receivedAt));
    }
    return out;
  }

  static String kindNames() {
    List<String> names = new ArrayList<>();
    for (Kind k : Kind.values()) {
      names.add(k.name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", names);
  }

  private static void bound(int n, String field) {
    if (n > MAX_SIGNALS) {
      throw new WebhookPayloadException("'" + field + "' has " + n + " entries; at most " + MAX_SIGNALS
          + " are accepted in one delivery");
    }
  }

  private static void putIfText(Map<String, String> labels, String key, String value) {
    if (value != null && !value.isBlank()) {
      labels.put(key, clip(value, MAX_TEXT));
    }
  }
}
