package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.testkit.FaultContractTest;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Fault type {@code jvm} as experiments use it: apply adds the rule, recover clears it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JvmFaultContractTest extends FaultContractTest {
  private TargetJvm target;
  private String stateDirBefore;

  @BeforeAll
  void start() throws Exception {
    stateDirBefore = System.getProperty("faultline.jvm.stateDir");
    System.setProperty("faultline.jvm.stateDir", Files.createTempDirectory("faultline-jvm-state").toString());
    target = TargetJvm.start(TargetJvm.jdk17());
  }

  @AfterAll
  void stop() {
    target.close();
    if (stateDirBefore == null) {
      System.clearProperty("faultline.jvm.stateDir");
    } else {
      System.setProperty("faultline.jvm.stateDir", stateDirBefore);
    }
  }

  @Override
  protected Fault newFault() throws Exception {
    return FaultRegistry.installed().find("jvm").orElseThrow().create(new FaultArguments("jvm", Map.of(
        "pid", target.pid(), "class", "dev.faultline.jvm.target.Greeter", "method", "greet",
        "throw", "java.lang.IllegalStateException", "message", "from an experiment")));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    return target.get("/greet").status() == 500;
  }

  @Test
  void latencyFromAnExperimentFileIsParsedFromDurationText() throws Exception {
    Fault f = new JvmFaultType().create(new FaultArguments("jvm", Map.of("mainClass", "TargetService",
        "class", "dev.faultline.jvm.target.Greeter", "method", "greet", "latency", "300ms", "jitter", "10ms")));
    f.apply();
    try {
      assertThat(target.get("/greet").elapsedMs()).isGreaterThanOrEqualTo(295);
    } finally {
      f.recover();
    }
    assertThat(f.describe()).contains("latencyMs=300");
  }

  @Test
  void reportsEveryBadArgumentAtOnce() {
    assertThatThrownBy(() -> new JvmFaultType().create(new FaultArguments("jvm", Map.of("latency", "soon",
        "colour", "red"))))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessage("invalid arguments for fault 'jvm': pid, mainClass: give exactly one of them to choose the target "
            + "JVM; latency: 'soon' is not a duration; expected a number of seconds or forms such as 500ms, 30s, 2m, "
            + "1h or PT30S; colour: unknown parameter; known: pid, mainClass, class, method, params, "
            + "implementations, point, throw, message, latency, jitter, return, kill, exitCode, halt, clockSkew, "
            + "memoryMb, cpuThreads, probability, maxHits, allowBroad, allowUnloaded");
  }
}
