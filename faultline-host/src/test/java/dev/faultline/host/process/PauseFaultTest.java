package dev.faultline.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PauseFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();
  private final Victims victims = new Victims();
  private Process victim;

  @AfterEach
  void cleanUp() {
    victims.close();
  }

  @Override
  protected Fault newFault() throws Exception {
    victim = victims.start();
    return new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("pid", victim.pid())));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    Thread.sleep(30); // signals are delivered asynchronously
    return ProcessInfo.isStopped(victim.pid());
  }

  @Test
  void pausesEveryProcessMatchingARegexAndRecordsThemBeforeStopping() throws Exception {
    Process a = victims.start();
    Process b = victims.start();
    Fault fault = new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("match", victims.match())));
    fault.apply();
    try {
      Thread.sleep(30);
      assertThat(ProcessInfo.isStopped(a.pid())).isTrue();
      assertThat(ProcessInfo.isStopped(b.pid())).isTrue();
      assertThat(host.journal().list().get(0).undo()).hasSize(2);
    } finally {
      fault.recover();
    }
    Thread.sleep(30);
    assertThat(ProcessInfo.isStopped(a.pid())).isFalse();
    assertThat(a.isAlive()).isTrue();
  }

  @Test
  void anUnknownProcessIsRefusedWithNothingApplied() throws Exception {
    Fault fault = new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("name", "no-such-process-xyz")));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage("no process matches processes named 'no-such-process-xyz' (Faultline, its parent processes, the "
            + "agent, guardians and other attacks' owners are never chosen); nothing was paused");
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void exactlyOneSelectorIsRequired() {
    assertThatThrownBy(() -> new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("pid", 5, "name", "x"))))
        .hasMessage("invalid arguments for fault 'host-pause': pid, name, match: give exactly one of them to choose the "
            + "processes; got 2");
    assertThatThrownBy(() -> new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("pid", 0))))
        .hasMessage("invalid arguments for fault 'host-pause': pid: 0 is out of range; allowed 2 to 4194304");
  }
}
