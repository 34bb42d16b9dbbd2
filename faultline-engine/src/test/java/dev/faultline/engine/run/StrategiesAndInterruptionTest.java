package dev.faultline.engine.run;

import static dev.faultline.engine.run.EngineHarness.during;
import static dev.faultline.engine.run.EngineHarness.entries;
import static dev.faultline.engine.run.EngineHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hypothesis strategies, fail-fast, interruption, safeguards and fault recovery. */
class StrategiesAndInterruptionTest {
  final EngineHarness h = new EngineHarness();

  @TempDir
  Path dir;

  /** A hypothesis that holds while {@code marker} is absent; the method creates it for ~1 s. */
  private String flipping(Path marker) {
    return """
        title: t
        description: d
        steady-state-hypothesis:
          title: no marker
          probes:
            - {type: probe, name: no-marker, tolerance: 0, provider: {type: process, path: test, arguments: ["!", "-e", "%s"]}}
        method:
          - {type: action, name: create, provider: {type: process, path: touch, arguments: ["%s"]}}
          - {type: action, name: wait, provider: {type: process, path: sleep, arguments: ["1"]}}
          - {type: action, name: remove, provider: {type: process, path: rm, arguments: ["-f", "%s"]}}
        rollbacks:
          - {type: action, name: undo, provider: {type: process, path: "true"}}
        """.formatted(marker, marker, marker);
  }

  private RunOptions with(HypothesisStrategy s, boolean failFast) {
    return RunOptions.defaults().withStrategies(s, null).withFailFast(failFast, Duration.ofMillis(100));
  }

  @Test
  void beforeMethodOnlySkipsTheAfterCheck() {
    RunResult r = h.run(flipping(dir.resolve("m")), with(HypothesisStrategy.BEFORE_METHOD_ONLY, false));
    assertThat(state(r, "before")).isNotNull();
    assertThat(state(r, "after")).isNull();
    assertThat(during(r)).isEmpty();
  }

  @Test
  void afterMethodOnlyAlwaysRunsTheMethod() throws Exception {
    Path marker = Files.createFile(dir.resolve("m")); // the gate would fail
    RunResult r = h.run(flipping(marker), with(HypothesisStrategy.AFTER_METHOD_ONLY, false));
    assertThat(state(r, "before")).isNull();
    assertThat(entries(r, "run")).hasSize(3);
    assertThat(state(r, "after")).containsEntry("steady_state_met", true);
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void duringMethodOnlyRecordsChecksButNeverDeviates() {
    RunResult r = h.run(flipping(dir.resolve("m")), with(HypothesisStrategy.DURING_METHOD_ONLY, false));
    assertThat(during(r)).isNotEmpty().anyMatch(s -> Boolean.FALSE.equals(s.get("steady_state_met")));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isFalse();
    assertThat(state(r, "before")).isNull();
    assertThat(state(r, "after")).isNull();
  }

  @Test
  void duringMethodOnlyWithFailFastFailsAndSkipsDefaultRollbacks() {
    RunResult r = h.run(flipping(dir.resolve("m")), with(HypothesisStrategy.DURING_METHOD_ONLY, true));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.deviated()).isFalse();
    assertThat(EngineHarness.names(entries(r, "run"))).doesNotContain("remove");
    assertThat(entries(r, "rollbacks")).isEmpty();
  }

  @Test
  void continuouslyWithFailFastStillChecksAfterAndDeviates() {
    RunResult r = h.run(flipping(dir.resolve("m")), with(HypothesisStrategy.CONTINUOUSLY, true));
    // the method stopped before removing the marker, so the after-check fails: completed + deviated
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.deviated()).isTrue();
    assertThat(state(r, "before")).containsEntry("steady_state_met", true);
    assertThat(state(r, "after")).containsEntry("steady_state_met", false);
  }

  private static final String LONG_PAUSE = """
      title: t
      description: d
      method:
        - {type: action, name: long-pause, pauses: {after: 60}, provider: {type: process, path: "true"}}
        - {type: action, name: long-process, provider: {type: process, path: sleep, arguments: ["60"]}}
      rollbacks:
        - {type: action, name: undo, provider: {type: process, path: "true"}}
      """;

  /** Interrupts the run as soon as an event matching {@code when} is seen (waiting at most 30 s). */
  private void interruptWhen(java.util.function.Predicate<dev.faultline.core.event.RunEvent> when, RunControl control) {
    CompletableFuture.runAsync(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (h.events.stream().noneMatch(when) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      control.interrupt("test signal");
    });
  }

  @Test
  void anInterruptEndsAPauseAtOnceAndSkipsDefaultRollbacks() throws Exception {
    RunControl control = new RunControl();
    interruptWhen(e -> e.kind() == RunEventKind.PAUSE_STARTED, control);
    long start = System.nanoTime();
    RunResult r = h.run(LONG_PAUSE, RunOptions.defaults(), control);
    // The pause is 60 s: ending long before that shows the interrupt cut it short.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(h.events).anyMatch(e -> e.kind() == RunEventKind.PAUSE_ENDED);
    assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(entries(r, "rollbacks")).isEmpty();
    assertThat(h.events).anyMatch(e -> e.kind() == RunEventKind.INTERRUPTED && e.subject().equals("test signal"));
  }

  @Test
  void anInterruptKillsALongProcessAndAlwaysStillPlaysRollbacks() {
    RunControl control = new RunControl();
    String noPause = LONG_PAUSE.replace("pauses: {after: 60}, ", "");
    h.events.clear();
    interruptWhen(e -> e.kind() == RunEventKind.ACTIVITY_STARTED && e.subject().equals("long-process"), control);
    RunResult r = h.run(noPause, RunOptions.defaults().withStrategies(null, RollbackStrategy.ALWAYS), control);
    assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(entries(r, "run")).last().satisfies(e -> assertThat(e).containsEntry("status", "failed"));
    assertThat(entries(r, "rollbacks")).hasSize(1).first().satisfies(e -> assertThat(e).containsEntry("status", "succeeded"));
  }

  @Test
  void aFailingSafeguardInterruptsTheRun() {
    RunResult r = h.run("""
        title: t
        description: d
        controls:
          - name: guard
            provider:
              type: python
              module: chaosaddons.controls.safeguards
              arguments:
                probes:
                  - {type: probe, name: health, frequency: 0.2, tolerance: 0, provider: {type: process, path: "false"}}
        method:
          - {type: action, name: long, provider: {type: process, path: sleep, arguments: ["30"]}}
        """);
    assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(h.events).anyMatch(e -> e.kind() == RunEventKind.SAFEGUARD_TRIGGERED && e.subject().equals("health"));
    assertThat((java.util.List<?>) ((Map<?, ?>) r.journal().get("faultline")).get("warnings")).asString()
        .contains("Safeguard 'health' triggered the end of the experiment");
  }

  @Test
  void aBlockingSafeguardStopsTheRunBeforeTheHypothesis() {
    RunResult r = h.run("""
        title: t
        description: d
        controls:
          - name: guard
            provider:
              type: python
              module: chaosaddons.controls.safeguards
              arguments:
                probes:
                  - {type: probe, name: preflight, tolerance: 0, provider: {type: process, path: "false"}}
        steady-state-hypothesis:
          title: h
          probes:
            - {type: probe, name: h, tolerance: 0, provider: {type: process, path: "true"}}
        method:
          - {type: action, name: act, provider: {type: process, path: "true"}}
        """);
    assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(state(r, "before")).isNull();
    assertThat(entries(r, "run")).isEmpty();
  }

  @Test
  void aFaultIsRecoveredAtRunEndAndAtTheEndOfItsDuration() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "a");
    Path b = Files.writeString(dir.resolve("b"), "b");
    RunResult r = h.run("""
        title: t
        description: d
        method:
          - {type: action, name: hide-a, provider: {type: fault, fault: file-move, parameters: {path: "%s"}}}
          - {type: action, name: hide-b, provider: {type: fault, fault: file-move, parameters: {path: "%s"}, duration: 0.2}}
          - {type: probe, name: a-hidden, provider: {type: process, path: test, arguments: ["-e", "%s"]}}
          - {type: action, name: wait, provider: {type: process, path: sleep, arguments: ["0.6"]}}
          - {type: probe, name: b-back, provider: {type: process, path: test, arguments: ["-e", "%s"]}}
        """.formatted(a, b, a, b));
    assertThat(entries(r, "run").get(2).get("output")).asString().contains("status=1");
    assertThat(entries(r, "run").get(4).get("output")).asString().contains("status=0");
    assertThat(a).exists().hasContent("a");
    assertThat(b).exists().hasContent("b");
    assertThat(h.events).filteredOn(e -> e.kind() == RunEventKind.FAULT_RECOVERED)
        .extracting(e -> e.attributes().get("reason")).containsExactlyInAnyOrder("duration ended", "run ended");
  }

  @Test
  void aFaultIsRecoveredWhenTheRunIsInterruptedOrAborts() throws Exception {
    Path hidden = Files.writeString(dir.resolve("hidden"), "h");
    RunControl control = new RunControl();
    interruptWhen(e -> e.kind() == RunEventKind.ACTIVITY_STARTED && e.subject().equals("long"), control);
    RunResult interrupted = h.run("""
        title: t
        description: d
        method:
          - {type: action, name: hide, provider: {type: fault, fault: file-move, parameters: {path: "%s"}}}
          - {type: action, name: long, provider: {type: process, path: sleep, arguments: ["30"]}}
        """.formatted(hidden), RunOptions.defaults(), control);
    assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(h.events).anyMatch(e -> e.kind() == RunEventKind.FAULT_APPLIED);
    assertThat(hidden).exists().hasContent("h");

    RunResult aborted = h.run("""
        title: t
        description: d
        configuration:
          delay: soon
        method:
          - {type: action, name: hide, provider: {type: fault, fault: file-move, parameters: {path: "%s"}}}
          - {type: action, name: crash, pauses: {before: "${delay}"}, provider: {type: process, path: "true"}}
        """.formatted(hidden));
    assertThat(aborted.status()).isEqualTo(RunStatus.ABORTED);
    assertThat(hidden).exists().hasContent("h");
  }
}
