package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's response milestones from real webhook deliveries: times from the payloads, missing
 * milestones missing, expectations met or a monitoring gap, the postmortem and the trends.
 */
class ResponseTest {
  static String experiment(String title, String service, String expect) {
    return """
        {"title": "%s", "description": "response test", "tags": ["service:%s", "team:payments"],
         "expect": %s,
         "steady-state-hypothesis": {"title": "shop answers",
           "probes": [{"type": "probe", "name": "shop-up", "tolerance": 0, "provider": {"type": "process", "path": "true"}}]},
         "method": [{"type": "action", "name": "slow-down", "provider": {"type": "process", "path": "true"},
                     "pauses": {"after": 0.3}}],
         "rollbacks": [{"type": "action", "name": "restore", "provider": {"type": "process", "path": "true"}}]}
        """.formatted(title, service, expect);
  }

  @Test
  @SuppressWarnings("unchecked")
  void milestonesComeFromThePayloadsAndMissingOnesStayMissing(@TempDir Path dir) throws Exception {
    try (TestServer t = WebhookTest.start(dir)) {
      String operator = t.token("operator");
      String viewer = t.token("viewer");
      String exp = experiment("checkout latency", "checkout",
          "{\"alerts\": [{\"name\": \"HighLatency\", \"within\": \"2m\"}], \"page\": {\"within\": \"5m\"}}");
      String runA = submit(t, operator, exp);
      String runGap = submit(t, operator, experiment("search latency", "search",
          "{\"alerts\": [{\"name\": \"SearchSlow\", \"within\": \"1s\"}]}"));
      t.awaitEnd(runA, operator, Duration.ofSeconds(30));
      t.awaitEnd(runGap, operator, Duration.ofSeconds(30));

      Map<String, Object> before = t.get("/api/v1/runs/" + runA + "/response", viewer).json();
      Map<String, Map<String, Object>> ms = milestones(before);
      Instant injected = Instant.parse((String) ms.get("fault_injected").get("at"));
      Instant reverted = Instant.parse((String) ms.get("fault_reverted").get("at"));
      assertThat(ms.get("steady_state_back").get("missing")).isEqualTo(false);
      for (String m : List.of("alert_firing", "notified", "acknowledged", "escalated", "all_clear")) {
        assertThat(ms.get(m)).as(m).containsEntry("missing", true).containsEntry("at", null)
            .containsEntry("since_injection_ms", null);
      }
      assertThat(durations(before)).containsEntry("time_to_detect_ms", null);

      // What monitoring and on-call say, each at a known offset from the injection, all inside the
      // window (the revert, at least 0.3 s after the injection, plus the 3 s horizon).
      Instant firing = injected.plusMillis(1500);
      Instant paged = injected.plusMillis(1700);
      assertThat(WebhookClient.signed(t, "alertmanager", WebhookClient.alertmanager("firing", "HighLatency", "fpA",
          firing, null, "checkout"), WebhookTest.SECRET).status()).isEqualTo(202);
      post(t, "pagerduty", WebhookClient.pagerduty("incident.triggered", "PD1", paged, "checkout", "payments"));
      post(t, "pagerduty", WebhookClient.pagerduty("incident.acknowledged", "PD1", paged.plusMillis(400), "checkout",
          "payments"));
      post(t, "pagerduty", WebhookClient.pagerduty("incident.escalated", "PD1", paged.plusMillis(200), "checkout",
          "payments"));
      Instant alertEnds = injected.plusMillis(2600);
      post(t, "alertmanager", WebhookClient.alertmanager("resolved", "HighLatency", "fpA", firing, alertEnds,
          "checkout"));
      post(t, "pagerduty", WebhookClient.pagerduty("incident.resolved", "PD1", injected.plusMillis(2500), "checkout",
          "payments"));
      // Another service's alert at the same time, and this service's alert long after the window: not this run's.
      post(t, "alertmanager", WebhookClient.alertmanager("firing", "HighLatency", "fpOther", firing, null, "search"));
      post(t, "alertmanager", WebhookClient.alertmanager("firing", "HighLatency", "fpLate", reverted.plusSeconds(600),
          null, "checkout"));

      Map<String, Object> after = t.get("/api/v1/runs/" + runA + "/response", viewer).json();
      ms = milestones(after);
      assertThat(ms.get("alert_firing")).containsEntry("at", firing.toString()).containsEntry("since_injection_ms", 1500);
      assertThat(ms.get("notified")).containsEntry("at", paged.toString()).containsEntry("since_injection_ms", 1700);
      assertThat(ms.get("escalated").get("at")).isEqualTo(paged.plusMillis(200).toString());
      assertThat(ms.get("acknowledged").get("at")).isEqualTo(paged.plusMillis(400).toString());
      assertThat(ms.get("all_clear").get("at")).as(after.toString()).isEqualTo(alertEnds.toString());
      assertThat(durations(after)).containsEntry("time_to_detect_ms", 1500).containsEntry("time_to_notify_ms", 1700)
          .containsEntry("time_to_acknowledge_ms", 400).containsEntry("time_to_all_clear_ms", (int) (alertEnds.toEpochMilli() - reverted.toEpochMilli()));
      assertThat(after).containsEntry("detected", true).containsEntry("monitoring_gap", false);
      assertThat((List<?>) after.get("signals")).hasSize(6);
      assertThat(outcomes(after))
          .containsExactly("met", "met");

      // The other run: nothing fired for it; once its window closed it is a monitoring gap although it held.
      Map<String, Object> gap = awaitClosed(t, runGap, viewer);
      assertThat(gap).containsEntry("monitoring_gap", true).containsEntry("steady_state_deviated", false);
      assertThat((String) gap.get("verdict")).contains("MONITORING GAP").contains("steady state held");
      assertThat(outcomes(gap))
          .containsExactly("missing");

      Response pm = t.get("/api/v1/runs/" + runA + "/postmortem", viewer);
      assertThat(pm.status()).isEqualTo(200);
      assertThat(pm.contentType()).startsWith("text/markdown");
      assertThat(pm.body()).contains("# Postmortem (draft): checkout latency", "## Impact", "shop answers",
          "## Timeline", "| " + firing + " | 1.5 s | alert firing |", "acknowledged", "## Contributing factors: five whys",
          "## Action items", "alert HighLatency: met (1.5 s)");
      assertThat(t.get("/api/v1/runs/" + runGap + "/postmortem", viewer).body())
          .contains("**Monitoring gap:**", "Why did monitoring not detect the fault?", "Add or fix the alert");

      // The journal carries the milestones under Faultline's extension key; its Chaos Toolkit keys are as written.
      Map<String, Object> journal = t.get("/api/v1/runs/" + runA + "/journal", viewer).json();
      assertThat(journal).containsKeys("experiment", "steady_states", "run", "rollbacks", "status", "deviated");
      Map<?, ?> extension = (Map<?, ?>) ((Map<?, ?>) journal.get("faultline")).get("response");
      assertThat(milestones((Map<String, Object>) extension).get("alert_firing")).containsEntry("at", firing.toString());
      assertThat(((Map<?, ?>) journal.get("faultline")).get("verdict")).isNotNull();
      String report = t.get("/api/v1/runs/" + runA + "/report", viewer).body();
      assertThat(report).contains("<h2>Response</h2>", "alert firing", firing.toString(), "+1.5 s");

      Map<String, Object> trends = t.get("/api/v1/services/checkout/response-trends?limit=5", viewer).json();
      assertThat(trends).containsEntry("runs", 1).containsEntry("detected", 1);
      assertThat((Map<String, Object>) trends.get("time_to_detect")).containsEntry("mean_ms", 1500);
      assertThat(t.get("/api/v1/services/search/response-trends", viewer).json()).containsEntry("monitoring_gaps", 1);
      assertThat(t.get("/api/v1/runs/run_nope/response", viewer).status()).isEqualTo(404);
    }
  }

  @Test
  void aMalformedExpectBlockIsRefusedAtItsLineAndColumn(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir)) {
      String bad = experiment("bad", "checkout", "{\"alerts\": [{\"name\": \"HighLatency\", \"within\": \"soon\"}],"
          + " \"pages\": {}}");
      Response r = t.call("POST", "/api/v1/experiments", t.adminToken, bad);
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> problems = (List<Map<String, Object>>) r.json().get("problems");
      assertThat(problems).anySatisfy(p -> {
        assertThat(p).containsEntry("path", "expect.alerts[0].within").containsEntry("line", 2);
        assertThat((Integer) p.get("column")).isGreaterThan(40);
      });
      assertThat(problems).anySatisfy(p -> assertThat(p.get("message").toString()).contains("unknown key 'pages'"));
    }
  }

  private static void post(TestServer t, String source, String body) throws Exception {
    Response r = WebhookClient.signed(t, source, body, WebhookTest.SECRET);
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
  }

  static String submit(TestServer t, String token, String experiment) throws Exception {
    Response r = t.call("POST", "/api/v1/runs", token, "{\"document\": " + experiment + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  static Map<String, Object> awaitClosed(TestServer t, String runId, String token) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Map<String, Object> r = t.get("/api/v1/runs/" + runId + "/response", token).json();
      if (!Boolean.TRUE.equals(((Map<?, ?>) r.get("window")).get("open")) || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> milestones(Map<String, Object> response) {
    Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
    for (Object o : (List<Object>) response.get("milestones")) {
      Map<String, Object> m = (Map<String, Object>) o;
      out.put((String) m.get("name"), m);
    }
    return out;
  }

  static List<Object> outcomes(Map<String, Object> response) {
    return ((List<?>) response.get("expectations")).stream().map(e -> ((Map<?, ?>) e).get("outcome")).map(o -> (Object) o)
        .toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> durations(Map<String, Object> response) {
    return (Map<String, Object>) response.get("durations");
  }
}
