package dev.faultline.server;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.signal.WebhookAuth;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Posts webhooks to a test server the way senders do: signed with a secret, or with a bearer token. */
final class WebhookClient {
  private WebhookClient() {}

  static Response signed(TestServer t, String source, String body, String secret) throws Exception {
    String header = source.equals("pagerduty") ? WebhookAuth.PAGERDUTY_HEADER : WebhookAuth.FAULTLINE_HEADER;
    return post(t, source, body.getBytes(StandardCharsets.UTF_8), header,
        WebhookAuth.sign(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  static Response withToken(TestServer t, String source, String body, String token) throws Exception {
    return post(t, source, body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token);
  }

  static Response post(TestServer t, String source, byte[] body, String header, String value) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.server.baseUri() + "/api/v1/webhooks/" + source))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (header != null) {
      b.header(header, value);
    }
    HttpResponse<String> r = t.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), null);
  }

  /** An Alertmanager v4 delivery of one alert. */
  static String alertmanager(String status, String alertname, String fingerprint, Instant startsAt, Instant endsAt,
      String service) {
    return """
        {"version": "4", "groupKey": "{}:{alertname=\\"%s\\"}", "truncatedAlerts": 0, "status": "%s",
         "receiver": "faultline", "groupLabels": {"alertname": "%s"},
         "commonLabels": {"alertname": "%s", "service": "%s", "severity": "page"},
         "commonAnnotations": {"summary": "latency"}, "externalURL": "http://alertmanager.example",
         "alerts": [{"status": "%s", "labels": {"alertname": "%s", "service": "%s", "instance": "shop:8080"},
           "annotations": {"summary": "latency"}, "startsAt": "%s", "endsAt": "%s",
           "generatorURL": "http://prometheus.example/graph", "fingerprint": "%s"}]}
        """.formatted(alertname, status, alertname, alertname, service, status, alertname, service, startsAt,
        endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString(), fingerprint);
  }

  /** An Alertmanager v4 delivery of one alert with these labels (besides {@code alertname}), common to the group. */
  static String alertmanager(String status, String alertname, String fingerprint, Instant startsAt, Instant endsAt,
      java.util.Map<String, String> labels) throws Exception {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("alertname", alertname);
    all.putAll(labels);
    String json = Json.MAPPER.writeValueAsString(all);
    return """
        {"version": "4", "groupKey": "{}:{alertname=\\"%s\\"}", "truncatedAlerts": 0, "status": "%s",
         "receiver": "faultline", "groupLabels": {"alertname": "%s"}, "commonLabels": %s,
         "commonAnnotations": {}, "externalURL": "http://alertmanager.example",
         "alerts": [{"status": "%s", "labels": %s, "annotations": {}, "startsAt": "%s", "endsAt": "%s",
           "generatorURL": "http://prometheus.example/graph", "fingerprint": "%s"}]}
        """.formatted(alertname, status, alertname, json, status, json, startsAt,
        endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString(), fingerprint);
  }

  /** A PagerDuty v3 incident event, as its documented format has it. */
  static String pagerduty(String eventType, String incidentId, Instant occurredAt, String service, String team) {
    return """
        {"event": {"id": "01DEN%s", "event_type": "%s", "resource_type": "incident", "occurred_at": "%s",
          "agent": {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV", "self": "https://api.pagerduty.com/users/PLH1HKV",
                    "summary": "Tenex Engineer", "type": "user_reference"},
          "client": null,
          "data": {"id": "%s", "type": "incident", "self": "https://api.pagerduty.com/incidents/%s",
            "html_url": "https://acme.pagerduty.com/incidents/%s", "number": 2, "status": "triggered",
            "incident_key": "d3640fbd41094207a1c11e58e46b1662", "created_at": "%s",
            "title": "Checkout latency is high", "urgency": "high",
            "service": {"html_url": "https://acme.pagerduty.com/services/PF9KMXH", "id": "PF9KMXH",
                        "self": "https://api.pagerduty.com/services/PF9KMXH", "summary": "%s", "type": "service_reference"},
            "assignees": [], "escalation_policy": {"id": "PJ7EKGY", "summary": "Default", "type": "escalation_policy_reference"},
            "teams": [{"id": "PFCVPS0", "summary": "%s", "type": "team_reference"}],
            "priority": null, "conference_bridge": null, "resolve_reason": null}}}
        """.formatted(Long.toHexString(occurredAt.toEpochMilli() ^ eventType.hashCode()), eventType, occurredAt,
        incidentId, incidentId, incidentId, occurredAt, service, team);
  }
}
