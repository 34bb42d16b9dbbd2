package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline run --json}: one JSON object per line, the last one the result. */
class RunJsonOutputTest {
  @TempDir
  Path dir;

  @Test
  void everyLineIsAJsonObjectAndTheLastIsTheResult() throws IOException {
    Files.createFile(dir.resolve("marker"));
    Files.writeString(dir.resolve("deviates.yaml"), """
        title: The marker stays
        description: the method removes what the hypothesis checks
        steady-state-hypothesis:
          title: the marker is there
          probes:
            - {type: probe, name: marker-listed, tolerance: 0, provider: {type: process, path: ls, arguments: [marker]}}
        method:
          - {type: action, name: remove-marker, provider: {type: process, path: rm, arguments: [marker]}}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "deviates.yaml", "--json", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    List<JsonNode> lines = cli.stdout().lines().map(JournalJson::parse).toList();
    assertThat(lines).hasSizeGreaterThan(3).allMatch(JsonNode::isObject);
    assertThat(lines).allMatch(line -> line.path("event").isTextual());
    assertThat(lines.get(0).path("event").asText()).isEqualTo("run_started");
    assertThat(lines.get(lines.size() - 2).path("event").asText()).isEqualTo("run_ended");
    assertThat(lines).anyMatch(line -> line.path("event").asText().equals("activity_ended")
        && line.path("subject").asText().equals("remove-marker"));
    JsonNode result = lines.get(lines.size() - 1);
    assertThat(result.path("event").asText()).isEqualTo("result");
    assertThat(result.path("status").asText()).isEqualTo("completed");
    assertThat(result.path("deviated").asBoolean(false)).isTrue();
    assertThat(result.path("exit_code").asInt()).isEqualTo(cli.exitCode());
    assertThat(Path.of(result.path("journal").asText())).isEqualTo(dir.resolve("j.json").toRealPath());
  }

  @Test
  void aCompletedRunEndsWithExitCodeZero() throws IOException {
    Files.writeString(dir.resolve("ok.json"), """
        {"title": "t", "description": "d",
         "method": [{"type": "action", "name": "say", "provider": {"type": "process", "path": "echo", "arguments": ["hi"]}}]}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "ok.json", "--json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    List<String> lines = cli.stdout().lines().toList();
    assertThat(lines).allMatch(line -> JournalJson.parse(line).isObject());
    JsonNode result = JournalJson.parse(lines.get(lines.size() - 1));
    assertThat(result.path("event").asText()).isEqualTo("result");
    assertThat(result.path("status").asText()).isEqualTo("completed");
    assertThat(result.path("exit_code").asInt(-1)).isZero();
  }
}
