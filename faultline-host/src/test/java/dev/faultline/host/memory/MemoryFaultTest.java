package dev.faultline.host.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.host.ProcStat;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();
  private MemoryFault current;

  @Override
  protected Fault newFault() throws Exception {
    current = (MemoryFault) new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of("mb", 128)));
    return current;
  }

  @Override
  protected boolean faultIsInEffect() {
    long pid = current.helperPid();
    return pid > 0 && ProcStat.rssMb(pid) >= 128;
  }

  @Test
  void theHeldMemoryIsResidentAndLeavesMemAvailable() throws Exception {
    long before = MemInfo.read().availableMb();
    MemoryFault fault = (MemoryFault) new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of("mb", 1024)));
    fault.apply();
    long during;
    long rss;
    long helper = fault.helperPid();
    try {
      during = MemInfo.read().availableMb();
      rss = ProcStat.rssMb(helper);
    } finally {
      fault.recover();
    }
    assertThat(rss).as("helper RSS (MB)").isGreaterThanOrEqualTo(1024);
    // The helper's RSS proves the 1 GiB is held; MemAvailable is host-wide and other processes move it
    // by a few hundred MB, so the host-wide view only has to show most of it.
    assertThat(before - during).as("MemAvailable drop (MB), /proc/meminfo").isGreaterThanOrEqualTo(600);
    // The revert ends the helper, and its memory goes with it. (The host-wide MemAvailable coming
    // back is not asserted: a build starting next to the test takes it at once.)
    for (int i = 0; i < 100 && ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false)).as("helper alive after revert")
        .isFalse();
    System.out.println("[memory] MemAvailable regained " + (MemInfo.read().availableMb() - during) + " MB after revert");
  }

  @Test
  void moreThanIsAvailableIsRefusedAndNothingIsApplied() throws Exception {
    long tooMuch = MemInfo.read().availableMb() + 1024;
    Fault fault = new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of("mb", tooMuch)));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessageStartingWith("mb: " + tooMuch + " MB is more than this host can give now (")
        .hasMessageContaining("; allowed 1 to ").hasMessageEndingWith("Nothing was applied.");
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void absurdSizesAndMissingSizeAreNamed() {
    assertThatThrownBy(() -> new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of("mb", -5))))
        .hasMessage("invalid arguments for fault 'host-memory': mb: -5 is out of range; allowed 1 to 16777216");
    assertThatThrownBy(() -> new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of())))
        .hasMessage("invalid arguments for fault 'host-memory': "
            + "mb, percent: give exactly one of them (MiB to hold, or percent of total memory)");
    assertThatThrownBy(() -> new MemoryFaultType(host.context).create(new FaultArguments("host-memory", Map.of("percent", 101))))
        .hasMessageContaining("percent: 101.0 is out of range; allowed 1.0 to 100.0");
  }
}
