package dev.faultline.host.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.host.TestHost;
import dev.faultline.host.net.NetnsPair;
import dev.faultline.host.net.NetworkNamespace;
import dev.faultline.host.net.NftTable;
import dev.faultline.host.net.Qdiscs;
import dev.faultline.host.process.Commands;
import dev.faultline.host.process.MarkedProcesses;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.state.AttackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For every attack kind: a child JVM applies it and is SIGKILLed mid-attack with its guardian;
 * recovery from the state file alone must leave the host clean (no table, no qdisc, no files, no helpers, nothing stopped).
 */
class CrashRecoveryTest {
  private static CrashTargets targets;
  private static NetnsPair pair;
  private static Path tmpfs;

  @BeforeAll
  static void setUp() throws Exception {
    targets = CrashTargets.open("crash-tmpfs-");
    pair = targets.pair();
    tmpfs = targets.tmpfs();
  }

  @AfterAll
  static void tearDown() throws Exception {
    targets.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "memory", "disk", "io", "kill", "pause", "forkbomb", "blackhole", "loss", "dns",
      "partition", "bandwidth"})
  void aSigkilledAttackerLeavesNothingAfterRecovery(String kind) throws Exception {
    boolean network = List.of("blackhole", "loss", "dns", "partition", "bandwidth").contains(kind);
    assumeTrue(!network || pair != null, "network namespaces need root, iproute2 and nftables");
    TestHost host = new TestHost();
    Process victim = "kill".equals(kind) || "pause".equals(kind) ? new ProcessBuilder("sleep", victimArgument(kind)).start() : null;
    Map<String, Object> parameters = switch (kind) {
      case "cpu" -> Map.of("cores", 1, "percent", 50);
      case "memory" -> Map.of("mb", 64);
      case "disk" -> Map.of("path", tmpfs.toString(), "mb", 8);
      case "io" -> Map.of("path", host.stateDir.toString(), "fileMb", 8, "workers", 1);
      case "kill" -> Map.of("match", "^sleep " + victimArgument(kind).replace(".", "\\.") + "$", "interval", "100ms", "count", 0);
      case "pause" -> Map.of("pid", victim.pid());
      case "forkbomb" -> Map.of("count", 20);
      case "blackhole", "partition" -> Map.of("host", pair.ipB, "netns", pair.a);
      case "loss" -> Map.of("percent", 100, "netns", pair.a);
      case "dns" -> Map.of("netns", pair.a);
      default -> Map.of("device", pair.vethA, "rateKbit", 1000, "netns", pair.a);
    };
    Process attacker = startAttacker(host, "host-" + kind, parameters);
    try {
      String id = awaitApplied(attacker);
      AttackRecord record = host.journal().read(id).orElseThrow();
      assertThat(record.ownerPid()).isEqualTo(attacker.pid());
      assertInEffect(kind, id, victim, host);

      // The guardian goes first (as when the owner was a container's init and took it along):
      // this test is about recovery from the state file alone, by the owner lock.
      Guardians.of(attacker).forEach(ProcessHandle::destroyForcibly);
      attacker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, nothing
      assertThat(attacker.waitFor(10, TimeUnit.SECONDS)).isTrue();

      List<HostRecovery.Reverted> reverted = new HostRecovery(host.journal()).revertLeftovers();
      assertThat(reverted).singleElement().satisfies(r -> assertThat(r.error()).isNull());
      assertThat(host.journal().list()).isEmpty();
      assertClean(kind, id, victim, host);
    } finally {
      attacker.destroyForcibly();
      if (victim != null) {
        ProcessHandle.of(victim.pid()).ifPresent(h -> Commands.run("kill", "-s", "CONT", Long.toString(h.pid())));
        victim.destroyForcibly();
      }
    }
  }

  private static void assertInEffect(String kind, String id, Process victim, TestHost host) throws Exception {
    NetworkNamespace a = pair == null ? null : pair.namespaceA();
    switch (kind) {
      case "memory" -> assertThat(MarkedProcesses.find("memory-" + id)).hasSize(1);
      case "disk" -> assertThat(tmpfs.resolve("faultline-fill-" + id + ".bin")).exists();
      case "io" -> assertThat(host.stateDir.resolve("faultline-io-" + id + ".bin")).exists();
      case "kill" -> assertThat(victim.waitFor(2, TimeUnit.SECONDS)).as("victim killed").isTrue();
      case "pause" -> assertThat(ProcessInfo.isStopped(victim.pid())).isTrue();
      case "forkbomb" -> assertThat(MarkedProcesses.find("forkbomb-" + id)).hasSize(20);
      case "blackhole", "loss", "dns", "partition" -> assertThat(NftTable.chainNames(a)).isNotEmpty();
      case "bandwidth" -> assertThat(Qdiscs.isOurs(a, pair.vethA)).isTrue();
      default -> { }
    }
  }

  private static void assertClean(String kind, String id, Process victim, TestHost host) throws Exception {
    NetworkNamespace a = pair == null ? null : pair.namespaceA();
    switch (kind) {
      case "memory" -> assertThat(MarkedProcesses.find("memory-" + id)).isEmpty();
      case "disk" -> {
        try (var files = Files.list(tmpfs)) {
          assertThat(files).isEmpty();
        }
      }
      case "io" -> assertThat(host.stateDir.resolve("faultline-io-" + id + ".bin")).doesNotExist();
      case "kill" -> {
        Process fresh = new ProcessBuilder("sleep", victimArgument("kill")).start();
        assertThat(fresh.waitFor(500, TimeUnit.MILLISECONDS)).as("crash loop ended with its owner").isFalse();
        fresh.destroyForcibly();
      }
      case "pause" -> {
        Thread.sleep(30);
        assertThat(ProcessInfo.isStopped(victim.pid())).as("continued").isFalse();
        assertThat(victim.isAlive()).isTrue();
      }
      case "forkbomb" -> assertThat(MarkedProcesses.find("forkbomb-" + id)).isEmpty();
      case "blackhole", "loss", "dns", "partition" -> {
        assertThat(NftTable.chainNames(a)).as("chains in table inet faultline").isEmpty();
        assertThat(pair.tcp(pair.a, pair.ipB)).isTrue();
      }
      case "bandwidth" -> assertThat(Qdiscs.isOurs(a, pair.vethA)).isFalse();
      default -> { }
    }
  }

  /** A valid sleep length unique to this test run and kind, so the regex matches nothing else. */
  private static String victimArgument(String kind) {
    return "1000." + ProcessHandle.current().pid() + ("kill".equals(kind) ? "1" : "2");
  }

  private static Process startAttacker(TestHost host, String type, Map<String, Object> parameters) throws Exception {
    return OwnerProcesses.start(host, CrashVictim.class, type, new ObjectMapper().writeValueAsString(parameters));
  }

  private static String awaitApplied(Process attacker) throws Exception {
    return OwnerProcesses.awaitApplied(attacker, Duration.ofSeconds(30));
  }
}
