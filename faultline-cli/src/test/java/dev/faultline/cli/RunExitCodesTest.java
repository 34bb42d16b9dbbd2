package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code faultline run} exit codes, as {@code chaos run}: 0 completed and not deviated; 1 deviated,
 * failed, aborted, interrupted (see {@link RunInterruptTest}) or invalid; 2 usage error. Each
 * experiment runs real processes and probes a real HTTP server on loopback.
 */
class RunExitCodesTest {
  @TempDir
  Path dir;

  private LoopbackHttpServer http;

  @BeforeEach
  void startServer() {
    http = LoopbackHttpServer.start();
  }

  @AfterEach
  void stopServer() {
    http.close();
  }

  @Test
  void completedAndNotDeviatedExitsZeroAndPlaysTheRollbacks() throws IOException {
    Files.writeString(dir.resolve("healthy.json"), """
        {
          "title": "The service stays healthy",
          "description": "http and process probes hold; the method echoes",
          "steady-state-hypothesis": {
            "title": "healthy",
            "probes": [
              {"type": "probe", "name": "health", "tolerance": 200,
               "provider": {"type": "http", "url": "%s", "timeout": 5}},
              {"type": "probe", "name": "true-works", "tolerance": 0,
               "provider": {"type": "process", "path": "true"}}
            ]
          },
          "method": [
            {"type": "action", "name": "say", "provider": {"type": "process", "path": "echo", "arguments": ["hi"]}}
          ],
          "rollbacks": [
            {"type": "action", "name": "mark", "provider": {"type": "process", "path": "touch", "arguments": ["rolled-back"]}}
          ]
        }
        """.formatted(http.url("/health")));

    CliProcess cli = CliProcess.run(dir, "run", "healthy.json", "--journal-path", "out/j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode journal = JournalJson.read(dir.resolve("out/j.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("deviated").asBoolean(true)).isFalse();
    assertThat(journal.path("run").get(0).path("output").path("stdout").asText()).isEqualTo("hi\n");
    assertThat(journal.path("rollbacks")).hasSize(1);
    assertThat(dir.resolve("rolled-back")).exists();
    assertThat(cli.stdout()).contains("Experiment ended with status: completed");
  }

  @Test
  void deviatedExitsOneWithStatusCompleted() throws IOException {
    Files.createFile(dir.resolve("marker"));
    Files.writeString(dir.resolve("deviates.yaml"), """
        title: The marker stays
        description: the method removes what the hypothesis checks
        steady-state-hypothesis:
          title: the marker is there
          probes:
            - type: probe
              name: marker-listed
              tolerance: 0
              provider: {type: process, path: ls, arguments: [marker]}
        method:
          - type: action
            name: remove-marker
            provider: {type: process, path: rm, arguments: [marker]}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "deviates.yaml", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    JsonNode journal = JournalJson.read(dir.resolve("j.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("deviated").asBoolean(false)).isTrue();
    assertThat(dir.resolve("marker")).doesNotExist();
    assertThat(cli.stdout()).contains("Experiment ended with status: deviated");
  }

  @Test
  void aHypothesisProbeThatRaisesFailsTheRunExitsOneAndSkipsMethodAndRollbacks() throws IOException {
    Files.writeString(dir.resolve("fails.json"), """
        {
          "title": "A probe times out",
          "description": "the gate's http probe gets no answer within its timeout",
          "steady-state-hypothesis": {
            "title": "answers quickly",
            "probes": [
              {"type": "probe", "name": "slow", "tolerance": 200,
               "provider": {"type": "http", "url": "%s", "timeout": 0.5}}
            ]
          },
          "method": [
            {"type": "action", "name": "mark-method", "provider": {"type": "process", "path": "touch", "arguments": ["method-ran"]}}
          ],
          "rollbacks": [
            {"type": "action", "name": "mark-rollback", "provider": {"type": "process", "path": "touch", "arguments": ["rolled-back"]}}
          ]
        }
        """.formatted(http.url("/slow")));

    CliProcess cli = CliProcess.run(dir, "run", "fails.json", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    JsonNode journal = JournalJson.read(dir.resolve("j.json"));
    assertThat(journal.path("status").asText()).isEqualTo("failed");
    assertThat(journal.path("steady_states").path("before").path("probes").get(0).path("status").asText())
        .isEqualTo("failed");
    assertThat(dir.resolve("method-ran")).doesNotExist();
    assertThat(dir.resolve("rolled-back")).doesNotExist();
    assertThat(journal.path("rollbacks")).isEmpty();
  }

  @Test
  void aGateMismatchCompletesAndExitsZeroAsChaosToolkitDoes() throws IOException {
    // Chaos Toolkit >= 1.35: a before-hypothesis mismatch is 'completed', not deviated, method
    // skipped, rollbacks played; chaos run then exits 0 (docs/semantics.md, DOC≠CODE).
    Files.writeString(dir.resolve("gate.json"), """
        {
          "title": "The gate is not met",
          "description": "false exits 1 where 0 is expected",
          "steady-state-hypothesis": {
            "title": "false succeeds",
            "probes": [
              {"type": "probe", "name": "false-exit", "tolerance": 0, "provider": {"type": "process", "path": "false"}}
            ]
          },
          "method": [
            {"type": "action", "name": "mark-method", "provider": {"type": "process", "path": "touch", "arguments": ["method-ran"]}}
          ],
          "rollbacks": [
            {"type": "action", "name": "mark-rollback", "provider": {"type": "process", "path": "touch", "arguments": ["rolled-back"]}}
          ]
        }
        """);

    CliProcess cli = CliProcess.run(dir, "run", "gate.json", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode journal = JournalJson.read(dir.resolve("j.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("deviated").asBoolean(true)).isFalse();
    assertThat(journal.path("steady_states").path("before").path("steady_state_met").asBoolean(true)).isFalse();
    assertThat(dir.resolve("method-ran")).doesNotExist();
    assertThat(dir.resolve("rolled-back")).exists();
  }

  @Test
  void aPauseThatIsNotANumberAbortsTheRunAndExitsOne() throws IOException {
    Files.writeString(dir.resolve("aborts.yaml"), """
        title: A pause of 'soon' seconds
        description: the substituted pause is not a number, which only shows at run time
        configuration:
          delay: soon
        method:
          - type: action
            name: wait-a-bit
            pauses: {before: "${delay}"}
            provider: {type: process, path: "true"}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "aborts.yaml", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    JsonNode journal = JournalJson.read(dir.resolve("j.json"));
    assertThat(journal.path("status").asText()).isEqualTo("aborted");
    assertThat(journal.path("faultline").path("warnings").toString())
        .contains("pauses.before of 'wait-a-bit' is not a number of seconds: soon");
    assertThat(cli.stdout()).contains("Experiment ended with status: aborted");
  }

  @Test
  void anInvalidExperimentExitsOneAndWritesNoJournal() throws IOException {
    Files.writeString(dir.resolve("invalid.json"), """
        {"title": "no description", "method": []}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "invalid.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).contains("invalid.json: invalid experiment: 1 error; nothing was run");
    assertThat(dir.resolve("journal.json")).doesNotExist();
    assertThat(cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {"run", "ok.json", "--bogus"}, "Unknown option: '--bogus'"),
        Arguments.of(new String[] {"run"}, "Missing required parameter: 'FILE'"),
        Arguments.of(new String[] {"rn", "ok.json"}, "Unmatched arguments from index 0: 'rn', 'ok.json'"),
        Arguments.of(new String[] {"run", "ok.json", "--rollback-strategy", "sometimes"},
            "--rollback-strategy: unknown strategy 'sometimes'; expected default, always, never or deviated"),
        Arguments.of(new String[] {"run", "ok.json", "--dry", "nonsense"},
            "--dry: unknown mode 'nonsense'; expected probes, actions, activities or pause"),
        Arguments.of(new String[] {"run", "ok.json", "--var", "no-equals-sign"},
            "faultline: --var no-equals-sign: expected KEY=VALUE or KEY:TYPE=VALUE"));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void aUsageErrorSaysWhatWasWrongRunsNothingAndPrintsNoStackTrace(String[] args, String message)
      throws IOException {
    writeHarmlessExperiment();

    CliProcess cli = CliProcess.run(dir, args);

    assertThat(cli.exitCode()).as(cli.describe()).isNotZero();
    assertThat(cli.stderr().lines().findFirst()).as(cli.describe()).hasValue(message);
    assertThat(cli.stdout() + cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("journal.json")).doesNotExist();
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void aUsageErrorExitsTwo(String[] args, String message) throws IOException {
    writeHarmlessExperiment();

    CliProcess cli = CliProcess.run(dir, args);

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
  }

  @Test
  void aBadVarExitsTwo() throws IOException {
    writeHarmlessExperiment();

    CliProcess cli = CliProcess.run(dir, "run", "ok.json", "--var", "no-equals-sign");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
  }

  private void writeHarmlessExperiment() throws IOException {
    Files.writeString(dir.resolve("ok.json"), """
        {"title": "t", "description": "d",
         "method": [{"type": "action", "name": "mark", "provider": {"type": "process", "path": "touch", "arguments": ["ran"]}}]}
        """);
  }
}
