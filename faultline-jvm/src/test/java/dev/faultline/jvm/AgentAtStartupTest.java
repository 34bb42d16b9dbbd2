package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent loaded with -javaagent at JVM start serves the same rules as an attached one. */
class AgentAtStartupTest {
  @Test
  void premainStartsTheControlChannel() throws Exception {
    Path stateDir = Files.createTempDirectory("faultline-jvm-state");
    try (TargetJvm t = TargetJvm.start(TargetJvm.jdk25(), "-javaagent:" + AgentJar.locate() + "=stateDir=" + stateDir)) {
      JvmAgentClient agent = JvmAgentClient.existing(t.pid(), stateDir).orElseThrow();
      agent.add(JvmRule.returning("9").on("dev.faultline.jvm.target.Inventory", "count"));
      assertThat(t.get("/stock").body()).isEqualTo("9");
      agent.clearAll();
      assertThat(t.get("/stock").body()).isEqualTo("42");
      assertThat(t.stderr()).doesNotContain("faultline agent:");
    }
  }
}
