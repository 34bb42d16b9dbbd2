package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void hostileFilesExitZeroOrOneWithLocatedMessagesAndNoStackTrace() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo.json").toString()).start();
    assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
    Files.write(dir.resolve("latin1.yaml"), "title: t\ndescription: caf\u00e9\nmethod: []\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    StringBuilder laughs = new StringBuilder("title: t\ndescription: d\nmethod: []\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 9; i++) {
      laughs.append("l").append(i).append(": &l").append(i).append(" [").append(("*l" + (i - 1) + ", ").repeat(9))
          .append("*l").append(i - 1).append("]\n");
    }
    Files.writeString(dir.resolve("laughs.yaml"), laughs);
    Files.writeString(dir.resolve("deep.json"), "[".repeat(50_000));
    Files.writeString(dir.resolve("huge.json"), """
        {"title": "t", "description": "d", "steady-state-hypothesis": {"title": "h", "probes": [
          {"type": "probe", "name": "p", "provider": {"type": "process", "path": "true"},
           "tolerance": {"type": "range", "range": [0, 1e400]}}]},
         "method": [{"type": "action", "name": "a", "provider": {"type": "process", "path": "true"},
                     "pauses": {"after": 9223372036854775808}}]}
        """);
    Files.writeString(dir.resolve("anchors.yaml"), """
        title: Anchors
        description: an alias gives the list, not the anchor's name
        x-args: &args ["-n", "hi"]
        method:
          - {type: action, name: say, provider: {type: process, path: echo, arguments: *args}}
        """);
    Files.writeString(dir.resolve("controls.json"), "{\"title\": \"t\", \"description\": \"d\", \"method\": [], "
        + "\"evil\\nkey\\u001b[2J\": 1}");

    record Case(String file, int exit, String expected) {}
    for (Case c : List.of(
        new Case("fifo.json", 1, "fifo.json: error: is a FIFO (named pipe), not a regular file"),
        new Case("zero.yaml", 1, "zero.yaml: error: is a character device, not a regular file"),
        new Case("latin1.yaml", 1, "latin1.yaml:2:17: error: invalid UTF-8: the byte 0xE9"),
        new Case("laughs.yaml", 1, "error: aliases here expand the document beyond 100000 copied values"),
        new Case("deep.json", 1, "deep.json:1:101: error: values are nested more than 100 levels deep"),
        new Case("huge.json", 1, "huge.json:3:48: error: the number 1e400 is not a finite number"),
        new Case("anchors.yaml", 0, "warning: x-args: unknown top-level key"),
        new Case("controls.json", 0, "warning: evil\\nkey\\u001b[2J: unknown top-level key"))) {
      CliProcess cli = CliProcess.run(dir, "validate", c.file());

      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(c.exit());
      assertThat(cli.stderr()).as(c.file()).contains(c.expected()).doesNotContain("\u001b");
      assertThat(cli.stdout() + cli.stderr()).as(c.file()).doesNotContain("Exception").doesNotContain("\tat ")
          .doesNotContainIgnoringCase("jackson").doesNotContainIgnoringCase("snakeyaml");
    }
    assertThat(CliProcess.run(dir, "validate", "huge.json").stderr())
        .contains("pauses.after: a pause must be at most 604800 seconds (7 days); found 9223372036854775808");
  }

  @Test
  void anAliasedArgumentsListRunsAsTheListNotAsTheAnchorName() throws IOException {
    Files.writeString(dir.resolve("anchors.yaml"), """
        title: Anchors
        description: an alias gives the anchored list (it used to give the string 'args')
        x-args: &args ["-n", "from the anchor"]
        x-echo: &echo {type: process, path: echo}
        method:
          - type: action
            name: say
            provider:
              <<: *echo
              arguments: *args
        """);

    CliProcess cli = CliProcess.run(dir, "run", "anchors.yaml", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode output = JournalJson.read(dir.resolve("j.json")).path("run").get(0).path("output");
    assertThat(output.path("stdout").asText()).isEqualTo("from the anchor");
  }
}
