package dev.faultline.host.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.host.TestHost;
import dev.faultline.host.state.AttackRecord;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kill and pause never choose the agent or a live process holding another attack. */
class FaultlineProcessesTest {
  private final TestHost host = new TestHost();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
  }

  private Process sleeper() throws Exception {
    Process p = new ProcessBuilder("sleep", "600").start();
    started.add(p);
    return p;
  }

  @Test
  void anotherAttacksOwnerIsNeverPausedOrKilled() throws Exception {
    Process owner = sleeper();
    long startedAtMs = ProcessInfo.of(owner.pid()).orElseThrow().startedAtMs();
    host.journal().write(new AttackRecord("0a0b0c0d", "host-cpu", "1 core", Map.of(), 1, 0, owner.pid(), startedAtMs, List.of()));

    Fault pause = new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("pid", owner.pid())));
    assertThatThrownBy(pause::apply).hasMessage("no process matches pid " + owner.pid() + " (Faultline, its parent "
        + "processes, the agent, guardians and other attacks' owners are never chosen); nothing was paused");
    Fault kill = new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("pid", owner.pid())));
    assertThatThrownBy(kill::apply).hasMessageStartingWith("no process matches pid " + owner.pid());
    assertThat(owner.waitFor(200, TimeUnit.MILLISECONDS)).as("owner killed").isFalse();
    assertThat(ProcessInfo.isStopped(owner.pid())).isFalse();
  }

  @Test
  void theAgentIsNeverKilledButAnOrdinaryProcessIs() throws Exception {
    Process agent = sleeper();
    Process ordinary = sleeper();
    Files.writeString(host.stateDir.resolve("agent.json"), "{\"pid\":" + agent.pid() + ",\"port\":1}");

    Fault killAgent = new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("pid", agent.pid())));
    assertThatThrownBy(killAgent::apply).hasMessageStartingWith("no process matches pid " + agent.pid());
    assertThat(agent.waitFor(200, TimeUnit.MILLISECONDS)).as("agent killed").isFalse();

    Fault killOrdinary = new KillFaultType(host.context).create(new FaultArguments("host-kill", Map.of("pid", ordinary.pid())));
    killOrdinary.apply();
    killOrdinary.recover();
    assertThat(ordinary.waitFor(2, TimeUnit.SECONDS)).as("an ordinary process is still a target").isTrue();
  }

  @Test
  void aGuardianIsNeverKilledOrPaused() throws Exception {
    Fault forkbomb = new ForkBombFaultType(host.context).create(new FaultArguments("host-forkbomb", Map.of("count", 1)));
    forkbomb.apply(); // this process now has a guardian
    try {
      long guardian = dev.faultline.host.guard.GuardianLauncher.forThisProcess().guardianPid();
      assertThat(guardian).isPositive();
      Fault kill = new KillFaultType(host.context).create(new FaultArguments("host-kill",
          Map.of("match", "dev\\.faultline\\.host\\.guard\\.Guardian", "count", 0)));
      assertThatThrownBy(kill::apply).hasMessageContaining("guardians");
      Fault pause = new PauseFaultType(host.context).create(new FaultArguments("host-pause", Map.of("pid", guardian)));
      assertThatThrownBy(pause::apply).hasMessageStartingWith("no process matches pid " + guardian);
      assertThat(ProcessHandle.of(guardian).map(ProcessHandle::isAlive)).contains(true);
    } finally {
      forkbomb.recover();
    }
  }
}
