package dev.faultline.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.host.TestHost;
import dev.faultline.host.attack.HostFault;
import dev.faultline.testkit.FaultContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForkBombFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();
  private HostFault current;

  @Override
  protected Fault newFault() throws Exception {
    current = (HostFault) new ForkBombFaultType(host.context).create(new FaultArguments("host-forkbomb", Map.of("count", 50)));
    return current;
  }

  @Override
  protected boolean faultIsInEffect() {
    return MarkedProcesses.find("forkbomb-" + current.id()).size() == 50;
  }

  @Test
  void theCountIsBounded() {
    assertThatThrownBy(() -> new ForkBombFaultType(host.context).create(new FaultArguments("host-forkbomb", Map.of("count", 1_000_000))))
        .hasMessage("invalid arguments for fault 'host-forkbomb': count: 1000000 is out of range; allowed 1 to 10000");
    assertThat(host.journal().list()).isEmpty();
  }
}
