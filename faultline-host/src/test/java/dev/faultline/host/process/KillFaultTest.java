package dev.faultline.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash loop: while in effect, a freshly started matching process is killed within the interval. */
class KillFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();
  private final Victims victims = new Victims();

  @AfterEach
  void cleanUp() {
    victims.close();
  }

  @Override
  protected Fault newFault() throws Exception {
    victims.start();
    return new KillFaultType(host.context).create(new FaultArguments("host-kill",
        Map.of("match", victims.match(), "count", 0, "interval", "100ms")));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    Process fresh = victims.start();
    return fresh.waitFor(600, TimeUnit.MILLISECONDS);
  }

  @Test
  void killsOneProcessByExactNameWithTheGivenSignal() throws Exception {
    Path copy = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bin-").resolve("flvictim" + ProcessHandle.current().pid());
    Files.copy(Path.of("/bin/sleep"), copy, StandardCopyOption.COPY_ATTRIBUTES);
    Process a = new ProcessBuilder(copy.toString(), "600").start();
    Process b = new ProcessBuilder(copy.toString(), "600").start();
    try {
      Fault fault = new KillFaultType(host.context).create(new FaultArguments("host-kill",
          Map.of("name", copy.getFileName().toString(), "signal", "TERM")));
      fault.apply();
      fault.recover();
      Process first = a.pid() < b.pid() ? a : b;
      Process second = first == a ? b : a;
      assertThat(first.waitFor(2, TimeUnit.SECONDS)).as("lowest matching pid killed").isTrue();
      assertThat(first.exitValue()).as("exit code 128 + SIGTERM").isEqualTo(143);
      assertThat(second.isAlive()).as("count 1: the other one lives").isTrue();
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
  }

  @Test
  void unknownSignalsAndSigstopAreRefused() {
    assertThatThrownBy(() -> new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("pid", 99, "signal", "SIGFOO"))))
        .hasMessageContaining("signal: 'SIGFOO' is not a signal Faultline sends; allowed SIGKILL, SIGTERM");
    assertThatThrownBy(() -> new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("pid", 99, "signal", "STOP"))))
        .hasMessageContaining("signal: SIGSTOP is for the pause attack");
    assertThatThrownBy(() -> new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("match", "(unclosed"))))
        .hasMessageContaining("match: '(unclosed' is not a regular expression");
  }
}
