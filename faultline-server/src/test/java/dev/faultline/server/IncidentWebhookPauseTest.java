package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.pause.IncidentPauser;
import dev.faultline.server.continuous.pause.PauseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbound webhooks (issue 15) and incident-aware pausing (issue 13) together, through the real
 * HTTP routes: an Alertmanager v4 delivery (bearer token) and PagerDuty v3 incident events (signed)
 * pause and resume the service they name and only that one (a scheduled run of another service
 * keeps its fault and completes), by team label too, and a signal about a service the server does
 * not schedule pauses nothing it schedules.
 */
class IncidentWebhookPauseTest {
  static final Duration COOL_DOWN = Duration.ofSeconds(1);
  @TempDir
  Path dir;
  TestServer t;
  ContinuousFixtures.Health health;
  String operator;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withTickMs(100)
        .withCooldown(COOL_DOWN)), Map.of("FAULTLINE_WEBHOOK_SECRET", WebhookTest.SECRET));
    health = new ContinuousFixtures.Health();
    operator = t.token("operator");
    ContinuousFixtures.clearBlackouts(t);
    for (String[] s : List.of(new String[] {"checkout", "payments"}, new String[] {"billing", "ledger"})) {
      assertThat(t.call("POST", "/api/v1/services", operator, ContinuousFixtures.service(s[0], s[1], 2,
          health.url())).status()).isEqualTo(201);
    }
  }

  @AfterEach
  void stop() {
    t.close();
    health.close();
  }

  private IncidentPauser pauser() {
    return t.server.continuous().pauser();
  }

  private boolean paused(String service, String team) {
    return pauser().pausing(service, team, System.currentTimeMillis()).isPresent();
  }

  /** A scheduled run of {@code service} hiding {@code file} for {@code holdSeconds}, its fault applied. */
  private String runHiding(String service, Path file, int holdSeconds) throws Exception {
    String id = (String) ContinuousFixtures.scheduleSoon(t, operator, service,
        ContinuousFixtures.hideFile(file, holdSeconds)).get("id");
    String runId = (String) ContinuousFixtures.awaitEvent(t, operator, id, "run").get("run_id");
    ContinuousFixtures.await(service + "'s fault applied", Duration.ofSeconds(10), () -> !Files.exists(file));
    return runId;
  }

  private void accepted(TestServer.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.body()).contains("\"new\":1");
  }

  @Test
  void anAlertmanagerAlertPausesAndResumesTheServiceItsLabelsNameAndNoOther() throws Exception {
    Path checkoutFile = Files.writeString(dir.resolve("checkout.conf"), "c");
    Path billingFile = Files.writeString(dir.resolve("billing.conf"), "b");
    String checkoutRun = runHiding("checkout", checkoutFile, 60);
    String billingRun = runHiding("billing", billingFile, 4);

    Instant starts = Instant.now().minusSeconds(2);
    Map<String, String> labels = Map.of("service", "checkout", "team", "payments", "severity", "page");
    accepted(WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("firing", "CheckoutErrors",
        "fpCheckout", starts, null, labels), operator));
    ContinuousFixtures.await("checkout's fault reverted", Duration.ofSeconds(10), () -> Files.exists(checkoutFile));
    assertThat(t.awaitEnd(checkoutRun, operator, Duration.ofSeconds(10)).get("status")).isIn("interrupted", "aborted");
    assertThat(paused("checkout", "payments")).isTrue();
    assertThat(paused("billing", "ledger")).isFalse();
    Map<String, Object> pause = ContinuousFixtures.pauses(t, operator).get(0);
    assertThat(pause.get("services")).isEqualTo(List.of("checkout"));
    assertThat(pause.get("aborted_runs")).isEqualTo(List.of(checkoutRun));
    // billing's run was not touched: its fault held to the end and the run completed
    assertThat(Files.exists(billingFile)).isFalse();
    assertThat(t.awaitEnd(billingRun, operator, Duration.ofSeconds(20))).containsEntry("status", "completed");
    assertThat(Files.readString(billingFile)).isEqualTo("b");

    accepted(WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("resolved", "CheckoutErrors",
        "fpCheckout", starts, Instant.now(), labels), operator));
    Map<String, Object> resolved = ContinuousFixtures.pauses(t, operator).get(0);
    assertThat(resolved.get("resolved")).as(resolved.toString()).isNotNull();
    ContinuousFixtures.await("checkout resumed after the cool-down", Duration.ofSeconds(10),
        () -> !paused("checkout", "payments"));
    assertThat(ContinuousFixtures.pauses(t, operator)).hasSize(1);
  }

  @Test
  void aPagerDutyIncidentPausesAndResumesItsServiceOnly() throws Exception {
    Instant at = Instant.now().minusSeconds(1);
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.triggered", "Q2BILL", at,
        "billing", "ledger"), WebhookTest.SECRET));
    assertThat(paused("billing", "ledger")).isTrue();
    assertThat(paused("checkout", "payments")).isFalse();
    assertThat(ContinuousFixtures.pauses(t, operator).get(0).get("services")).isEqualTo(List.of("billing"));
    // a due run of billing is skipped; one of checkout runs
    String skipped = (String) ContinuousFixtures.scheduleSoon(t, operator, "billing",
        ContinuousFixtures.hideFile(dir.resolve("none"), 0)).get("id");
    assertThat(ContinuousFixtures.awaitEvent(t, operator, skipped, "skipped").get("detail").toString())
        .contains("paused by", "Checkout latency is high");
    Path file = Files.writeString(dir.resolve("checkout.conf"), "c");
    String ran = (String) ContinuousFixtures.scheduleSoon(t, operator, "checkout",
        ContinuousFixtures.hideFile(file, 0)).get("id");
    String runId = (String) ContinuousFixtures.awaitEvent(t, operator, ran, "run").get("run_id");
    assertThat(t.awaitEnd(runId, operator, Duration.ofSeconds(20))).containsEntry("status", "completed");

    // acknowledged does not resume; resolved does, after the cool-down
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.acknowledged", "Q2BILL",
        at.plusMillis(300), "billing", "ledger"), WebhookTest.SECRET));
    assertThat(ContinuousFixtures.pauses(t, operator).get(0)).containsEntry("resolved", null);
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.resolved", "Q2BILL",
        at.plusMillis(600), "billing", "ledger"), WebhookTest.SECRET));
    Map<String, Object> resolved = ContinuousFixtures.pauses(t, operator).get(0);
    assertThat(Duration.between(Instant.parse((String) resolved.get("resolved")),
        Instant.parse((String) resolved.get("ends")))).isEqualTo(COOL_DOWN);
    ContinuousFixtures.await("billing resumed after the cool-down", Duration.ofSeconds(10),
        () -> !paused("billing", "ledger"));
    assertThat(t.get("/api/v1/audit?kind=chaos.pause", operator).body()).contains("signal:pagerduty");
  }

  @Test
  void aSignalAboutAnotherServicePausesNothingScheduledAndATeamLabelPausesThatTeamsServices() throws Exception {
    Path file = Files.writeString(dir.resolve("checkout.conf"), "c");
    String runId = runHiding("checkout", file, 3);
    Instant at = Instant.now();
    accepted(WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("firing", "SearchDown", "fpSearch",
        at, null, Map.of("service", "search", "team", "discovery")), operator));
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.triggered", "Q3SRCH", at,
        "search", "discovery"), WebhookTest.SECRET));
    assertThat(paused("checkout", "payments")).isFalse();
    assertThat(paused("billing", "ledger")).isFalse();
    assertThat(t.awaitEnd(runId, operator, Duration.ofSeconds(20))).containsEntry("status", "completed");
    assertThat(ContinuousFixtures.pauses(t, operator)).allSatisfy(p -> assertThat(p.get("aborted_runs"))
        .isEqualTo(List.of()));

    // an alert labelled with a team only pauses that team's services
    accepted(WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("firing", "PaymentsBurn",
        "fpPayments", at, null, Map.of("team", "payments")), operator));
    assertThat(paused("checkout", "payments")).isTrue();
    assertThat(paused("billing", "ledger")).isFalse();
  }

  /** Regression: service names are lower case; senders' labels often are not ("Checkout", team "Payments"). */
  @Test
  void capitalisedServiceAndTeamLabelsPauseTheServiceAllTheSame() throws Exception {
    Path file = Files.writeString(dir.resolve("checkout.conf"), "c");
    String runId = runHiding("checkout", file, 60);
    Instant at = Instant.now();
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.triggered", "Q4CAPS", at,
        "Checkout", "Payments"), WebhookTest.SECRET));
    ContinuousFixtures.await("checkout's fault reverted", Duration.ofSeconds(10), () -> Files.exists(file));
    assertThat(ContinuousFixtures.pauses(t, operator).get(0).get("aborted_runs")).isEqualTo(List.of(runId));
    assertThat(paused("checkout", "payments")).isTrue();
    assertThat(paused("billing", "ledger")).isFalse();
    accepted(WebhookClient.signed(t, "pagerduty", WebhookClient.pagerduty("incident.resolved", "Q4CAPS",
        at.plusSeconds(1), "Checkout", "Payments"), WebhookTest.SECRET));
    ContinuousFixtures.await("checkout resumed after the cool-down", Duration.ofSeconds(10),
        () -> !paused("checkout", "payments"));

    accepted(WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("firing", "LedgerLag", "fpLedger",
        at, null, Map.of("team", "Ledger")), operator));
    assertThat(paused("billing", "ledger")).isTrue();
    assertThat(paused("checkout", "payments")).isFalse();
  }

  /**
   * Regression: a run is submitted before the launcher lists it as live, so a run launched in the
   * instant a pause began escaped the pause's abort and held its fault through the incident. The
   * state that race leaves — a pause in force that never saw the live run — is made here directly;
   * the scheduler's next tick must stop the run and revert its fault.
   */
  @Test
  void aScheduledRunThePauseDidNotSeeIsStoppedOnTheNextTick() throws Exception {
    Path file = Files.writeString(dir.resolve("checkout.conf"), "c");
    String runId = runHiding("checkout", file, 60);
    String pauseId = "pause_race";
    t.server.continuous().pauses().insert(new PauseStore.Pause(pauseId, "alertmanager", "fpRace",
        "alertmanager alert_firing: CheckoutErrors", List.of("checkout"), System.currentTimeMillis(), null, null,
        List.of()));
    pauser().refresh();
    ContinuousFixtures.await("the next tick reverted the fault", Duration.ofSeconds(10), () -> Files.exists(file));
    assertThat(t.awaitEnd(runId, operator, Duration.ofSeconds(10)).get("status")).isIn("interrupted", "aborted");
    assertThat(ContinuousFixtures.pauses(t, operator).get(0).get("aborted_runs")).isEqualTo(List.of(runId));
    assertThat(t.get("/api/v1/audit?kind=chaos.pause_abort", operator).body()).contains(pauseId, runId);
  }

  /**
   * Regression: a subscriber's failure was swallowed and the webhook answered 202, so the sender
   * never retried and a redelivery was a stored duplicate nobody heard — a pause lost for good.
   * Now the delivery is answered 503 (both senders retry on 5xx) and its retry is processed anew.
   */
  @Test
  void aDeliveryASubscriberFailedOnIsAnswered503AndItsRetryIsProcessed() throws Exception {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    t.server.continuous().signals().subscribe(s -> {
      if (seen.incrementAndGet() == 1) {
        throw new IllegalStateException("database briefly unavailable");
      }
    });
    String firing = WebhookClient.alertmanager("firing", "CheckoutErrors", "fpRetry", Instant.now(), null,
        Map.of("service", "checkout"));
    TestServer.Response first = WebhookClient.withToken(t, "alertmanager", firing, operator);
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
    assertThat(first.body()).contains("not_processed", "database briefly unavailable", "retry");
    accepted(WebhookClient.withToken(t, "alertmanager", firing, operator));
    assertThat(seen.get()).isEqualTo(2);
    assertThat(paused("checkout", "payments")).isTrue();
    assertThat(ContinuousFixtures.pauses(t, operator)).hasSize(1);
    // a third, identical delivery is the duplicate it is
    TestServer.Response again = WebhookClient.withToken(t, "alertmanager", firing, operator);
    assertThat(again.body()).contains("\"new\":0", "\"duplicates\":1");
  }
}
