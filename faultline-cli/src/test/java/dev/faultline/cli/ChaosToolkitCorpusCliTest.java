package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Chaos Toolkit experiment files (test resources {@code ctk/}, see the README there) run
 * unchanged by {@code faultline run}, in a working directory laid out as Chaos Toolkit's own
 * tests expect.
 */
class ChaosToolkitCorpusCliTest {
  @TempDir
  Path dir;

  @BeforeEach
  void layOutTheWorkingDirectoryAsChaosToolkitsTestsDo() throws IOException {
    Files.createDirectories(dir.resolve("tests/fixtures"));
    Files.writeString(dir.resolve("tests/conftest.py"), "# present, as in Chaos Toolkit's repository\n");
    Files.writeString(dir.resolve("tests/fixtures/dummy.txt"), "dummy\n");
  }

  @Test
  void checkFileExistsCompletes() throws IOException {
    String file = copy("chaostoolkit--tests-fixtures-check-file-exists.json");

    CliProcess cli = CliProcess.run(dir, "run", file);

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode journal = JournalJson.read(dir.resolve("journal.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("deviated").asBoolean(true)).isFalse();
    assertThat(journal.path("steady_states").path("after").path("probes").get(1).path("output").asBoolean(false))
        .as("os.path.exists('tests/conftest.py') after the method").isTrue();
  }

  @Test
  void checkFileExistsDeviatedCompletesDeviatedAndExitsOne() throws IOException {
    String file = copy("chaostoolkit--tests-fixtures-check-file-exists-deviated.json");

    CliProcess cli = CliProcess.run(dir, "run", file);

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    JsonNode journal = JournalJson.read(dir.resolve("journal.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("deviated").asBoolean(false)).isTrue();
    assertThat(dir.resolve("tests/fixtures/dummy.txt")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "community-playground--interactive-controls-samples-simple-interactive-experiment.json",
      "community-playground--interactive-controls-samples-yorn-interactive-experiment.json"})
  void interactiveControlSamplesCompleteAndTheirUnknownControlsOnlyWarn(String name) throws IOException {
    String file = copy(name);
    String controlModule = name.contains("yorn") ? "chaosyorn.control" : "chaossimpleinteract.control";

    CliProcess cli = CliProcess.run(dir, "run", file);

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stderr()).contains("warning:").contains("control module '" + controlModule + "'");
    JsonNode journal = JournalJson.read(dir.resolve("journal.json"));
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("run").get(0).path("output").path("stdout").asText()).isEqualTo("updated\n");
    assertThat(journal.path("rollbacks")).hasSize(1);
  }

  private String copy(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/ctk/" + name)) {
      assertThat(in).as("test resource ctk/%s", name).isNotNull();
      Files.copy(in, dir.resolve(name));
    }
    return name;
  }
}
