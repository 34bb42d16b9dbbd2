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
  void aJournalPathThatCannotBeWrittenIsAUsageErrorBeforeAnythingRuns() throws IOException {
    writeExperiment("experiment.yaml");
    Files.createDirectory(dir.resolve("a-directory"));
    Files.writeString(dir.resolve("a-file"), "not a directory");

    for (String[] bad : new String[][] {{"a-directory", "is a directory"}, {"", "the path is empty"},
        {"a-file/journal.json", "a-file is not a directory"}}) {
      CliProcess cli = CliProcess.run(dir, "run", "marking.yaml", "--journal-path", bad[0]);

      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
      assertThat(cli.stderr()).as(cli.describe()).contains("--journal-path '" + bad[0] + "'").contains(bad[1])
          .contains("nothing was run").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(dir.resolve("ran")).as("the method ran for --journal-path '%s'", bad[0]).doesNotExist();
    }
  }

  @Test
  void anUnwritableDirectoryIsRefusedWithTheOperatingSystemsReasonBeforeAnythingRuns() throws Exception {
    writeExperiment("experiment.yaml");
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    // Root ignores permission bits: a read-only file system refuses even root.
    command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString());
    try {
      CliProcess cli = CliProcess.run(dir, "run", "marking.yaml", "--journal-path", "read-only/journal.json");

      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
      assertThat(cli.stderr()).as(cli.describe()).contains("Read-only file system").contains("nothing was run");
      assertThat(dir.resolve("ran")).doesNotExist();
    } finally {
      command("umount", readOnly.toString());
    }
  }

  @Test
  void aCharacterDeviceIsWrittenThroughAndNeverReplacedByAFile() throws Exception {
    writeExperiment("experiment.yaml");
    Path devNull = dir.resolve("null");
    Path devFull = dir.resolve("full");
    command("mknod", devNull.toString(), "c", "1", "3"); // what /dev/null is
    command("mknod", devFull.toString(), "c", "1", "7"); // what /dev/full is: every write fails, ENOSPC

    CliProcess toNull = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "null");
    CliProcess toFull = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "full");

    assertThat(toNull.exitCode()).as(toNull.describe()).isZero();
    assertThat(toFull.exitCode()).as(toFull.describe()).isEqualTo(1);
    assertThat(toFull.stderr()).contains("No space left on device").doesNotContain("\tat ");
    assertThat(command("stat", "-c", "%F %t,%T", devNull.toString(), devFull.toString()))
        .isEqualTo("character special file 1,3\ncharacter special file 1,7\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
          .noneMatch(n -> n.startsWith(".journal"));
    }
  }

  @Test
  void aSymbolicLinkToAJournalStaysALinkAndTheFileItNamesIsReplaced() throws Exception {
    writeExperiment("experiment.yaml");
    Files.createDirectory(dir.resolve("runs"));
    Files.writeString(dir.resolve("runs/latest.json"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("journal-link.json"), Path.of("runs/latest.json"));

    CliProcess cli = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "journal-link.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(link).isSymbolicLink();
    assertThat(JournalJson.read(dir.resolve("runs/latest.json")).path("experiment").path("title").asText())
        .isEqualTo("Journal keys");
  }

  private static String command(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }

  private void writeExperiment(String name) throws IOException {
    // The method of this one leaves a mark, so a test can tell whether anything ran.
    Files.writeString(dir.resolve("marking.yaml"), """
        title: Marks
        description: touches a file when it runs
        method:
          - {type: action, name: mark, provider: {type: process, path: touch, arguments: [ran]}}
        """);
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
