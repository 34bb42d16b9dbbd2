package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.signal.InboundSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The V4 schema and every continuous-chaos store on a real PostgreSQL (H2 runs them in the other tests). */
class ContinuousPostgresTest {
  @Test
  @SuppressWarnings("unchecked")
  void continuousChaosRunsOnPostgresql(@TempDir Path dir) throws Exception {
    Instant monday = Instant.parse("2026-12-07T10:00:00Z");
    ContinuousFixtures.MutableClock clock = new ContinuousFixtures.MutableClock(monday);
    try (RealPostgres pg = RealPostgres.start(dir);
        ContinuousFixtures.Health health = new ContinuousFixtures.Health();
        TestServer t = TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()).withContinuous(
            ContinuousSettings.defaults().withClock(clock).withSchedulerRunning(false)), pg.env())) {
      String admin = t.adminToken;
      assertThat(t.call("POST", "/api/v1/services", admin, ContinuousFixtures.service("orders", "shop", 0,
          health.url())).status()).isEqualTo(201);
      assertThat(t.call("PUT", "/api/v1/services/orders", admin, "{\"level\": 1, \"tags\": {\"zone\": \"a\"}, "
          + "\"monkey\": {\"leashed\": true}}").json()).containsEntry("level", 1);
      assertThat(t.call("POST", "/api/v1/services/orders/opt-out", admin, "{\"reason\": \"r\"}").json())
          .containsEntry("opted_in", false);
      assertThat(t.call("POST", "/api/v1/services/orders/opt-in", admin, null).json()).containsEntry("opted_in", true);
      Response holiday = t.call("POST", "/api/v1/calendars", admin, "{\"kind\": \"holiday\", \"day\": \"2026-12-25\", "
          + "\"reason\": \"Christmas\", \"team\": \"shop\"}");
      assertThat(holiday.status()).isEqualTo(201);
      assertThat((List<Object>) t.get("/api/v1/calendars", admin).json().get("calendars")).hasSize(3);
      assertThat(t.call("DELETE", "/api/v1/calendars/" + holiday.json().get("id"), admin, null).status()).isEqualTo(204);

      String doc = "{\"title\": \"t\", \"description\": \"d\", \"method\": [{\"type\": \"probe\", \"name\": \"p\", "
          + "\"provider\": {\"type\": \"http\", \"url\": \"" + health.url() + "\"}}]}";
      Response cron = t.call("POST", "/api/v1/schedules", admin, "{\"service\": \"orders\", \"cron\": \"0 11 * * 1-5\", "
          + "\"document\": " + doc + "}");
      assertThat(cron.status()).as(cron.toString()).isEqualTo(201);
      assertThat(cron.json()).containsEntry("next_due", "2026-12-07T11:00:00Z");
      String id = (String) cron.json().get("id");
      assertThat(t.call("POST", "/api/v1/schedules/" + id + "/renew", admin, null).status()).isEqualTo(200);

      clock.set(Instant.parse("2026-12-07T11:00:00Z"));
      assertThat(t.server.continuous().scheduler().tick()).isEqualTo(1);
      Map<String, Object> schedule = t.get("/api/v1/schedules/" + id, admin).json();
      String runId = (String) schedule.get("last_run_id");
      assertThat(runId).as(schedule.toString()).isNotNull();
      assertThat(schedule).containsEntry("next_due", "2026-12-08T11:00:00Z");
      t.awaitEnd(runId, admin, Duration.ofSeconds(20));

      t.server.continuous().signals().publish(new InboundSignal("pagerduty", InboundSignal.Kind.INCIDENT_TRIGGERED,
          "P123", "checkout down", Map.of("team", "shop"), clock.instant(), clock.instant()));
      clock.set(Instant.parse("2026-12-08T11:00:00Z"));
      t.server.continuous().scheduler().tick();
      assertThat(t.get("/api/v1/schedules/" + id, admin).body()).contains("skipped", "checkout down");
      t.server.continuous().signals().publish(new InboundSignal("pagerduty", InboundSignal.Kind.INCIDENT_RESOLVED,
          "P123", "checkout down", Map.of("team", "shop"), clock.instant(), clock.instant()));
      Map<String, Object> pause = ((List<Map<String, Object>>) t.get("/api/v1/pauses", admin).json().get("pauses")).get(0);
      assertThat(pause).containsEntry("services", List.of("orders", "team:shop")).containsEntry("ends",
          "2026-12-08T11:30:00Z");

      Response target = t.call("POST", "/api/v1/notifications", admin, "{\"kind\": \"grafana\", \"url\": "
          + "\"http://127.0.0.1:9\", \"token\": \"s3cret\"}");
      assertThat(target.json()).containsEntry("has_token", true).doesNotContainValue("s3cret");
      assertThat(t.call("DELETE", "/api/v1/notifications/" + target.json().get("id"), admin, null).status())
          .isEqualTo(204);
      Map<String, Object> coverage = t.get("/api/v1/coverage", admin).json();
      assertThat(coverage.get("services").toString()).contains(runId, "pass_rate=1.0");
      assertThat(t.call("DELETE", "/api/v1/schedules/" + id, admin, null).status()).isEqualTo(204);
      assertThat(t.call("DELETE", "/api/v1/services/orders", admin, null).status()).isEqualTo(204);
    }
  }
}
