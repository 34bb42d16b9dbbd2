package dev.faultline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReportTest {

  @Test
  void completedRunWhoseHypothesisHeldSaysSo() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.HELD);
    assertThat(report.verdict().text()).isEqualTo("Steady state held");
    assertThat(report.verdict().firstError()).isNull();
  }

  @Test
  void deviatedRunSaysTheSteadyStateDidNotHoldAfterTheMethod() {
    JournalReport report = Fixtures.report(Fixtures.DEVIATED);

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.DEVIATED);
    assertThat(report.verdict().text()).isEqualTo("Deviated: the steady state did not hold after the method");
  }

  @Test
  void failedRunGivesTheFirstErrorsLastExceptionLine() {
    JournalReport report = Fixtures.report(Fixtures.FAILED);

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.FAILED);
    assertThat(report.verdict().text()).isEqualTo("Run failed: 'orders-per-second' raised ActivityFailed: "
        + "GET http://127.0.0.1:18080/metrics/orders failed: connection refused");
  }

  @Test
  void interruptedRunGivesTheSafeguardThatStoppedIt() {
    JournalReport report = Fixtures.report(Fixtures.INTERRUPTED);

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.INTERRUPTED);
    assertThat(report.verdict().text())
        .isEqualTo("Run interrupted: safeguard 'error-budget' triggered: error rate 7.5% is outside [0, 5]");
  }

  @Test
  void plainChaosToolkitJournalFailsWithTheFirstErrorInTime() {
    JournalReport report = Fixtures.report(Fixtures.CHAOSTOOLKIT);

    // wait-for-recovery (method, 16:51:55) failed before api-responds (after hypothesis, 16:51:59)
    assertThat(report.verdict().text()).isEqualTo("Run failed: 'wait-for-recovery' raised "
        + "chaoslib.exceptions.ActivityFailed: failed to connect to http://localhost:8080/health: "
        + "HTTPConnectionPool(host='localhost', port=8080): Max retries exceeded");
  }

  @Test
  void beforeHypothesisNotMetSaysTheMethodDidNotRun() throws IOException {
    String json = minimalJournal("completed", false, """
        {"before": {"steady_state_met": false, "probes": [%s]}, "after": null, "during": []}
        """.formatted(probeEntry("health", "false", false)));

    JournalReport report = JournalReport.parse(json, "inline");

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.NOT_MET_BEFORE);
    assertThat(report.verdict().text()).isEqualTo("Steady state not met before the method; method not run");
  }

  @Test
  void completedRunWithoutHypothesisIsNotVerified() throws IOException {
    String json = minimalJournal("completed", false, """
        {"before": null, "after": null, "during": []}
        """);

    JournalReport report = JournalReport.parse(json, "inline");

    assertThat(report.verdict().outcome()).isEqualTo(Verdict.Outcome.NOT_VERIFIED);
    assertThat(report.verdict().text()).isEqualTo("Steady state not verified");
    assertThat(report.hypothesisTitle()).isNull();
  }

  @Test
  void abortedRunWithoutAnyErrorSaysOnlyAborted() throws IOException {
    String json = minimalJournal("aborted", false, "{\"before\": null, \"after\": null, \"during\": []}");

    assertThat(JournalReport.parse(json, "inline").verdict().text()).isEqualTo("Run aborted");
  }

  @Test
  void hypothesisRowsShowBeforeAndAfterValuesPerDeclaredProbe() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    assertThat(report.hypothesisTitle()).isEqualTo("Orders flow and errors stay low");
    assertThat(report.hypothesisRows())
        .extracting(HypothesisRow::probeName, HypothesisRow::toleranceText, HypothesisRow::beforeMet,
            HypothesisRow::afterMet)
        .containsExactly(
            tuple("orders-per-second", "jsonpath $[?(@.orders_per_second >= 5)] on body count 1", true, true),
            tuple("error-rate-percent", "range [0,1] on stdout", true, true));
    assertThat(report.hypothesisRows().get(0).beforeValue()).contains("\"orders_per_second\":9.5");
    assertThat(report.hypothesisRows().get(0).afterValue()).contains("\"orders_per_second\":9.1");
  }

  @Test
  void hypothesisProbeNotReachedShowsAsNotRun() {
    JournalReport report = Fixtures.report(Fixtures.DEVIATED);

    HypothesisRow errorRate = report.hypothesisRows().get(1);
    assertThat(errorRate.probeName()).isEqualTo("error-rate-percent");
    assertThat(errorRate.afterValue()).isNull();
    assertThat(errorRate.afterMet()).isNull();
    assertThat(report.hypothesisRows().get(0).afterMet()).isFalse();
  }

  @Test
  void httpValuesShowStatusAndBodyWithoutHeaders() {
    HypothesisRow apiResponds = Fixtures.report(Fixtures.CHAOSTOOLKIT).hypothesisRows().get(1);

    assertThat(apiResponds.beforeValue()).isEqualTo("{\"status\":200,\"body\":{\"status\":\"ok\"}}");
    assertThat(apiResponds.afterValue()).startsWith("raised chaoslib.exceptions.ActivityFailed: failed to connect");
    assertThat(apiResponds.toleranceText()).isEqualTo("200");
  }

  @Test
  void activityRowsListEveryEntryInStartOrderWithItsPhase() {
    JournalReport report = Fixtures.report(Fixtures.CHAOSTOOLKIT);

    assertThat(report.activityRows())
        .extracting(ActivityRow::phase, ActivityRow::name, ActivityRow::activityType, ActivityRow::providerType,
            ActivityRow::status)
        .containsExactly(
            tuple("hypothesis-before", "service-is-running", "probe", "python", "succeeded"),
            tuple("hypothesis-before", "api-responds", "probe", "http", "succeeded"),
            tuple("method", "kill-backend-service", "action", "process", "succeeded"),
            tuple("method", "wait-for-recovery", "probe", "http", "failed"),
            tuple("hypothesis-after", "service-is-running", "probe", "python", "succeeded"),
            tuple("hypothesis-after", "api-responds", "probe", "http", "failed"));
    ActivityRow kill = report.activityRows().get(2);
    assertThat(kill.startOffsetMs()).isCloseTo(2063.881, offset(0.001));
    assertThat(kill.durationMs()).isCloseTo(458.922, offset(0.001));
    assertThat(report.activityRows().get(3).errorMessage()).startsWith("chaoslib.exceptions.ActivityFailed: failed");
  }

  @Test
  void faultlineTimelineGivesBarsPausesFaultsAndNumericProbeSeries() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    assertThat(report.timelineBars()).filteredOn(b -> b.kind() == TimelineBar.Kind.ACTIVITY)
        .hasSize(11)
        .hasSameSizeAs(report.activityRows());
    assertThat(report.timelineBars()).filteredOn(b -> b.kind() == TimelineBar.Kind.PAUSE)
        .singleElement()
        .satisfies(pause -> {
          assertThat(pause.lane()).isEqualTo("method: slow-down-payments");
          assertThat(pause.durationMs()).isCloseTo(2000, offset(0.01));
        });
    assertThat(report.timelineBars()).filteredOn(b -> b.kind() == TimelineBar.Kind.FAULT)
        .extracting(TimelineBar::name, TimelineBar::status)
        .containsExactly(tuple("latency on payments", "recovered"));
    assertThat(report.probePoints()).filteredOn(p -> p.series().equals("orders-per-second"))
        .extracting(ProbePoint::value)
        .containsExactly(9.5, 8.1, 7.2, 9.1);
    assertThat(report.probePoints()).extracting(ProbePoint::series).containsOnly("orders-per-second",
        "error-rate-percent");
    assertThat(report.timelineSpanMs()).isEqualTo(2500.0);
  }

  @Test
  void plainJournalBuildsBarsFromEntryTimesAndEventsFromEntries() {
    JournalReport report = Fixtures.report(Fixtures.CHAOSTOOLKIT);

    assertThat(report.timelineBars()).hasSize(6).allMatch(b -> b.kind() == TimelineBar.Kind.ACTIVITY);
    assertThat(report.timelineBars()).extracting(TimelineBar::lane)
        .containsExactly("hypothesis: service-is-running", "hypothesis: api-responds",
            "method: kill-backend-service", "method: wait-for-recovery", "hypothesis: service-is-running",
            "hypothesis: api-responds");
    // outputs true and {"status": "ok"} have no number, so there is nothing to plot
    assertThat(report.probePoints()).isEmpty();
    List<TimelineEvent> events = report.timelineEvents();
    assertThat(events).hasSize(14);
    assertThat(events.get(0).kind()).isEqualTo("run_started");
    assertThat(events.get(events.size() - 1).kind()).isEqualTo("run_ended");
    assertThat(events.get(events.size() - 1).offsetMs()).isCloseTo(10679.41, offset(0.01));
  }

  @Test
  void summaryReadsFaultlineKeysAndTheExperiment() {
    RunSummary summary = Fixtures.report(Fixtures.DEVIATED).summary();

    assertThat(summary.title()).isEqualTo("Orders keep flowing when payments are slow");
    assertThat(summary.status()).isEqualTo("completed");
    assertThat(summary.deviated()).isTrue();
    assertThat(summary.durationSeconds()).isEqualTo(2.5);
    assertThat(summary.hypothesisStrategy()).isEqualTo("continuously");
    assertThat(summary.rollbackStrategy()).isEqualTo("default");
    assertThat(summary.faultlineVersion()).isEqualTo("0.1.0");
    assertThat(summary.warnings()).containsExactly(
        "probe 'payment-latency-ms' in the method has no tolerance; its value is only recorded");
    assertThat(summary.tags()).containsExactly("checkout", "latency");
  }

  @Test
  void plainJournalHasNoStrategiesOrFaultlineVersion() {
    RunSummary summary = Fixtures.report(Fixtures.CHAOSTOOLKIT).summary();

    assertThat(summary.hypothesisStrategy()).isNull();
    assertThat(summary.rollbackStrategy()).isNull();
    assertThat(summary.faultlineVersion()).isNull();
    assertThat(summary.chaoslibVersion()).isEqualTo("1.44.0");
    assertThat(summary.node()).isEqualTo("FerkhanLP");
  }

  @Test
  void missingFileIsNotAJournal(@TempDir Path dir) {
    Path missing = dir.resolve("journal.json");

    assertThatThrownBy(() -> JournalReport.read(missing))
        .isInstanceOf(IOException.class)
        .hasMessage(missing + " is not a run journal: the file does not exist; "
            + "expected the journal.json written by 'faultline run'");
  }

  @Test
  void directoryIsNotAJournal(@TempDir Path dir) {
    assertThatThrownBy(() -> JournalReport.read(dir))
        .hasMessage(dir + " is not a run journal: it is a directory; "
            + "expected the journal.json written by 'faultline run'");
  }

  @Test
  void brokenJsonIsNotAJournalAndTheMessageSaysWhere(@TempDir Path dir) throws IOException {
    Path broken = Files.writeString(dir.resolve("journal.json"), "{\n  \"status\": \"completed\",\n  oops\n}");

    assertThatThrownBy(() -> JournalReport.read(broken))
        .hasMessageStartingWith(broken + " is not a run journal: it is not valid JSON at line 3, column ")
        .hasMessageEndingWith("; expected the journal.json written by 'faultline run'");
  }

  @Test
  void experimentFileIsNotAJournal(@TempDir Path dir) throws IOException {
    Path experiment = Files.writeString(dir.resolve("experiment.json"),
        "{\"title\": \"t\", \"description\": \"d\", \"method\": []}");

    assertThatThrownBy(() -> JournalReport.read(experiment))
        .hasMessage(experiment + " is not a run journal: it looks like an experiment file "
            + "(it has \"method\" at the top level), not a journal; expected the journal.json written by 'faultline run'");
  }

  @Test
  void jsonWithoutStatusOrExperimentIsNotAJournal() {
    assertThatThrownBy(() -> JournalReport.parse("[1, 2]", "list.json"))
        .hasMessage("list.json is not a run journal: its top level is array, not an object; "
            + "expected the journal.json written by 'faultline run'");
    assertThatThrownBy(() -> JournalReport.parse("{\"experiment\": {}}", "a.json"))
        .hasMessage("a.json is not a run journal: it has no \"status\" text field; "
            + "expected the journal.json written by 'faultline run'");
    assertThatThrownBy(() -> JournalReport.parse("{\"status\": \"completed\"}", "b.json"))
        .hasMessage("b.json is not a run journal: it has no \"experiment\" object; "
            + "expected the journal.json written by 'faultline run'");
    assertThatThrownBy(() -> JournalReport.parse("  ", "c.json"))
        .hasMessage("c.json is not a run journal: the file is empty; "
            + "expected the journal.json written by 'faultline run'");
  }

  static String minimalJournal(String status, boolean deviated, String steadyStates) {
    return """
        {"experiment": {"title": "t", "method": []},
         "start": "2026-03-02T10:00:00+00:00", "status": "%s", "deviated": %s,
         "steady_states": %s, "run": [], "rollbacks": [],
         "end": "2026-03-02T10:00:01+00:00", "duration": 1.0}
        """.formatted(status, deviated, steadyStates);
  }

  static String probeEntry(String name, String output, boolean met) {
    return """
        {"activity": {"type": "probe", "name": "%s", "tolerance": true, "provider": {"type": "python"}},
         "output": %s, "start": "2026-03-02T10:00:00.100+00:00", "status": "succeeded",
         "end": "2026-03-02T10:00:00.200+00:00", "duration": 0.1, "tolerance_met": %s}
        """.formatted(name, output, met);
  }
}
