package dev.faultline.host.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.host.ProcStat;
import dev.faultline.host.TestHost;
import dev.faultline.host.process.MarkedProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code halt} from another process's point of view: records reverted, owners' in-process workers stop. */
class HaltTest {
  private final TestHost host = new TestHost();

  @Test
  void haltRevertsAttacksOfSeveralKindsAndTheirOwnersNotice() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "halt-");
    try (AttackRunner runner = new AttackRunner(host.registry())) {
      RunningAttack cpu = runner.start("cpu", Map.of("cores", 1, "percent", 50), Duration.ofMinutes(5));
      RunningAttack io = runner.start("io", Map.of("path", dir.toString(), "fileMb", 4, "workers", 1), Duration.ofMinutes(5));
      RunningAttack bomb = runner.start("forkbomb", Map.of("count", 10), Duration.ofMinutes(5));
      assertThat(host.journal().list()).hasSize(3);

      List<HostRecovery.Reverted> reverted = new HostRecovery(host.journal()).haltAll();

      assertThat(reverted).hasSize(3).allSatisfy(r -> assertThat(r.error()).isNull());
      assertThat(host.journal().list()).isEmpty();
      assertThat(MarkedProcesses.find("forkbomb-" + bomb.id())).isEmpty();
      for (RunningAttack a : List.of(cpu, io, bomb)) {
        assertThat(a.ended().get(2, TimeUnit.SECONDS)).isEqualTo("halted");
      }
      long ticks = ProcStat.threadTicks("flcpu-");
      Thread.sleep(300);
      // Stopped workers add no ticks (a worker thread that exits meanwhile takes its ticks away).
      assertThat(ProcStat.threadTicks("flcpu-") - ticks).as("CPU workers stopped").isLessThanOrEqualTo(0);
      assertThat(runner.running()).isEmpty();
    }
  }

  @Test
  void lengthExpiryReverts() throws Exception {
    try (AttackRunner runner = new AttackRunner(host.registry())) {
      RunningAttack bomb = runner.start("forkbomb", Map.of("count", 5), Duration.ofMillis(300));
      assertThat(MarkedProcesses.find("forkbomb-" + bomb.id())).hasSize(5);
      assertThat(bomb.ended().get(5, TimeUnit.SECONDS)).isEqualTo("length ended");
      assertThat(MarkedProcesses.find("forkbomb-" + bomb.id())).isEmpty();
      assertThat(host.journal().list()).isEmpty();
    }
  }

  @Test
  void aStopArrivingBeforeTheAttackTakesEffectMeansNothingIsApplied() throws Exception {
    try (AttackRunner runner = new AttackRunner(host.registry())) {
      List<String> ids = new java.util.ArrayList<>();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.start("forkbomb", Map.of("count", 5), Duration.ofMinutes(5),
          attack -> {
            ids.add(attack.id());
            try {
              attack.stop("received SIGINT"); // what the CLI's Ctrl-C handler does, pointed at the attack before apply
            } catch (dev.faultline.core.fault.FaultException e) {
              throw new IllegalStateException(e);
            }
          }))
          .hasMessage("host-forkbomb (5 idle processes) was stopped before it took effect. Nothing was applied.");
      assertThat(MarkedProcesses.find("forkbomb-" + ids.get(0))).isEmpty();
      assertThat(host.journal().list()).isEmpty();
      assertThat(runner.running()).isEmpty();
    }
  }

  @Test
  void cliParametersAreTypedByTheFaultsDeclaredTypes() {
    AttackRunner runner = new AttackRunner(host.registry());
    assertThat(CommandLineParameters.parse(runner.type("cpu"), List.of("--cores", "all", "--percent", "50")))
        .isEqualTo(Map.of("cores", 0L, "percent", 50.0));
    assertThat(CommandLineParameters.parse(runner.type("disk"), List.of("--path", "/tmp", "--mb", "5", "--floor-mb=1", "--force")))
        .isEqualTo(Map.of("path", "/tmp", "mb", 5L, "floorMb", 1L, "force", true));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLineParameters.parse(runner.type("cpu"), List.of("--bogus", "1")))
        .hasMessage("--bogus: unknown option for attack cpu; known: --cores, --percent, --length, --detach");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.type("nope"))
        .hasMessageStartingWith("unknown attack kind 'nope'; known: bandwidth, blackhole, cpu, disk, dns, forkbomb, io, kill, latency");
  }
}
