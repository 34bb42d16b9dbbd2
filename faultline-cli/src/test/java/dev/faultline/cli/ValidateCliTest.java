package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline validate}: every problem at once as {@code file:line:column: error: path: message}. */
class ValidateCliTest {
  private static final String THREE_PROBLEMS = """
      {
        "title": "Three problems",
        "description": "each one is reported, with where it is",
        "tags": ["ok", 7],
        "method": [
          {"type": "action", "provider": {"type": "process", "path": "true"}},
          {"type": "action", "name": "slow", "provider": {"type": "process", "path": "true", "timeout": "soon"}}
        ]
      }
      """;

  @TempDir
  Path dir;

  @BeforeEach
  void writeFiles() throws IOException {
    Files.writeString(dir.resolve("three-problems.json"), THREE_PROBLEMS);
    Files.writeString(dir.resolve("valid.yaml"), """
        title: Valid
        description: nothing wrong here
        method:
          - {type: action, name: say, provider: {type: process, path: echo, arguments: [hi]}}
        """);
  }

  @Test
  void aValidFileExitsZero() {
    CliProcess cli = CliProcess.run(dir, "validate", "valid.yaml");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).isEqualTo("valid.yaml: experiment syntax and semantic look valid\n");
    assertThat(cli.stderr()).isEmpty();
  }

  @Test
  void everyProblemIsPrintedWithFileLineColumnAndPath() {
    CliProcess cli = CliProcess.run(dir, "validate", "three-problems.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr().lines()).containsExactly(
        "three-problems.json:4:18: error: tags[1]: a tag must be a non-empty string; found the integer 7",
        "three-problems.json:6:5: error: method[0].name: an activity must have a name",
        "three-problems.json:7:88: error: method[1].provider.timeout: timeout must be a positive number of seconds, "
            + "found the string \"soon\"");
    assertThat(cli.stdout()).isEqualTo("three-problems.json: invalid experiment: 3 errors\n");
    assertThat(cli.stdout() + cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void runReportsTheSameProblemsAndRunsNothing() {
    CliProcess cli = CliProcess.run(dir, "run", "three-problems.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr().lines()).hasSize(4).allMatch(l -> l.startsWith("three-problems.json:"))
        .last().isEqualTo("three-problems.json: invalid experiment: 3 errors; nothing was run");
    assertThat(cli.stdout() + cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("journal.json")).doesNotExist();
  }

  @Test
  void jsonOutputListsEveryProblemAsAnObject() {
    CliProcess cli = CliProcess.run(dir, "validate", "three-problems.json", "--json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    JsonNode result = JournalJson.parse(cli.stdout());
    assertThat(JournalJson.keys(result)).containsExactly("file", "valid", "problems");
    assertThat(result.path("file").asText()).isEqualTo("three-problems.json");
    assertThat(result.path("valid").asBoolean(true)).isFalse();
    assertThat(result.path("problems")).hasSize(3);
    JsonNode timeout = result.path("problems").get(2);
    assertThat(JournalJson.keys(timeout)).containsExactly("severity", "file", "line", "column", "path", "message");
    assertThat(timeout.path("severity").asText()).isEqualTo("error");
    assertThat(timeout.path("file").asText()).isEqualTo("three-problems.json");
    assertThat(timeout.path("line").asInt()).isEqualTo(7);
    assertThat(timeout.path("column").asInt()).isEqualTo(88);
    assertThat(timeout.path("path").asText()).isEqualTo("method[1].provider.timeout");
    assertThat(timeout.path("message").asText())
        .isEqualTo("timeout must be a positive number of seconds, found the string \"soon\"");
  }

  @Test
  void jsonOutputOfAValidFile() {
    CliProcess cli = CliProcess.run(dir, "validate", "valid.yaml", "--json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode result = JournalJson.parse(cli.stdout());
    assertThat(result.path("valid").asBoolean(false)).isTrue();
    assertThat(result.path("problems").isArray()).isTrue();
    assertThat(result.path("problems")).isEmpty();
  }

  @Test
  void brokenSyntaxAndAMissingFileAreReportedWithoutAStackTrace() throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), "title: [unclosed\n");

    CliProcess broken = CliProcess.run(dir, "validate", "broken.yaml");
    CliProcess missing = CliProcess.run(dir, "validate", "not-there.json");

    assertThat(broken.exitCode()).as(broken.describe()).isEqualTo(1);
    assertThat(broken.stderr()).startsWith("broken.yaml:");
    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(1);
    assertThat(missing.stderr()).contains("not-there.json: error: file does not exist");
    for (CliProcess cli : new CliProcess[] {broken, missing}) {
      assertThat(cli.stdout() + cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}
