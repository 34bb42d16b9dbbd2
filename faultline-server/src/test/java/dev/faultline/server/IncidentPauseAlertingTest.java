package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import dev.faultline.server.continuous.ContinuousSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's end-to-end test of incident-aware pausing with real parts: a real Prometheus scrapes
 * a gauge the test flips, its rule fires, a real Alertmanager posts its v4 webhook to the server
 * while a scheduled run on an opted-in service holds two real faults (a latency toxic on a real
 * fault proxy and a {@code file-move}) → the run is aborted, the toxic is gone (the proxy's own
 * API says so) and the file is back, the pause is in {@code GET /api/v1/pauses} and the
 * audit, a due run of that service is skipped; the rule resolves when the gauge drops, Alertmanager
 * sends the resolution, and after the (shortened) cool-down the next due run starts again.
 */
class IncidentPauseAlertingTest {
  static final Duration COOL_DOWN = Duration.ofSeconds(2);
  static final Duration ALERT_LIMIT = Duration.ofSeconds(15);

  @Test
  void aRealAlertAbortsTheScheduledRunRevertsItsFaultPausesAndResumesAfterTheCoolDown(@TempDir Path dir)
      throws Exception {
    AlertingStack.assumeInstalled();
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withTickMs(100)
            .withCooldown(COOL_DOWN).withGuardrailEvery(Duration.ofMillis(300))));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health();
        ContinuousFixtures.Gauge errors = new ContinuousFixtures.Gauge("checkout_incident_open");
        ProxyServer proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withAuditSink(line -> { }))) {
      ToxiproxyClient proxyApi = new ToxiproxyClient("http://127.0.0.1:" + proxy.apiPort(), Optional.empty());
      proxyApi.createProxy("orders", "127.0.0.1:0", health.server.getAddress().getHostString() + ":"
          + health.server.getAddress().getPort(), true);
      String operator = t.token("operator");
      ContinuousFixtures.clearBlackouts(t);
      assertThat(t.call("POST", "/api/v1/services", operator, ContinuousFixtures.service("checkout", "payments", 2,
          health.url())).status()).isEqualTo(201);
      String rule = """
                - alert: CheckoutIncident
                  expr: checkout_incident_open > 0
                  labels: {service: checkout, team: payments, severity: page}
          """;
      try (AlertingStack stack = AlertingStack.start(dir, errors.target(), rule,
          t.server.baseUri() + "/api/v1/webhooks/alertmanager", operator)) {
        ContinuousFixtures.await("Prometheus scraped the gauge", Duration.ofSeconds(20),
            () -> stack.query("checkout_incident_open == 0").contains("\"value\""));
        Path file = Files.writeString(dir.resolve("orders.db"), "rows");
        String experiment = """
            {"title": "slow and hidden orders", "description": "two real faults held for a minute",
             "method": [
               {"type": "action", "name": "slow-orders", "provider": {"type": "fault", "fault": "proxy-latency",
                "parameters": {"proxy": "orders", "latencyMs": 300, "apiUrl": "http://127.0.0.1:%d"},
                "duration": "60s"}},
               {"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
                "parameters": {"path": "%s"}}, "pauses": {"after": 60}}]}
            """.formatted(proxy.apiPort(), file);
        String scheduleId = (String) ContinuousFixtures.scheduleSoon(t, operator, "checkout", experiment).get("id");
        String runId = (String) ContinuousFixtures.awaitEvent(t, operator, scheduleId, "run").get("run_id");
        ContinuousFixtures.await("the scheduled run's faults applied", Duration.ofSeconds(10),
            () -> !Files.exists(file) && proxyApi.toxics("orders").size() == 1);

        long flipped = System.nanoTime();
        errors.value.set(1);
        ContinuousFixtures.await("the alert's webhook reverted the fault", ALERT_LIMIT, () -> Files.exists(file));
        long revertedMs = (System.nanoTime() - flipped) / 1_000_000;
        assertThat(Files.readString(file)).isEqualTo("rows");
        ContinuousFixtures.await("the latency toxic removed (the proxy's API)", Duration.ofSeconds(10),
            () -> proxyApi.toxics("orders").isEmpty());
        Map<String, Object> run = t.awaitEnd(runId, operator, Duration.ofSeconds(10));
        assertThat(run.get("status")).as(run.toString()).isIn("interrupted", "aborted");
        assertThat(run.get("verdict").toString()).contains("CheckoutIncident");

        Map<String, Object> pause = ContinuousFixtures.pauses(t, operator).get(0);
        assertThat(pause).as(pause.toString()).containsEntry("active", true).containsEntry("source", "alertmanager")
            .containsEntry("resolved", null).containsEntry("ends", null);
        assertThat(pause.get("services")).isEqualTo(List.of("checkout"));
        assertThat(pause.get("aborted_runs")).isEqualTo(List.of(runId));
        assertThat(pause.get("cause").toString()).contains("CheckoutIncident");
        String pauseId = (String) pause.get("id");
        assertThat(t.get("/api/v1/audit?kind=chaos.pause", operator).body()).contains(pauseId, "signal:alertmanager",
            runId);

        // While the alert fires, a due run of the service is skipped and says why; the file stays.
        String skipped = (String) ContinuousFixtures.scheduleSoon(t, operator, "checkout",
            ContinuousFixtures.hideFile(file, 1)).get("id");
        assertThat(ContinuousFixtures.awaitEvent(t, operator, skipped, "skipped").get("detail").toString())
            .contains("paused by", "CheckoutIncident");
        assertThat(Files.readString(file)).isEqualTo("rows");
        assertThat(proxyApi.toxics("orders")).isEmpty();

        long dropped = System.nanoTime();
        errors.value.set(0);
        ContinuousFixtures.await("Alertmanager's resolution recorded", ALERT_LIMIT,
            () -> ContinuousFixtures.pauses(t, operator).get(0).get("resolved") != null);
        long resolvedMs = (System.nanoTime() - dropped) / 1_000_000;
        Map<String, Object> resolved = ContinuousFixtures.pauses(t, operator).get(0);
        assertThat(resolved.get("id")).isEqualTo(pauseId);
        assertThat(Duration.between(Instant.parse((String) resolved.get("resolved")),
            Instant.parse((String) resolved.get("ends")))).isEqualTo(COOL_DOWN);
        ContinuousFixtures.await("the resume audited after the cool-down", Duration.ofSeconds(10),
            () -> t.get("/api/v1/audit?kind=chaos.resume", operator).body().contains(pauseId));
        assertThat(ContinuousFixtures.pauses(t, operator).get(0)).containsEntry("active", false);
        assertThat(t.get("/api/v1/audit?kind=chaos.pause_resolved", operator).body()).contains(pauseId);
        assertThat(ContinuousFixtures.pauses(t, operator)).as("one alert, one pause").hasSize(1);

        // Chaos is back: the next due run of the service starts and runs its fault.
        String after = (String) ContinuousFixtures.scheduleSoon(t, operator, "checkout",
            ContinuousFixtures.hideFile(file, 0)).get("id");
        String resumed = (String) ContinuousFixtures.awaitEvent(t, operator, after, "run").get("run_id");
        assertThat(t.awaitEnd(resumed, operator, Duration.ofSeconds(20))).containsEntry("status", "completed");
        assertThat(Files.readString(file)).isEqualTo("rows");
        System.out.println("IncidentPauseAlertingTest: gauge flipped -> fault reverted " + revertedMs
            + " ms (scrape/eval 1 s, group_wait 1 s); gauge dropped -> pause resolved " + resolvedMs + " ms");
      }
    }
  }
}
