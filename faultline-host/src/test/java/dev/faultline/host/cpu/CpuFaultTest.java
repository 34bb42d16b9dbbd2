package dev.faultline.host.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.ProcStat;
import dev.faultline.host.TestHost;
import dev.faultline.testkit.FaultContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuFaultTest extends FaultContractTest {
  private final TestHost host = new TestHost();

  @Override
  protected Fault newFault() throws Exception {
    return new CpuFaultType(host.context).create(new FaultArguments("host-cpu", Map.of("cores", 1, "percent", 60)));
  }

  @Override
  protected boolean faultIsInEffect() throws Exception {
    long before = ProcStat.threadTicks("flcpu-");
    Thread.sleep(400);
    return ProcStat.threadTicks("flcpu-") - before >= 10; // >= 25% of a core over 0.4 s
  }

  @Test
  void holdsTheTargetPercentWithinFivePoints() throws Exception {
    for (double percent : new double[] {30, 70}) {
      Fault fault = new CpuFaultType(host.context).create(new FaultArguments("host-cpu", Map.of("cores", 1, "percent", percent)));
      fault.apply();
      try {
        Thread.sleep(300); // settle
        long before = ProcStat.threadTicks("flcpu-");
        long start = System.nanoTime();
        Thread.sleep(2000);
        long ticks = ProcStat.threadTicks("flcpu-") - before;
        double measured = ticks / ((System.nanoTime() - start) / 1e9) ; // ticks per second = percent of one core
        assertThat(measured).as("percent of one core at target %s, from /proc/self/task/*/stat", percent)
            .isBetween(percent - 5, percent + 5);
      } finally {
        fault.recover();
      }
    }
  }

  @Test
  void recordsTheAttackWhileInEffectAndRemovesItAfter() throws Exception {
    Fault fault = newFault();
    fault.apply();
    assertThat(host.journal().list()).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("host-cpu");
      assertThat(r.target()).isEqualTo("1 core at 60%");
      assertThat(r.ownerPid()).isEqualTo(ProcessHandle.current().pid());
    });
    fault.recover();
    assertThat(host.journal().list()).isEmpty();
  }

  @Test
  void percentOutsideItsRangeNamesTheParameterAndTheRange() {
    assertThatThrownBy(() -> new CpuFaultType(host.context).create(new FaultArguments("host-cpu", Map.of("percent", 150))))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessage("invalid arguments for fault 'host-cpu': percent: 150.0 is out of range; allowed 1.0 to 100.0");
    int n = Runtime.getRuntime().availableProcessors();
    assertThatThrownBy(() -> new CpuFaultType(host.context).create(new FaultArguments("host-cpu", Map.of("cores", n + 1))))
        .hasMessage("invalid arguments for fault 'host-cpu': cores: " + (n + 1) + " is out of range; allowed 0 to " + n);
    assertThat(host.journal().list()).isEmpty();
  }
}
