package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault activity with a {@code target} (docs/targets.md) on the command line without a server:
 * the run is refused at the target's file:line:column before anything runs, the file itself
 * validates, and a dry run that skips actions says that no fleet is available.
 */
class RunTargetCliTest {
  @TempDir
  Path dir;

  private static final String EXPERIMENT = """
      {
        "title": "Latency on two checkout hosts",
        "description": "targets need agents",
        "method": [
          {"type": "action", "name": "slow-checkout",
           "provider": {"type": "fault", "fault": "proxy-latency", "parameters": {"proxy": "edge", "latencyMs": 200}},
           "target": {"tags": {"service": "checkout"}, "count": 2}}
        ]
      }
      """;

  @Test
  void aLocalRunIsRefusedAtTheTargetAndNothingRuns() throws IOException {
    Files.writeString(dir.resolve("targets.json"), EXPERIMENT);

    CliProcess cli = CliProcess.run(dir, "run", "targets.json", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).contains("targets.json:7:6: error: method[0].target: activity 'slow-checkout' has a "
        + "target", "--server URL", "nothing was run");
    assertThat(dir.resolve("j.json")).doesNotExist();

    CliProcess validate = CliProcess.run(dir, "validate", "targets.json");
    assertThat(validate.exitCode()).as(validate.describe()).isZero();
  }

  @Test
  void aLocalDryRunSaysThereIsNoFleet() throws IOException {
    Files.writeString(dir.resolve("targets.json"), EXPERIMENT);

    CliProcess cli = CliProcess.run(dir, "run", "targets.json", "--dry", "actions", "--journal-path", "j.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).contains("◎ target 'slow-checkout': no fleet is available");
    JsonNode entry = JournalJson.read(dir.resolve("j.json")).path("run").get(0);
    assertThat(entry.path("faultline_target").path("fleet").asText()).isEqualTo("none");
  }
}
