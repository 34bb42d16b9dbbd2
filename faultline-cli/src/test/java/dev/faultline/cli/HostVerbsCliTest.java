package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline attack | attacks | halt | agent} as real child processes, each test with its own
 * state directory: bad input is refused with the parameter named and nothing applied; a
 * foreground attack reverts at its length; a detached one is listed by the agent and halted.
 */
class HostVerbsCliTest {
  @TempDir
  Path dir;

  private Map<String, String> env() {
    return Map.of("FAULTLINE_STATE_DIR", dir.resolve("state").toString());
  }

  private CliProcess run(String... args) {
    return CliProcess.start(env(), dir, args).waitFor(CliProcess.SHORT_COMMAND);
  }

  @Test
  void anOutOfRangePercentIsAUsageErrorNamingTheParameter() {
    CliProcess cli = run("attack", "cpu", "--cores", "1", "--percent", "150", "--length", "1s");
    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
    assertThat(cli.stderr()).contains("nothing was applied").contains("percent: 150.0 is out of range; allowed 1.0 to 100.0")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownProcessIsRefusedWithNothingSignalled() {
    CliProcess cli = run("attack", "kill", "--name", "faultline-no-such-process-4711", "--length", "1s");
    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).contains("no process matches").contains("nothing was signalled");
  }

  @Test
  void aForegroundAttackRevertsWhenItsLengthEnds() {
    CliProcess cli = run("attack", "cpu", "--cores", "1", "--percent", "20", "--length", "1s");
    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).contains("reverted: length ended");
    assertThat(run("attacks").stdout()).contains("no attacks are active");
  }

  @Test
  void detachedAttacksAreHeldByTheAgentListedAndHalted() throws Exception {
    try (CliProcess agent = CliProcess.start(env(), dir, "agent")) {
      agent.awaitStdout("agent", Duration.ofSeconds(20));
      CliProcess detach = run("attack", "cpu", "--cores", "1", "--percent", "20", "--length", "60s", "--detach");
      assertThat(detach.exitCode()).as(detach.describe()).isZero();

      JsonNode active = new ObjectMapper().readTree(run("attacks", "--json").stdout());
      assertThat(active).hasSize(1);
      assertThat(active.get(0).toString()).contains("cpu");

      CliProcess halt = run("halt");
      assertThat(halt.exitCode()).as(halt.describe()).isZero();
      assertThat(new ObjectMapper().readTree(run("attacks", "--json").stdout())).isEmpty();
    }
  }
}
