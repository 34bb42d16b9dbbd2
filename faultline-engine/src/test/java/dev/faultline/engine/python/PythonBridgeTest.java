package dev.faultline.engine.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonBridgeTest {
  private static final String MODULE = PythonFixture.MODULE;

  @TempDir
  Path dir;

  private PythonBridge bridge;

  @BeforeEach
  void createBridge() throws Exception {
    bridge = new PythonBridge(Optional.of(PythonFixture.interpreter(dir)));
  }

  @Test
  void findsModulesThePythonCanImport() {
    assertThat(bridge.canImport(MODULE)).isTrue();
    assertThat(bridge.canImport("json")).isTrue();
    assertThat(bridge.canImport("chaosk8s_is_not_installed_here")).isFalse();
    assertThat(bridge.canImport("not_installed.sub.module")).isFalse();
  }

  @Test
  void aDisabledOrBrokenBridgeImportsNothing() {
    assertThat(new PythonBridge(Optional.empty()).canImport("json")).isFalse();
    assertThat(new PythonBridge(Optional.of(dir.resolve("no-python"))).canImport("json")).isFalse();
  }

  @Test
  void callPassesConfigurationAndSecretsOnlyAsChaosToolkitDoes() throws Exception {
    Object withSecrets = bridge.call(MODULE, "summary", Map.of("name", "orders"), Map.of("region", "eu-west-1"),
        Optional.of(Map.of("token", "t0k")));
    Object withoutSecrets = bridge.call(MODULE, "summary", Map.of("name", "orders", "count", 3), Map.of(),
        Optional.empty());

    assertThat(withSecrets).isEqualTo(Map.of("name", "orders", "count", 1, "region", "eu-west-1",
        "secrets", Map.of("token", "t0k"), "values", Arrays.asList(1, 2.5, null, true, List.of(3, 4))));
    @SuppressWarnings("unchecked")
    Map<String, Object> without = (Map<String, Object>) withoutSecrets;
    assertThat(without).containsEntry("count", 3).containsEntry("secrets", null).containsEntry("region", null);
  }

  @Test
  void functionsWithoutContextParametersAreCalledWithArgumentsOnly() throws Exception {
    assertThat(bridge.call(MODULE, "plain", Map.of("x", 21), Map.of("region", "x"), Optional.of(Map.of())))
        .isEqualTo(42);
    assertThat(bridge.call(MODULE, "strange", Map.of(), Map.of(), Optional.empty()))
        .isEqualTo(Map.of("when", "a stamp"));
  }

  @Test
  void whatTheFunctionRaisesFailsTheActivityWithPythonsText() {
    assertThatThrownBy(() -> bridge.call(MODULE, "kaboom", Map.of(), Map.of(), Optional.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("RuntimeError: boom");
    assertThatThrownBy(() -> bridge.call(MODULE, "plain", Map.of(), Map.of(), Optional.empty()))
        .isInstanceOf(ActivityFailedException.class)
        .hasMessage("TypeError: plain() missing 1 required positional argument: 'x'");
  }

  @Test
  void checkBindsArgumentNamesToTheSignature() {
    assertThat(bridge.check(MODULE, "summary", Set.of("name"))).isEmpty();
    assertThat(bridge.check(MODULE, "summary", Set.of())).contains(
        "arguments do not fit " + MODULE + ".summary: missing a required argument: 'name'");
    assertThat(bridge.check(MODULE, "summary", Set.of("name", "colour"))).contains(
        "arguments do not fit " + MODULE + ".summary: got an unexpected keyword argument 'colour'");
    assertThat(bridge.check(MODULE, "absent", Set.of())).contains(
        "module '" + MODULE + "' has no function 'absent'");
  }

  @Test
  void interruptKillsThePythonAtOnce() throws Exception {
    Path pidFile = dir.resolve("python.pid");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        bridge.call(MODULE, "sleepy", Map.of("pid_file", pidFile.toString()), Map.of(), Optional.empty());
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    caller.start();
    long pid = Processes.awaitPidFile(pidFile, Duration.ofSeconds(20));

    long start = System.nanoTime();
    caller.interrupt();
    caller.join(5000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(Processes.endsWithin(pid, Duration.ofSeconds(2))).as("python %d is killed", pid).isTrue();
  }
}
