package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.signal.InboundSignal;
import dev.faultline.server.signal.InboundSignal.Kind;
import dev.faultline.server.signal.WebhookAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbound webhooks: authentication, payload checks, storage once, publication on the bus. */
class WebhookTest {
  static final String SECRET = "whsec-test-6f1d";
  @TempDir
  static Path shared;
  private static TestServer t;

  @org.junit.jupiter.api.BeforeAll
  static void startShared() throws Exception {
    t = start(shared);
  }

  @org.junit.jupiter.api.AfterAll
  static void stopShared() {
    if (t != null) {
      t.close();
    }
  }

  static TestServer start(Path dir) throws Exception {
    return TestServer.start(dir, c -> c, Map.of("FAULTLINE_WEBHOOK_SECRET", SECRET,
        "FAULTLINE_RESPONSE_HORIZON_SECONDS", "3"));
  }

  @Test
  void alertmanagerDeliveryIsStoredOnceAndPublishedWithThePayloadsTimes() throws Exception {
    {
      List<InboundSignal> published = new CopyOnWriteArrayList<>();
      t.server.api().services().signals().subscribe(published::add);
      String operator = t.token("operator");
      Map<String, Long> before = t.server.api().services().response().signalStore().counts();
      Instant starts = Instant.parse("2026-12-05T14:00:01.250Z");
      String firing = WebhookClient.alertmanager("firing", "HighLatency", "fp1", starts, null, "checkout");

      Response r = WebhookClient.withToken(t, "alertmanager", firing, operator);
      assertThat(r.status()).as(r.toString()).isEqualTo(202);
      assertThat(r.json()).containsEntry("signals", 1).containsEntry("new", 1);
      assertThat(published).singleElement().satisfies(s -> {
        assertThat(s.kind()).isEqualTo(Kind.ALERT_FIRING);
        assertThat(s.occurredAt()).isEqualTo(starts);
        assertThat(s.key()).isEqualTo("fp1");
        assertThat(s.name()).isEqualTo("HighLatency");
        assertThat(s.labels()).containsEntry("service", "checkout").containsEntry("instance", "shop:8080");
      });

      // Alertmanager repeats firing groups and retries on 5xx: the same alert is stored once.
      Response again = WebhookClient.signed(t, "alertmanager", firing, SECRET);
      assertThat(again.status()).as(again.toString()).isEqualTo(202);
      assertThat(again.json()).containsEntry("new", 0).containsEntry("duplicates", 1);
      assertThat(published).hasSize(1);

      Instant ends = starts.plusSeconds(30);
      Response resolved = WebhookClient.signed(t, "alertmanager",
          WebhookClient.alertmanager("resolved", "HighLatency", "fp1", starts, ends, "checkout"), SECRET);
      assertThat(resolved.status()).isEqualTo(202);
      assertThat(published).hasSize(2);
      assertThat(published.get(1).kind()).isEqualTo(Kind.ALERT_RESOLVED);
      assertThat(published.get(1).occurredAt()).isEqualTo(ends);
      assertThat(t.server.api().services().response().signalStore().counts())
          .containsEntry("webhooks", before.get("webhooks") + 3).containsEntry("signals", before.get("signals") + 2);
    }
  }

  @Test
  void pagerdutyEventsAreCheckedAgainstItsSignatureScheme() throws Exception {
    {
      List<InboundSignal> published = new CopyOnWriteArrayList<>();
      t.server.api().services().signals().subscribe(published::add);
      Instant at = Instant.parse("2026-12-05T14:00:05Z");
      for (String type : List.of("incident.triggered", "incident.acknowledged", "incident.escalated",
          "incident.resolved", "incident.priority_updated")) {
        String body = WebhookClient.pagerduty(type, "Q1ABC", at, "checkout", "payments");
        // Secret rotation: the header may carry several values, one of them the current secret's.
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String header = "v1=" + "ab".repeat(32) + ", " + WebhookAuth.sign(SECRET, raw);
        Response r = WebhookClient.post(t, "pagerduty", raw, WebhookAuth.PAGERDUTY_HEADER, header);
        assertThat(r.status()).as(type + ": " + r).isEqualTo(202);
        at = at.plusSeconds(10);
      }
      assertThat(published).extracting(InboundSignal::kind).containsExactly(Kind.INCIDENT_TRIGGERED,
          Kind.INCIDENT_ACKNOWLEDGED, Kind.INCIDENT_ESCALATED, Kind.INCIDENT_RESOLVED);
      assertThat(published.get(0).labels()).containsEntry("service", "checkout").containsEntry("team", "payments")
          .containsEntry("urgency", "high");
      assertThat(published.get(1).occurredAt()).isEqualTo(Instant.parse("2026-12-05T14:00:15Z"));
    }
  }

  @Test
  void unsignedForgedMalformedAndViewerDeliveriesAreRefusedAndNothingIsStored() throws Exception {
    {
      List<InboundSignal> published = new CopyOnWriteArrayList<>();
      t.server.api().services().signals().subscribe(published::add);
      Map<String, Long> before = t.server.api().services().response().signalStore().counts();
      String body = WebhookClient.alertmanager("firing", "HighLatency", "fpRefused", Instant.now(), null, "checkout");
      byte[] raw = body.getBytes(StandardCharsets.UTF_8);

      assertRefused(WebhookClient.post(t, "alertmanager", raw, null, null), 401, "unsigned");
      assertRefused(WebhookClient.post(t, "alertmanager", raw, WebhookAuth.FAULTLINE_HEADER,
          WebhookAuth.sign("another-secret", raw)), 401, "forged_signature");
      // The body changed on the way: the signature of the original no longer matches.
      assertRefused(WebhookClient.post(t, "alertmanager", body.replace("fpRefused", "fp2").getBytes(StandardCharsets.UTF_8),
          WebhookAuth.FAULTLINE_HEADER, WebhookAuth.sign(SECRET, raw)), 401, "forged_signature");
      assertRefused(WebhookClient.post(t, "pagerduty", raw, WebhookAuth.PAGERDUTY_HEADER, "sha256=abc"), 401,
          "bad_signature");
      assertRefused(WebhookClient.withToken(t, "alertmanager", body, "flt_not_a_token"), 401, "unknown_token");
      Response viewer = WebhookClient.withToken(t, "alertmanager", body, t.token("viewer"));
      assertRefused(viewer, 403, "forbidden");
      assertThat(viewer.json().get("message").toString()).contains("operator");
      assertRefused(WebhookClient.signed(t, "alertmanager", "{\"version\": \"4\", \"alerts\": [", SECRET), 400,
          "bad_json");
      Response wrongVersion = WebhookClient.signed(t, "alertmanager", body.replace("\"version\": \"4\"",
          "\"version\": \"3\""), SECRET);
      assertRefused(wrongVersion, 422, "bad_payload");
      assertThat(wrongVersion.json().get("message").toString()).contains("'version' must be \"4\"");
      Response badTime = WebhookClient.signed(t, "generic", "{\"signals\": [{\"kind\": \"alert_firing\", \"key\": \"k\", "
          + "\"occurred_at\": \"yesterday\"}]}", SECRET);
      assertRefused(badTime, 422, "bad_payload");
      assertThat(badTime.json().get("message").toString()).contains("signals[0].occurred_at");
      Response badKind = WebhookClient.signed(t, "generic", "{\"signals\": [{\"kind\": \"exploded\", \"key\": \"k\", "
          + "\"occurred_at\": \"2026-12-05T14:00:00Z\"}]}", SECRET);
      assertRefused(badKind, 422, "bad_payload");
      assertThat(badKind.json().get("message").toString()).contains("signals[0].kind").contains("alert_firing");

      assertThat(published).isEmpty();
      assertThat(t.server.api().services().response().signalStore().counts()).isEqualTo(before);
    }
  }

  @Test
  void identicalDeliveriesAtOnceStoreTheSignalOnceAndAllSucceed() throws Exception {
    String body = WebhookClient.alertmanager("firing", "Raced", "fpRace", Instant.parse("2026-12-05T15:00:00Z"), null,
        "checkout");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Response>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sent.add(pool.submit(() -> WebhookClient.signed(t, "alertmanager", body, SECRET)));
      }
      int fresh = 0;
      for (java.util.concurrent.Future<Response> f : sent) {
        Response r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        fresh += ((Number) r.json().get("new")).intValue();
      }
      assertThat(fresh).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSignedDeliveryNeedsAConfiguredSecret(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir)) {
      String body = "{\"signals\": []}";
      assertRefused(WebhookClient.signed(t, "generic", body, SECRET), 401, "no_webhook_secret");
      assertThat(WebhookClient.withToken(t, "generic", body, t.adminToken).status()).isEqualTo(202);
    }
  }

  static void assertRefused(Response r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.json()).containsEntry("error", code);
  }
}
