package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

  @Test
  void anOrphanedGrandchildHoldingThePipesIsKilledWithTheGroup() throws Exception {
    String marker = "600." + ProcessHandle.current().pid(); // unique sleep argument to find it by
    ProcessBuilder b = new ProcessBuilder("/bin/sh", "-c", "sleep " + marker + " & echo started");
    // The shell exits at once; its background sleep keeps stdout open, so the run times out.
    assertThatThrownBy(() -> ChildProcess.run(b, new byte[0], Optional.of(Duration.ofMillis(500))))
        .isInstanceOf(TimeoutException.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sleeping(marker) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(sleeping(marker)).as("the orphaned 'sleep %s' is gone", marker).isFalse();
  }

  @Test
  void exitCodeAndOutputAreThoseOfTheCommandItself() throws Exception {
    ChildProcess.Outcome o = ChildProcess.run(new ProcessBuilder("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
        new byte[0], Optional.of(Duration.ofSeconds(10)));
    assertThat(o.exitCode()).isEqualTo(3);
    assertThat(o.stdoutText()).isEqualTo("out\n");
    assertThat(o.stderrText()).isEqualTo("err\n");
  }

  private static boolean sleeping(String marker) {
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + marker));
  }
}
