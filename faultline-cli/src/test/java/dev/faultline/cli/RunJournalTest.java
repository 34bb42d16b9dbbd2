package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal {@code faultline run} writes: where, and with Chaos Toolkit's keys in its order. */
class RunJournalTest {
  private static final List<String> CHAOS_TOOLKIT_KEYS = List.of("chaoslib-version", "platform", "node",
      "experiment", "start", "status", "deviated", "steady_states", "run", "rollbacks", "end", "duration");

  @TempDir
  Path dir;

  @Test
  void theJournalGoesToJournalJsonInTheWorkingDirectoryByDefault() throws IOException {
    writeExperiment("experiment.yaml");

    CliProcess cli = CliProcess.run(dir, "run", "experiment.yaml");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    Path journal = dir.resolve("journal.json");
    assertThat(journal).isRegularFile();
    String printed = cli.stdout().lines().filter(l -> l.startsWith("Journal written to ")).findFirst().orElseThrow()
        .substring("Journal written to ".length());
    assertThat(Path.of(printed).normalize()).isEqualTo(journal.toRealPath());
    assertThat(JournalJson.read(journal).path("experiment").path("title").asText()).isEqualTo("Journal keys");
  }

  @Test
  void theJournalGoesToJournalPathWithChaosToolkitKeysInOrderThenFaultlineAndTimeline() throws IOException {
    writeExperiment("experiment.yaml");

    CliProcess cli = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "runs/first/journal-1.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(dir.resolve("journal.json")).doesNotExist();
    JsonNode journal = JournalJson.read(dir.resolve("runs/first/journal-1.json"));
    List<String> keys = JournalJson.keys(journal);
    assertThat(keys.subList(0, CHAOS_TOOLKIT_KEYS.size())).containsExactlyElementsOf(CHAOS_TOOLKIT_KEYS);
    assertThat(keys.subList(CHAOS_TOOLKIT_KEYS.size(), keys.size())).containsExactly("faultline", "timeline");
    assertThat(journal.path("chaoslib-version").asText()).startsWith("faultline-");
    assertThat(JournalJson.keys(journal.path("steady_states"))).startsWith("before", "after");
    assertThat(journal.path("steady_states").path("before").path("steady_state_met").asBoolean(false)).isTrue();
    assertThat(journal.path("run")).hasSize(1);
    assertThat(journal.path("run").get(0).path("activity").path("name").asText()).isEqualTo("say");
    assertThat(JournalJson.keys(journal.path("run").get(0)))
        .containsSubsequence("activity", "output", "start", "status", "end", "duration");
    assertThat(journal.path("rollbacks")).hasSize(1);
    assertThat(journal.path("duration").isNumber()).isTrue();
    assertThat(journal.path("timeline").isArray()).isTrue();
    assertThat(journal.path("timeline").get(0).path("kind").asText()).isEqualTo("run_started");
    assertThat(journal.path("timeline").get(0).has("offset_ms")).isTrue();
  }

  @Test
  void aJournalPathThatCannotBeWrittenIsReportedWithoutAStackTrace() throws IOException {
    writeExperiment("experiment.yaml");
    Files.createDirectory(dir.resolve("a-directory"));

    CliProcess cli = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "a-directory");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).contains("a-directory").doesNotContain("internal error")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  private void writeExperiment(String name) throws IOException {
    Files.writeString(dir.resolve(name), """
        title: Journal keys
        description: a tiny complete run
        steady-state-hypothesis:
          title: true works
          probes:
            - {type: probe, name: true-works, tolerance: 0, provider: {type: process, path: "true"}}
        method:
          - {type: action, name: say, provider: {type: process, path: echo, arguments: [hello]}}
        rollbacks:
          - {type: action, name: undo, provider: {type: process, path: "true"}}
        """);
  }
}
