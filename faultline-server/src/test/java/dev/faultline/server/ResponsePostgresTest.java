package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The V5 migration and the response queries on a real PostgreSQL: webhooks, correlation, GameDays. */
class ResponsePostgresTest {
  @Test
  void webhooksResponsesAndGameDaysWorkOnPostgresql(@TempDir Path dir) throws Exception {
    try (RealPostgres pg = RealPostgres.start(dir)) {
      Map<String, String> env = new HashMap<>(pg.env());
      env.put("FAULTLINE_WEBHOOK_SECRET", WebhookTest.SECRET);
      env.put("FAULTLINE_RESPONSE_HORIZON_SECONDS", "30");
      try (TestServer t = TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()), env)) {
        String operator = t.token("operator");
        String exp = ResponseTest.experiment("pg response", "checkout",
            "{\"alerts\": [{\"name\": \"HighLatency\", \"within\": \"1m\"}]}");
        Response stored = t.call("POST", "/api/v1/experiments", operator, exp);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        String runId = ResponseTest.submit(t, operator, exp);
        t.awaitEnd(runId, operator, Duration.ofSeconds(30));
        Map<String, Object> before = t.get("/api/v1/runs/" + runId + "/response", operator).json();
        Instant injected = Instant.parse((String) ResponseTest.milestones(before).get("fault_injected").get("at"));

        String firing = WebhookClient.alertmanager("firing", "HighLatency", "fpPg", injected.plusMillis(1234), null,
            "checkout");
        assertThat(WebhookClient.signed(t, "alertmanager", firing, WebhookTest.SECRET).json()).containsEntry("new", 1);
        // A redelivery in its own transaction: skipped without aborting it (PostgreSQL aborts on a failed insert).
        assertThat(WebhookClient.withToken(t, "alertmanager", firing, operator).json()).containsEntry("duplicates", 1);
        Map<String, Object> after = t.get("/api/v1/runs/" + runId + "/response", operator).json();
        assertThat(ResponseTest.durations(after)).containsEntry("time_to_detect_ms", 1234);
        assertThat(ResponseTest.outcomes(after)).containsExactly("met");

        Response gd = t.call("POST", "/api/v1/gamedays", operator, "{\"title\": \"pg\", \"experiments\": [\""
            + stored.json().get("id") + "\"], \"participants\": [\"test-operator\"]}");
        assertThat(gd.status()).as(gd.toString()).isEqualTo(201);
        String base = "/api/v1/gamedays/" + gd.json().get("id");
        for (int i = 0; i < 2; i++) {
          // The second replaces the first (delete + insert under the GameDay's row lock).
          assertThat(t.call("POST", base + "/predictions", operator, "{\"steady_state_holds\": true, "
              + "\"alert_fires\": " + (i == 1) + ", \"detect_within\": \"2m\"}").status()).isEqualTo(201);
        }
        assertThat(t.call("POST", base + "/start", operator, null).status()).isEqualTo(202);
        String gameRun = (String) ((Map<?, ?>) ((List<?>) t.get(base, operator).json().get("runs")).get(0)).get("id");
        t.awaitEnd(gameRun, operator, Duration.ofSeconds(30));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> revealed = (List<Map<String, Object>>) t.get(base, operator).json().get("predictions");
        assertThat(revealed).singleElement().satisfies(p -> assertThat(p).containsEntry("alert_fires", true)
            .containsEntry("detect_within_ms", 120_000));
      }
    }
  }
}
