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
    Window w = Window.measure(400);
    // >= 25% of a core over 0.4 s; on a saturated machine the burners get what the scheduler
    // gives them, so any CPU they used shows the fault (without the fault they do not exist)
    return w.burnerTicks() >= 10 || (w.machineSaturated() && w.burnerTicks() >= 1);
  }

  /**
   * The burner threads' CPU over a window, and how busy the whole machine was meanwhile: a share
   * of a core can only be held when the machine has that much to give.
   */
  private record Window(long burnerTicks, double seconds, double machineBusyPercent) {
    static Window measure(long millis) throws Exception {
      long[] sysBefore = ProcStat.systemJiffies();
      long before = ProcStat.threadTicks("flcpu-");
      long start = System.nanoTime();
      Thread.sleep(millis);
      long ticks = ProcStat.threadTicks("flcpu-") - before;
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] sysAfter = ProcStat.systemJiffies();
      long total = sysAfter[1] - sysBefore[1];
      return new Window(ticks, seconds, total == 0 ? 0 : 100.0 * (sysAfter[0] - sysBefore[0]) / total);
    }

    /** Ticks per second: the percent of one core the burners used. */
    double burnerPercentOfCore() {
      return burnerTicks / seconds;
    }

    boolean machineSaturated() {
      return machineBusyPercent >= 90;
    }
  }

  @Test
  void holdsTheTargetPercentWithinFivePoints() throws Exception {
    for (double percent : new double[] {30, 70}) {
      Fault fault = new CpuFaultType(host.context).create(new FaultArguments("host-cpu", Map.of("cores", 1, "percent", percent)));
      fault.apply();
      try {
        Thread.sleep(300); // settle
        Window w = Window.measure(2000);
        double measured = w.burnerPercentOfCore();
        String what = String.format("percent of one core at target %s, from /proc/self/task/*/stat (machine %.0f%% busy)",
            percent, w.machineBusyPercent());
        assertThat(measured).as(what).isLessThanOrEqualTo(percent + 5);
        if (w.machineSaturated()) {
          // other work took the cores: the target cannot be held, only never exceeded
          System.out.printf("host-cpu %s%%: machine saturated (%.0f%% busy), burners got %.1f%%%n", percent,
              w.machineBusyPercent(), measured);
          assertThat(measured).as(what).isGreaterThan(0);
        } else {
          assertThat(measured).as(what).isGreaterThanOrEqualTo(percent - 5);
        }
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
