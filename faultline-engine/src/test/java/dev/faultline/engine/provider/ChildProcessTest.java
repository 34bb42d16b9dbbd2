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
    // The subshell exits at once, so its background sleep is orphaned (no longer a descendant the
    // JVM can see) while it holds the pipes; the shell itself outlives the timeout. (A shell that
    // exits before the timeout races the JDK, which drains and closes a dead process's pipes, so
    // the run may end without a timeout: not what this test is about.)
    ProcessBuilder b = new ProcessBuilder("/bin/sh", "-c", "(sleep " + marker + " &); echo started; exec sleep 30");
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
