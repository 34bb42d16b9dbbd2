package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An agent that cannot write its token file starts nothing, so attaching again leaks nothing. */
class AgentStartFailureTest {
  @Test
  void aFailedStartLeavesNoControlChannelBehind() throws Exception {
    Path notADirectory = Files.createTempFile("faultline-not-a-dir", ".txt");
    Path unwritable = notADirectory.resolve("state");
    Path stateDir = Files.createTempDirectory("faultline-jvm-state");
    try (TargetJvm target = TargetJvm.start(TargetJvm.jdk17())) {
      JvmAttacher.attach(target.pid(), AgentJar.locate(), unwritable);
      JvmAttacher.attach(target.pid(), AgentJar.locate(), unwritable);
      JvmAgentClient agent = JvmAgentClient.forPid(target.pid(), stateDir);
      agent.add(JvmRule.returning("9").on("dev.faultline.jvm.target.Inventory", "count"));
      assertThat(target.get("/stock").body()).isEqualTo("9");
      assertThat(countOf("faultline agent: not started:", target.stderr())).isEqualTo(2);
      assertThat(controlChannelThreads(target.pid())).as("control channels listening in the target").isEqualTo(1);
    } finally {
      Files.deleteIfExists(notADirectory);
    }
  }

  /** Threads named exactly {@code faultline-agent-control} (one per listening control channel). */
  private static int controlChannelThreads(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print").redirectErrorStream(true)
        .start();
    String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dump).as("jcmd Thread.print output").contains("\"Reference Handler\"");
    return countOf("\"faultline-agent-control\" ", dump);
  }

  private static int countOf(String needle, String text) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
