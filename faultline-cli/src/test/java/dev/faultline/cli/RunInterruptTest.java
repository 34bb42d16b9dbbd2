package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) and SIGTERM end a run as {@code interrupted} within two seconds, even in the
 * middle of a 60 s pause or a 60 s process; the journal is written, the rollback strategy applied
 * and the running process killed.
 */
class RunInterruptTest {
  /** The spec's bound (issue 2, item 7), measured from sending the signal to the process exit. */
  private static final Duration SIGNAL_TO_EXIT_LIMIT = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  /** A sleep argument no other process on the machine has, so pgrep finds only ours. */
  private final String sleepSeconds = String.format(Locale.ROOT, "60.%06d",
      ThreadLocalRandom.current().nextInt(1_000_000));

  @AfterEach
  void killAStraySleep() throws IOException, InterruptedException {
    for (long pid : sleepPids()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @ParameterizedTest(name = "{0} interrupted by SIG{1}, rollback strategy {2}")
  @CsvSource({
      "pause, INT, default",
      "pause, TERM, always",
      "sleep, INT, always",
      "sleep, TERM, default"})
  void aSignalInterruptsTheRunWithinTwoSeconds(String activity, String signal, String rollbackStrategy)
      throws Exception {
    boolean pause = activity.equals("pause");
    Files.writeString(dir.resolve("long.json"), """
        {
          "title": "A long %s",
          "description": "the method would take 60 s",
          "method": [
            %s
          ],
          "rollbacks": [
            {"type": "action", "name": "mark-rollback", "provider": {"type": "process", "path": "touch", "arguments": ["rolled-back"]}}
          ]
        }
        """.formatted(activity, pause
            ? """
              {"type": "action", "name": "wait", "pauses": {"after": 60}, "provider": {"type": "process", "path": "true"}}"""
            : """
              {"type": "action", "name": "nap", "provider": {"type": "process", "path": "sleep", "arguments": ["%s"]}}"""
                .formatted(sleepSeconds)));

    try (CliProcess cli = CliProcess.start(dir, "run", "long.json", "--journal-path", "j.json",
        "--rollback-strategy", rollbackStrategy)) {
      if (pause) {
        cli.awaitStdout("pausing 60.0s after 'wait'", Duration.ofSeconds(20));
      } else {
        cli.awaitStdout("action 'nap' (process)", Duration.ofSeconds(20));
        awaitSleepRunning();
      }

      long sentNanos = System.nanoTime();
      cli.signal(signal);
      cli.waitFor(Duration.ofSeconds(30));
      Duration signalToExit = Duration.ofNanos(System.nanoTime() - sentNanos);
      System.out.printf(Locale.ROOT, "[RunInterruptTest] %s + SIG%s (%s): signal to exit %d ms%n", activity, signal,
          rollbackStrategy, signalToExit.toMillis());

      assertThat(signalToExit).as("signal to exit").isLessThanOrEqualTo(SIGNAL_TO_EXIT_LIMIT);
      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
      assertThat(cli.stdout()).contains("interrupted: received SIG" + signal)
          .contains("Experiment ended with status: interrupted");
      JsonNode journal = JournalJson.read(dir.resolve("j.json"));
      assertThat(journal.path("status").asText()).isEqualTo("interrupted");
      if (rollbackStrategy.equals("always")) {
        assertThat(journal.path("rollbacks")).hasSize(1);
        assertThat(dir.resolve("rolled-back")).exists();
      } else {
        assertThat(journal.path("rollbacks")).isEmpty();
        assertThat(dir.resolve("rolled-back")).doesNotExist();
      }
      if (!pause) {
        assertThat(journal.path("run").get(0).path("status").asText()).isEqualTo("failed");
        assertThat(sleepPids()).as("'sleep %s' processes after faultline exited", sleepSeconds).isEmpty();
      }
    }
  }

  @Test
  void aSecondSignalInterruptsTheRollbacks() throws Exception {
    Files.writeString(dir.resolve("slow-rollback.json"), """
        {
          "title": "A slow rollback",
          "description": "the first signal ends the method, the second the rollbacks",
          "method": [
            {"type": "action", "name": "wait", "pauses": {"after": 60}, "provider": {"type": "process", "path": "true"}}
          ],
          "rollbacks": [
            {"type": "action", "name": "slow-undo", "provider": {"type": "process", "path": "sleep", "arguments": ["%s"]}},
            {"type": "action", "name": "mark-rollback", "provider": {"type": "process", "path": "touch", "arguments": ["rolled-back"]}}
          ]
        }
        """.formatted(sleepSeconds));

    try (CliProcess cli = CliProcess.start(dir, "run", "slow-rollback.json", "--journal-path", "j.json",
        "--rollback-strategy", "always")) {
      cli.awaitStdout("pausing 60.0s after 'wait'", Duration.ofSeconds(20));
      cli.signal("INT");
      cli.awaitStdout("action 'slow-undo' (process)", Duration.ofSeconds(10));
      awaitSleepRunning();

      long sentNanos = System.nanoTime();
      cli.signal("INT");
      cli.waitFor(Duration.ofSeconds(30));
      Duration signalToExit = Duration.ofNanos(System.nanoTime() - sentNanos);
      System.out.printf(Locale.ROOT, "[RunInterruptTest] rollback sleep + second SIGINT: signal to exit %d ms%n",
          signalToExit.toMillis());

      assertThat(signalToExit).as("second signal to exit").isLessThanOrEqualTo(SIGNAL_TO_EXIT_LIMIT);
      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
      JsonNode journal = JournalJson.read(dir.resolve("j.json"));
      assertThat(journal.path("status").asText()).isEqualTo("interrupted");
      assertThat(journal.path("rollbacks")).hasSize(1);
      assertThat(journal.path("rollbacks").get(0).path("status").asText()).isEqualTo("failed");
      assertThat(dir.resolve("rolled-back")).doesNotExist();
      assertThat(sleepPids()).as("'sleep %s' processes after faultline exited", sleepSeconds).isEmpty();
    }
  }

  @Test
  void anActionInterruptedInItsPauseAfterIsStillInTheJournal() throws Exception {
    Files.writeString(dir.resolve("pause.json"), """
        {"title": "A long pause", "description": "the action ran; its pause after is interrupted",
         "method": [
           {"type": "action", "name": "wait", "pauses": {"after": 60}, "provider": {"type": "process", "path": "true"}}
         ]}
        """);

    try (CliProcess cli = CliProcess.start(dir, "run", "pause.json", "--journal-path", "j.json")) {
      cli.awaitStdout("pausing 60.0s after 'wait'", Duration.ofSeconds(20));
      cli.signal("INT");
      cli.waitFor(Duration.ofSeconds(30));

      JsonNode journal = JournalJson.read(dir.resolve("j.json"));
      assertThat(journal.path("status").asText()).isEqualTo("interrupted");
      assertThat(journal.path("run")).as(journal.path("run").toString()).hasSize(1);
      assertThat(journal.path("run").get(0).path("activity").path("name").asText()).isEqualTo("wait");
      assertThat(journal.path("run").get(0).path("status").asText()).isEqualTo("succeeded");
    }
  }

  private void awaitSleepRunning() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sleepPids().isEmpty()) {
      assertThat(System.nanoTime()).as("'sleep %s' started within 10 s", sleepSeconds).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** The pids {@code pgrep -f "sleep 60.NNNNNN"} finds. */
  private List<Long> sleepPids() throws IOException, InterruptedException {
    Process pgrep = new ProcessBuilder("pgrep", "-f", "sleep " + sleepSeconds).redirectErrorStream(true).start();
    if (!pgrep.waitFor(10, TimeUnit.SECONDS)) {
      pgrep.destroyForcibly();
      throw new AssertionError("pgrep did not return");
    }
    List<Long> pids = new ArrayList<>();
    for (String line : new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }
}
