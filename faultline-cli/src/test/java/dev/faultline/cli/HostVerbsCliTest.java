package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
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
    CliProcess cli = run("attack", "kill", "--name", "faultline-no-such-process-4711");
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

  @Test
  void aSigkilledAttackIsRevertedByItsGuardian() throws Exception {
    Path scratchDir = Files.createDirectories(dir.resolve("io"));
    try (CliProcess attack = CliProcess.start(env(), dir, "attack", "io", "--path", scratchDir.toString(), "--file-mb", "4",
        "--workers", "1", "--length", "60s")) {
      attack.awaitStdout("attack io", Duration.ofSeconds(30));
      assertThat(ioScratchFiles(scratchDir)).isEqualTo(1);
      Thread.sleep(1000);
      long revertMs = killAndTimeRevert(attack, () -> ioScratchFiles(scratchDir) == 0);
      System.out.println("guardian-revert-ms cli-attack-io " + revertMs);
      assertThat(revertMs).as("scratch file deleted within 5 s of SIGKILL, with no other faultline command").isLessThan(5000);
    }
    assertThat(run("attacks").stdout()).contains("no attacks are active");
  }

  @Test
  void aSigkilledRunsFileMoveAndHostFaultsAreRevertedByItsGuardian() throws Exception {
    Path file = Files.writeString(dir.resolve("service.conf"), "port=8080");
    Path movedTo = dir.resolve("service.conf.faultline-moved");
    Path scratchDir = Files.createDirectories(dir.resolve("io"));
    Path experiment = Files.writeString(dir.resolve("experiment.json"), """
        {"title": "hide the config and load the disk, then wait",
         "description": "killed while its faults are in effect",
         "method": [
           {"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
            "parameters": {"path": "%s"}}},
           {"type": "action", "name": "load", "provider": {"type": "fault", "fault": "host-io",
            "parameters": {"path": "%s", "fileMb": 4, "workers": 1}}, "pauses": {"after": 60}}
         ]}
        """.formatted(file, scratchDir));
    try (CliProcess runProcess = CliProcess.start(env(), dir, "run", experiment.toString())) {
      awaitTrue(() -> !Files.exists(file) && ioScratchFiles(scratchDir) == 1, runProcess);
      Thread.sleep(1000);
      long revertMs = killAndTimeRevert(runProcess, () -> Files.exists(file) && ioScratchFiles(scratchDir) == 0);
      System.out.println("guardian-revert-ms cli-run-file-move+host-io " + revertMs);
      assertThat(revertMs).as("file back and scratch file deleted within 5 s of SIGKILL").isLessThan(5000);
    }
    assertThat(Files.readString(file)).isEqualTo("port=8080");
    assertThat(movedTo).doesNotExist();
    assertThat(run("attacks").stdout()).contains("no attacks are active");
  }

  private static long ioScratchFiles(Path scratchDir) {
    try (Stream<Path> files = Files.list(scratchDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("faultline-io-")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGKILLs the controlling process alone (not its guardian) and returns ms until {@code reverted}. */
  private static long killAndTimeRevert(CliProcess cli, BooleanSupplier reverted) throws InterruptedException {
    long killedNs = System.nanoTime();
    cli.signal("KILL");
    long deadlineNs = killedNs + Duration.ofSeconds(10).toNanos();
    while (!reverted.getAsBoolean() && System.nanoTime() < deadlineNs) {
      Thread.sleep(5);
    }
    return (System.nanoTime() - killedNs) / 1_000_000;
  }

  private static void awaitTrue(BooleanSupplier condition, CliProcess cli) throws InterruptedException {
    long deadlineNs = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadlineNs || !cli.isAlive()) {
        throw new AssertionError("the faults did not take effect.\n" + cli.describe());
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aSecondAgentRefusesWhileTheFirstRuns() throws Exception {
    try (CliProcess agent = CliProcess.start(env(), dir, "agent")) {
      agent.awaitStdout("control API on", Duration.ofSeconds(30));
      String token = Files.readString(dir.resolve("state").resolve("agent.token"));
      CliProcess second = run("agent");
      assertThat(second.exitCode()).as(second.describe()).isEqualTo(1);
      assertThat(second.stderr()).contains("another faultline agent (pid " + agent.pid())
          .contains("is already running on state directory").doesNotContain("\tat ");
      assertThat(Files.readString(dir.resolve("state").resolve("agent.token"))).isEqualTo(token);
      assertThat(agent.isAlive()).isTrue();
    }
  }

  @Test
  void killTakesALengthOnlyWithAnInterval() throws Exception {
    String usage = "usage: faultline attack kill (--pid PID | --name NAME | --match REGEX) [--signal SIG] [--interval D --length D]";
    Process victim = new ProcessBuilder("sleep", "600").start();
    try {
      CliProcess lengthAlone = run("attack", "kill", "--pid", Long.toString(victim.pid()), "--length", "1s");
      assertThat(lengthAlone.exitCode()).as(lengthAlone.describe()).isEqualTo(2);
      assertThat(lengthAlone.stderr()).contains("--length applies only with --interval").contains(usage);
      CliProcess intervalAlone = run("attack", "kill", "--pid", Long.toString(victim.pid()), "--interval", "1s");
      assertThat(intervalAlone.exitCode()).as(intervalAlone.describe()).isEqualTo(2);
      assertThat(intervalAlone.stderr()).contains("--interval needs --length").contains(usage);
      CliProcess noTarget = run("attack", "kill", "--signal", "SIGTERM");
      assertThat(noTarget.exitCode()).as(noTarget.describe()).isEqualTo(2);
      CliProcess cpuWithoutLength = run("attack", "cpu", "--cores", "1", "--percent", "10");
      assertThat(cpuWithoutLength.exitCode()).as(cpuWithoutLength.describe()).isEqualTo(2);
      assertThat(cpuWithoutLength.stderr()).contains("--length is required");
      assertThat(victim.isAlive()).as("no usage error signalled anything").isTrue();

      CliProcess once = run("attack", "kill", "--pid", Long.toString(victim.pid()), "--signal", "SIGTERM");
      assertThat(once.exitCode()).as(once.describe()).isZero();
      assertThat(once.stdout()).contains("sent SIGTERM");
      assertThat(victim.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the single kill reached it").isTrue();
      assertThat(run("attacks").stdout()).contains("no attacks are active");
    } finally {
      victim.destroyForcibly();
    }

    String marker = "1000." + ProcessHandle.current().pid() + "7";
    Process first = new ProcessBuilder("sleep", marker).start();
    try {
      CliProcess loop = run("attack", "kill", "--match", "^sleep " + marker.replace(".", "\\.") + "$", "--count", "all",
          "--interval", "200ms", "--length", "1s");
      assertThat(loop.exitCode()).as(loop.describe()).isZero();
      assertThat(loop.stdout()).contains("every 200ms for 1s").contains("reverted: ");
      assertThat(first.isAlive()).as("the crash loop killed it").isFalse();
    } finally {
      first.destroyForcibly();
    }
  }
}
