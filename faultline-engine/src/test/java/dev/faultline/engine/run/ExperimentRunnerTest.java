package dev.faultline.engine.run;

import static dev.faultline.engine.run.EngineHarness.entries;
import static dev.faultline.engine.run.EngineHarness.names;
import static dev.faultline.engine.run.EngineHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.validate.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statuses, deviation, rollbacks and exit codes, with real processes (see docs/semantics.md). */
class ExperimentRunnerTest {
  final EngineHarness h = new EngineHarness();

  @TempDir
  Path dir;

  private static final String ROLLBACK = """
      rollbacks:
        - {type: action, name: undo, provider: {type: process, path: "true"}}
      """;

  @Test
  void allGoodCompletesWithExitZeroAndPlaysRollbacks() {
    RunResult r = h.run("""
        title: good
        description: d
        steady-state-hypothesis:
          title: ok
          probes:
            - {type: probe, name: ok, tolerance: 0, provider: {type: process, path: "true"}}
        method:
          - {type: action, name: act, provider: {type: process, path: echo, arguments: [hi]}}
        """ + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(state(r, "before")).containsEntry("steady_state_met", true);
    assertThat(state(r, "after")).containsEntry("steady_state_met", true);
    assertThat(names(entries(r, "run"))).containsExactly("act");
    assertThat(entries(r, "run").get(0).get("output")).isEqualTo(Map.of("status", 0, "stdout", "hi\n", "stderr", ""));
    assertThat(names(entries(r, "rollbacks"))).containsExactly("undo");
    assertThat(r.journal()).containsKeys("chaoslib-version", "platform", "node", "experiment", "start", "status",
        "deviated", "steady_states", "run", "rollbacks", "end", "duration", "faultline", "timeline");
  }

  @Test
  void aFailedMethodActivityIsRecordedAndTheRunGoesOn() {
    RunResult r = h.run("""
        title: t
        description: d
        method:
          - {type: action, name: too-slow, provider: {type: process, path: sleep, arguments: ["5"], timeout: 0.2}}
          - {type: action, name: next, provider: {type: process, path: "false"}}
        """ + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.exitCode()).isZero();
    List<Map<String, Object>> run = entries(r, "run");
    assertThat(run.get(0)).containsEntry("status", "failed");
    assertThat((List<?>) run.get(0).get("exception")).asString().contains("process activity took too long to complete");
    assertThat(run.get(1)).containsEntry("status", "succeeded"); // a non-zero exit code is not a failure
    assertThat(entries(r, "rollbacks")).hasSize(1);
  }

  @Test
  void aGateMismatchCompletesWithoutRunningTheMethodButPlaysRollbacks() {
    RunResult r = h.run("""
        title: t
        description: d
        steady-state-hypothesis:
          title: gate
          probes:
            - {type: probe, name: gate, tolerance: 0, provider: {type: process, path: "false"}}
            - {type: probe, name: never-run, tolerance: 0, provider: {type: process, path: "true"}}
        method:
          - {type: action, name: act, provider: {type: process, path: "true"}}
        """ + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(entries(r, "run")).isEmpty();
    assertThat((List<?>) state(r, "before").get("probes")).hasSize(1);
    assertThat(state(r, "after")).isNull();
    assertThat(entries(r, "rollbacks")).hasSize(1);
  }

  @Test
  void aRaisingGateProbeFailsTheRunAndSkipsRollbacks() {
    RunResult r = h.run("""
        title: t
        description: d
        steady-state-hypothesis:
          title: gate
          probes:
            - {type: probe, name: gate, tolerance: 200, provider: {type: http, url: "http://127.0.0.1:1/", timeout: 2}}
        method:
          - {type: action, name: act, provider: {type: process, path: "true"}}
        """ + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(entries(r, "run")).isEmpty();
    assertThat(entries(r, "rollbacks")).isEmpty();
  }

  @Test
  void anAfterMismatchDeviatesWithExitOneAndPlaysRollbacks() throws Exception {
    Path file = Files.writeString(dir.resolve("present"), "x");
    RunResult r = h.run("""
        title: t
        description: d
        steady-state-hypothesis:
          title: file is there
          probes:
            - {type: probe, name: exists, tolerance: true, provider: {type: python, module: os.path, func: exists, arguments: {path: "%s"}}}
        method:
          - {type: action, name: remove, provider: {type: process, path: rm, arguments: ["%s"]}}
        """.formatted(file, file) + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isTrue();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.verdict()).isEqualTo("deviated");
    assertThat(state(r, "after")).containsEntry("steady_state_met", false);
    assertThat(entries(r, "rollbacks")).hasSize(1);
  }

  @Test
  void aRaisingAfterProbeFailsAndDeviates() {
    RunResult r = h.run("""
        title: t
        description: d
        steady-state-hypothesis:
          title: up
          probes:
            - {type: probe, name: up, tolerance: 0, provider: {type: process, path: sh, arguments: ["-c", "test ! -e %s || sleep 5"], timeout: 0.5}}
        method:
          - {type: action, name: break-it, provider: {type: process, path: touch, arguments: ["%s"]}}
        """.formatted(dir.resolve("broken"), dir.resolve("broken")) + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.deviated()).isTrue();
    assertThat(entries(r, "rollbacks")).isEmpty();
  }

  @Test
  void aBadPauseAbortsTheRunAndDefaultStrategyStillPlaysRollbacks() {
    RunResult r = h.run("""
        title: t
        description: d
        configuration:
          delay: soon
        method:
          - {type: action, name: act, pauses: {before: "${delay}"}, provider: {type: process, path: "true"}}
          - {type: action, name: never, provider: {type: process, path: "true"}}
        """ + ROLLBACK);
    assertThat(r.status()).isEqualTo(RunStatus.ABORTED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(entries(r, "run")).isEmpty();
    assertThat(entries(r, "rollbacks")).hasSize(1);
    assertThat((List<?>) ((Map<?, ?>) r.journal().get("faultline")).get("warnings")).asString()
        .contains("pauses.before of 'act' is not a number of seconds: soon");
  }

  @Test
  void rollbackStrategies() {
    String deviating = """
        title: t
        description: d
        configuration:
          expected: "True"
        steady-state-hypothesis:
          title: h
          probes:
            - {type: probe, name: h, tolerance: "${expected}", provider: {type: python, module: os.path, func: exists, arguments: {path: /}}}
        method:
          - {type: action, name: act, provider: {type: process, path: "true"}}
        """ + ROLLBACK;
    // tolerance "True" (a string) never equals the boolean output: before mismatch → completed, not deviated
    RunOptions o = RunOptions.defaults().withOverrides(new Overrides(Map.of("expected", "x"), Map.of(), Map.of()));
    assertThat(entries(h.run(deviating, o), "rollbacks")).hasSize(1);
    assertThat(entries(h.run(deviating, o.withStrategies(null, dev.faultline.core.experiment.RollbackStrategy.NEVER)),
        "rollbacks")).isEmpty();
    assertThat(entries(h.run(deviating, o.withStrategies(null, dev.faultline.core.experiment.RollbackStrategy.DEVIATED)),
        "rollbacks")).isEmpty();
    RunResult afterOnly = h.run(deviating, o.withStrategies(dev.faultline.core.experiment.HypothesisStrategy.AFTER_METHOD_ONLY,
        dev.faultline.core.experiment.RollbackStrategy.DEVIATED));
    assertThat(afterOnly.deviated()).isTrue();
    assertThat(entries(afterOnly, "rollbacks")).hasSize(1);
  }

  @Test
  void secretsAreMaskedEverywhereInTheJournal() throws Exception {
    RunResult r = h.run("""
        title: t
        description: d
        secrets:
          api:
            token: s3cr3t-t0ken
        method:
          - {type: action, name: leak, provider: {type: process, path: echo, arguments: ["token=${token}"]}}
        """);
    String json = JournalWriter.toJson(r.journal());
    assertThat(json).doesNotContain("s3cr3t-t0ken").contains("token=***");
    assertThat(h.events).noneMatch(e -> e.toString().contains("s3cr3t-t0ken"));
  }

  @Test
  void wholeStringSubstitutionKeepsTheType() {
    RunResult r = h.run("""
        title: "Port ${port}"
        description: d
        configuration:
          port: 8080
        steady-state-hypothesis:
          title: h
          probes:
            - {type: probe, name: echo, tolerance: {type: regex, pattern: "^8080$", target: stdout}, provider: {type: process, path: echo, arguments: ["${port}"]}}
        method: []
        """);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(((Map<?, ?>) r.journal().get("experiment")).get("title")).isEqualTo("Port 8080");
    assertThat(state(r, "before")).containsEntry("steady_state_met", true);
  }

  @Test
  void backgroundActivitiesRunConcurrentlyAndAreJournaledInStartOrder() {
    RunResult r = h.run("""
        title: t
        description: d
        method:
          - {type: action, name: slow-background, background: true, provider: {type: process, path: sleep, arguments: ["0.5"]}}
          - {type: action, name: quick, provider: {type: process, path: "true"}}
        """);
    assertThat(names(entries(r, "run"))).containsExactly("slow-background", "quick");
    List<String> ends = h.events.stream().filter(e -> e.kind() == RunEventKind.ACTIVITY_ENDED).map(e -> e.subject()).toList();
    assertThat(ends).containsExactly("quick", "slow-background");
  }

  @Test
  void dryProbesAreNotExecutedAndTheHypothesisIsMet() {
    RunResult r = h.run("""
        title: t
        description: d
        steady-state-hypothesis:
          title: h
          probes:
            - {type: probe, name: would-fail, tolerance: 0, provider: {type: process, path: "false"}}
        method:
          - {type: action, name: act, provider: {type: process, path: "true"}}
        """, RunOptions.defaults().withDry(DryMode.PROBES));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(state(r, "before")).containsEntry("steady_state_met", true);
    assertThat(entries(r, "run").get(0).get("output")).isNotNull();
    assertThat(((Map<?, ?>) r.journal().get("experiment")).get("dry")).isEqualTo("probes");
  }

  @Test
  void timelineHasWallAndMonotonicTimesInOrder() {
    RunResult r = h.run("""
        title: t
        description: d
        method:
          - {type: action, name: a, pauses: {after: 0.05}, provider: {type: process, path: "true"}}
        """);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> timeline = (List<Map<String, Object>>) r.journal().get("timeline");
    assertThat(timeline).extracting(e -> e.get("kind")).startsWith("run_started").endsWith("run_ended")
        .contains("activity_started", "activity_ended", "pause_started", "pause_ended");
    List<Double> offsets = timeline.stream().map(e -> (Double) e.get("offset_ms")).toList();
    assertThat(offsets).isSorted();
    assertThat(timeline.get(0).get("time").toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
  }
}
