package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.signal.InboundSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous chaos in real time: the scheduler thread fires a schedule that runs a real experiment
 * (a real file-move fault, a real HTTP health check), an incident on the signal bus aborts a
 * scheduled run and reverts its fault, a failing health check aborts a run, a blackout halts one,
 * and Slack, webhook and Grafana receivers hear about it.
 */
class ContinuousRealTimeTest {
  @TempDir
  Path dir;
  TestServer t;
  ContinuousFixtures.Health health;
  ContinuousFixtures.Receiver receiver;
  String operator;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withTickMs(100)
        .withCooldown(Duration.ofSeconds(1)).withGuardrailEvery(Duration.ofMillis(300))));
    health = new ContinuousFixtures.Health();
    receiver = new ContinuousFixtures.Receiver();
    operator = t.token("operator");
    // The default blackouts (weekends, outside 09-17 UTC) would skip everything at the wrong hour: remove them.
    ContinuousFixtures.clearBlackouts(t);
    for (String kind : List.of("slack", "webhook")) {
      assertThat(t.call("POST", "/api/v1/notifications", t.adminToken, "{\"kind\": \"" + kind + "\", \"url\": \""
          + receiver.base() + "/" + kind + "\"}").status()).isEqualTo(201);
    }
    assertThat(t.call("POST", "/api/v1/notifications", t.adminToken, "{\"kind\": \"grafana\", \"url\": \""
        + receiver.base() + "/grafana\", \"token\": \"glsa_test\"}").status()).isEqualTo(201);
    assertThat(t.call("POST", "/api/v1/services", operator, ContinuousFixtures.service("checkout", "payments", 2,
        health.url())).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    t.close();
    health.close();
    receiver.close();
  }

  /** A schedule due once, between 200 and 400 ms from now. */
  private Map<String, Object> scheduleSoon(String document) throws Exception {
    return ContinuousFixtures.scheduleSoon(t, operator, "checkout", document);
  }

  private Map<String, Object> awaitEvent(String scheduleId, String kind) throws Exception {
    return ContinuousFixtures.awaitEvent(t, operator, scheduleId, kind);
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    ContinuousFixtures.await(what, Duration.ofSeconds(10), condition::getAsBoolean);
  }

  @Test
  void aDueScheduleRunsARealExperimentGuardedByTheHealthCheckAndIsNotified() throws Exception {
    Path file = Files.writeString(dir.resolve("config.txt"), "v1");
    Map<String, Object> schedule = scheduleSoon(ContinuousFixtures.hideFile(file, 1));
    String id = (String) schedule.get("id");
    Map<String, Object> started = awaitEvent(id, "run");
    Instant due = Instant.parse((String) schedule.get("next_due"));
    long lateMs = Duration.between(due, Instant.parse((String) started.get("at"))).toMillis();
    assertThat(lateMs).as("started after its due time").isGreaterThanOrEqualTo(0).isLessThan(10_000);
    String runId = (String) started.get("run_id");
    await("the fault applied", () -> !Files.exists(file));
    Map<String, Object> run = t.awaitEnd(runId, operator, Duration.ofSeconds(20));
    assertThat(run).as(run.toString()).containsEntry("status", "completed").containsEntry("deviated", false);
    assertThat(run.get("submitted_by")).isEqualTo("schedule:" + id);
    assertThat(Files.readString(file)).isEqualTo("v1");
    // the health check ran as a safeguard before and during the run
    assertThat(t.get("/api/v1/runs/" + runId + "/journal", operator).body()).contains("health check of checkout");
    assertThat(t.get("/api/v1/schedules/" + id, operator).json()).containsEntry("state", "done")
        .containsEntry("last_run_id", runId);
    await("run start and end notified to Slack, the webhook and Grafana", () -> {
      String all = receiver.received().toString();
      return all.contains("/slack=") && all.contains("/webhook=") && all.contains("/grafana/api/annotations Bearer "
          + "glsa_test=") && all.contains("run_ended");
    });
    String all = receiver.received().toString();
    assertThat(all).contains("\"event\":\"run_started\"", "\"tags\":[\"faultline\",\"run_started\",\"service:checkout\"]",
        "\"text\":\":rotating_light: Faultline run started [checkout]");
    Map<String, Object> coverage = t.get("/api/v1/services/checkout", operator).json();
    assertThat(coverage.get("coverage").toString()).contains("pass_rate=1.0", runId);
    System.out.println("[continuous] due -> run started: " + lateMs + " ms (tick 100 ms)");
  }

  @Test
  void anIncidentOnTheBusAbortsTheScheduledRunRevertsItsFaultAndPausesUntilTheCoolDownEnds() throws Exception {
    Path file = Files.writeString(dir.resolve("db.conf"), "primary");
    String id = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 30)).get("id");
    String runId = (String) awaitEvent(id, "run").get("run_id");
    await("the fault applied", () -> !Files.exists(file));

    long published = System.nanoTime();
    t.server.continuous().signals().publish(new InboundSignal("alertmanager", InboundSignal.Kind.ALERT_FIRING,
        "fp-123", "HighErrorRate", Map.of("service", "checkout", "severity", "page"), Instant.now(), Instant.now()));
    await("the fault reverted", () -> Files.exists(file));
    long revertedMs = (System.nanoTime() - published) / 1_000_000;
    Map<String, Object> run = t.awaitEnd(runId, operator, Duration.ofSeconds(10));
    assertThat(run.get("status")).isIn("interrupted", "aborted");
    assertThat(run.get("verdict").toString()).contains("HighErrorRate");

    Map<String, Object> pause = pauses().get(0);
    assertThat(pause).containsEntry("active", true).containsEntry("source", "alertmanager")
        .containsEntry("signal_key", "fp-123").containsEntry("ends", null);
    assertThat(pause.get("aborted_runs")).isEqualTo(List.of(runId));
    assertThat(pause.get("services")).isEqualTo(List.of("checkout"));
    // the same alert firing again keeps one pause; a due run while paused is skipped and says why
    t.server.continuous().signals().publish(new InboundSignal("alertmanager", InboundSignal.Kind.ALERT_FIRING,
        "fp-123", "HighErrorRate", Map.of("service", "checkout"), Instant.now(), Instant.now()));
    String skippedId = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 1)).get("id");
    assertThat(awaitEvent(skippedId, "skipped").get("detail").toString()).contains("paused by", "HighErrorRate");
    assertThat(Files.readString(file)).isEqualTo("primary");
    assertThat(pauses()).hasSize(1);

    t.server.continuous().signals().publish(new InboundSignal("alertmanager", InboundSignal.Kind.ALERT_RESOLVED,
        "fp-123", "HighErrorRate", Map.of("service", "checkout"), Instant.now(), Instant.now()));
    Map<String, Object> resolved = pauses().get(0);
    assertThat(resolved.get("resolved")).isNotNull();
    assertThat(Duration.between(Instant.parse((String) resolved.get("resolved")),
        Instant.parse((String) resolved.get("ends")))).isEqualTo(Duration.ofSeconds(1));
    await("the cool-down over", () -> {
      try {
        return Boolean.FALSE.equals(pauses().get(0).get("active"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await("the resume audited by the scheduler's next tick", () -> {
      try {
        return t.get("/api/v1/audit?kind=chaos.resume", operator).body().contains(id(resolved));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    String audit = t.get("/api/v1/audit?limit=100", operator).body();
    assertThat(audit).contains("chaos.pause", "chaos.pause_resolved", "signal:alertmanager");
    // chaos resumes: the next due run starts
    String after = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 0)).get("id");
    t.awaitEnd((String) awaitEvent(after, "run").get("run_id"), operator, Duration.ofSeconds(20));
    await("paused_by_incident notified", () -> receiver.received().toString().contains("paused_by_incident"));
    System.out.println("[continuous] signal published -> scheduled run's fault reverted: " + revertedMs + " ms");
  }

  private static String id(Map<String, Object> m) {
    return (String) m.get("id");
  }

  private List<Map<String, Object>> pauses() throws Exception {
    return ContinuousFixtures.pauses(t, operator);
  }

  @Test
  void aFailingHealthCheckAbortsTheRunAndABlackoutHaltsOne() throws Exception {
    Path file = Files.writeString(dir.resolve("cache.bin"), "warm");
    String guarded = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 30)).get("id");
    String runId = (String) awaitEvent(guarded, "run").get("run_id");
    await("the fault applied", () -> !Files.exists(file));
    health.status.set(503);
    await("the guardrail reverted the fault", () -> Files.exists(file));
    Map<String, Object> run = t.awaitEnd(runId, operator, Duration.ofSeconds(10));
    assertThat(run.get("status")).isEqualTo("interrupted");
    assertThat(run.get("verdict").toString()).contains("health check of checkout");
    health.status.set(200);

    String halted = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 30)).get("id");
    String second = (String) awaitEvent(halted, "run").get("run_id");
    await("the fault applied", () -> !Files.exists(file));
    Instant now = Instant.now();
    Response freeze = t.call("POST", "/api/v1/calendars", operator, "{\"kind\": \"freeze\", \"start\": \""
        + now.minusSeconds(1) + "\", \"end\": \"" + now.plusSeconds(3600) + "\", \"reason\": \"release freeze\"}");
    assertThat(freeze.status()).isEqualTo(201);
    await("the blackout halted the run", () -> Files.exists(file));
    assertThat(awaitEvent(halted, "halted").get("detail").toString()).contains("blackout began", "release freeze");
    assertThat(t.awaitEnd(second, operator, Duration.ofSeconds(10)).get("status")).isEqualTo("interrupted");
    // a due run inside the blackout is skipped, the skip recorded with the rule
    String skipped = (String) scheduleSoon(ContinuousFixtures.hideFile(file, 1)).get("id");
    assertThat(awaitEvent(skipped, "skipped").get("detail").toString()).contains("blackout", "release freeze");
    assertThat(Files.readString(file)).isEqualTo("warm");
  }
}
