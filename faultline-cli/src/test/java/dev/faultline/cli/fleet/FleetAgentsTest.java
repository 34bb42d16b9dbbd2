package dev.faultline.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.cli.ChildFaultline;
import dev.faultline.host.state.AttackJournal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code faultline agent --server} processes, each in its own network namespace acting
 * as a host, and a real server process in another, all joined by veth pairs. The server sends real
 * host attacks (CPU, nftables blackhole) through the fleet; then: an agent's link is cut (nft drop
 * rule in its namespace) and it reverts by lease and reports on reconnect; an agent is SIGKILLed
 * and its restart reports from its state file; a halt reverts everything on every agent; the server
 * is SIGKILLed and every agent reverts by lease, and reports to the restarted server.
 */
class FleetAgentsTest {
  static final long LEASE_MS = 3000;
  static final long HEARTBEAT_MS = 500;
  private FleetProcesses fleet;

  @Test
  void realAgentsRevertByLeaseOnCutLinkServerDeathAndHaltAndReportIt(@TempDir Path dir) throws Exception {
    assumeTrue(FleetNet.supported(), "needs root, ip and nft");
    try (FleetNet net = new FleetNet(3); FleetProcesses fleet = new FleetProcesses(net, dir)) {
      this.fleet = fleet;
      Path tokenFile = Files.writeString(dir.resolve("admin.token"), "flt_test_" + UUID.randomUUID().toString().replace("-", ""));
      String admin = Files.readString(tokenFile).strip();
      Harness server = startServer(net, dir, tokenFile);
      String api = "http://" + net.serverIpFromRoot + ":" + Harness.PORT;
      String agentToken = (String) call("POST", api + "/api/v1/tokens", admin, "{\"role\":\"agent\",\"name\":\"fleet\"}")
          .get("token");
      List<Process> agents = new ArrayList<>();
      List<String> tags = List.of("service=checkout,zone=a", "service=checkout,zone=b", "service=search,zone=a");
      for (int i = 0; i < 3; i++) {
        agents.add(startAgent(net, dir, i, agentToken, tags.get(i)));
      }
      await(() -> connected(api, admin) == 3, Duration.ofSeconds(40), "three agents connected", dir);
      Map<String, Object> a1 = call("GET", api + "/api/v1/agents/agent-1", admin, null);
      assertThat(a1.get("tags")).isEqualTo(Map.of("service", "checkout", "zone", "a"));
      assertThat(a1.get("addresses").toString()).contains("10.202.");
      assertThat(a1.get("capabilities").toString()).contains("root=true").contains("host-blackhole").contains("host-cpu");

      // real attacks sent by the server
      String blackhole = "{\"host\": \"10.250.0.1\"}";
      String bh1 = server.apply("agent-1", "host-blackhole", blackhole);
      String cpu2 = server.apply("agent-2", "host-cpu", "{\"cores\": 1, \"percent\": 10}");
      String bh3 = server.apply("agent-3", "host-blackhole", blackhole);
      assertThat(net.faultTable(0)).isTrue();
      assertThat(net.faultTable(2)).isTrue();
      assertThat(new AttackJournal(stateDir(dir, 1)).list()).extracting(r -> r.kind()).containsExactly("host-cpu");
      Thread.sleep(LEASE_MS + 500); // renewals keep them past one lease
      assertThat(net.faultTable(0)).isTrue();

      // 1. cut agent-1's link: it reverts within the lease, the server marks the fault unknown, then the report
      long cut = System.nanoTime();
      net.cut(0);
      await(() -> !net.faultTable(0), Duration.ofMillis(LEASE_MS + 3000), "agent-1 reverted by lease after the cut", dir);
      long cutRevertMs = (System.nanoTime() - cut) / 1_000_000;
      await(() -> faultState(api, admin, "agent-1", bh1).equals("unknown"), Duration.ofSeconds(10),
          "server marks agent-1's fault unknown", dir);
      net.heal(0);
      await(() -> faultState(api, admin, "agent-1", bh1).equals("reverted"), Duration.ofSeconds(20),
          "agent-1 reported on reconnect", dir);
      assertThat(faultJson(api, admin, "agent-1", bh1).get("reason")).isEqualTo("lease expired");
      assertThat(net.faultTable(2)).as("agent-3 untouched").isTrue();

      // 2. SIGKILL agent-2 holding host-cpu: the guardian reverts, the restart reports from its state file
      agents.get(1).destroyForcibly().waitFor();
      await(() -> new AttackJournal(stateDir(dir, 1)).list().isEmpty(), Duration.ofSeconds(15),
          "agent-2's guardian reverted host-cpu", dir);
      agents.set(1, startAgent(net, dir, 1, agentToken, tags.get(1)));
      await(() -> faultState(api, admin, "agent-2", cpu2).equals("reverted"), Duration.ofSeconds(30),
          "restarted agent-2 reported", dir);
      assertThat(faultJson(api, admin, "agent-2", cpu2).get("reason").toString()).startsWith("agent restarted");

      // 3. halt reaches every agent
      await(() -> connected(api, admin) == 3, Duration.ofSeconds(20), "all connected again", dir);
      server.apply("agent-1", "host-blackhole", blackhole);
      server.apply("agent-2", "host-cpu", "{\"cores\": 1, \"percent\": 10}");
      long halt = System.nanoTime();
      call("POST", api + "/api/v1/halt", admin, "{\"reason\": \"fleet test\"}");
      await(() -> activeFaults(api, admin) == 0, Duration.ofSeconds(10), "every agent reported its halt revert", dir);
      long haltMs = (System.nanoTime() - halt) / 1_000_000;
      assertThat(net.faultTable(0) || net.faultTable(2)).isFalse();
      assertThat(new AttackJournal(stateDir(dir, 1)).list()).isEmpty();
      assertThat(faultJson(api, admin, "agent-3", bh3).get("reason").toString()).contains("halted").contains("fleet test");
      call("DELETE", api + "/api/v1/halt", admin, null);
      try (ChildFaultline listed = ChildFaultline.start(Map.of(), dir, "agents", "--server", api, "--token-file",
          tokenFile.toString()).waitFor(Duration.ofSeconds(30))) {
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        assertThat(listed.stdout()).contains("agent-1").contains("agent-2").contains("agent-3").contains("connected")
            .contains("service=checkout,zone=a");
      }

      // 4. SIGKILL the server while every agent holds a fault: each reverts within its lease
      String last1 = server.apply("agent-1", "host-blackhole", blackhole);
      server.apply("agent-2", "host-cpu", "{\"cores\": 1, \"percent\": 10}");
      server.apply("agent-3", "host-blackhole", blackhole);
      server.process.destroyForcibly().waitFor();
      long killed = System.nanoTime();
      await(() -> !net.faultTable(0) && !net.faultTable(2) && new AttackJournal(stateDir(dir, 1)).list().isEmpty(),
          Duration.ofMillis(LEASE_MS + 3000), "every agent reverted by lease after the server died", dir);
      long serverDeathRevertMs = (System.nanoTime() - killed) / 1_000_000;
      // and tells the restarted server why
      Harness restarted = startServer(net, dir, tokenFile);
      await(() -> "reverted".equals(faultState(api, admin, "agent-1", last1)), Duration.ofSeconds(40),
          "agent-1 reported to the restarted server", dir);
      assertThat(faultJson(api, admin, "agent-1", last1).get("reason")).isEqualTo("lease expired");
      System.out.println("FLEET FIGURES: cut->revert " + cutRevertMs + " ms, server SIGKILL->all reverted "
          + serverDeathRevertMs + " ms (lease " + LEASE_MS + " ms), halt->3 agents reported " + haltMs + " ms");
      assertThat(restarted.process.isAlive()).isTrue();
    }
  }

  // ---- processes ----

  private Path stateDir(Path dir, int i) {
    return fleet.stateDir(i);
  }

  private Process startAgent(FleetNet net, Path dir, int i, String token, String tags) throws IOException {
    return fleet.startAgent(i, Harness.PORT, token, tags);
  }

  private Harness startServer(FleetNet net, Path dir, Path tokenFile) throws Exception {
    Path log = dir.resolve("server.log");
    Process p = fleet.startInServerNamespace(FleetHarness.class.getName(), List.of("0.0.0.0",
        Integer.toString(Harness.PORT), dir.resolve("data").toString(), tokenFile.toString(), Long.toString(HEARTBEAT_MS)),
        log);
    Harness h = new Harness(p, log);
    long from = h.lines();
    await(() -> h.lineAfter(from, "HARNESS READY") != null, Duration.ofSeconds(60), "server started", dir);
    h.mark = h.lines();
    return h;
  }

  /** The server process: apply commands on stdin, answers in its log. */
  static final class Harness {
    static final int PORT = 8080; // the server's own namespace: nothing else listens there
    final Process process;
    final Path log;
    final BufferedWriter in;
    long mark;

    Harness(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    long lines() {
      try {
        return Files.readAllLines(log).size();
      } catch (IOException e) {
        return 0;
      }
    }

    String lineAfter(long from, String prefix) {
      try {
        List<String> all = Files.readAllLines(log);
        for (int i = (int) from; i < all.size(); i++) {
          if (all.get(i).startsWith(prefix)) {
            return all.get(i);
          }
        }
      } catch (IOException e) {
        return null;
      }
      return null;
    }

    /** Applies a fault on an agent; returns its id. */
    String apply(String agent, String type, String parametersJson) throws Exception {
      long from = lines();
      in.write("apply " + agent + " " + type + " " + LEASE_MS + " " + parametersJson + "\n");
      in.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        String ok = lineAfter(from, "APPLIED ");
        if (ok != null) {
          return ok.substring(8).strip();
        }
        String failed = lineAfter(from, "FAILED ");
        if (failed != null) {
          throw new AssertionError(type + " on " + agent + ": " + failed);
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no answer to apply " + type + " on " + agent + "; log: " + Files.readString(log));
    }
  }

  // ---- API ----

  private Map<String, Object> call(String method, String url, String token, String body) throws Exception {
    return fleet.call(method, url, token, body);
  }

  private int connected(String api, String token) {
    return fleet.connected(api, token);
  }

  private int activeFaults(String api, String token) {
    try {
      return ((Number) call("GET", api + "/api/v1/agents", token, null).get("active_faults")).intValue();
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> faultJson(String api, String token, String agent, String id) {
    try {
      Map<String, Object> a = call("GET", api + "/api/v1/agents/" + agent, token, null);
      List<Map<String, Object>> all = new ArrayList<>((List<Map<String, Object>>) a.get("active_faults"));
      all.addAll((List<Map<String, Object>>) a.get("recent_faults"));
      return all.stream().filter(f -> id.equals(f.get("id"))).findFirst().orElse(Map.of());
    } catch (Exception | AssertionError e) {
      return Map.of();
    }
  }

  private String faultState(String api, String token, String agent, String id) {
    return String.valueOf(faultJson(api, token, agent, id).get("state"));
  }

  private void await(BooleanSupplier condition, Duration max, String what, Path dir) throws Exception {
    fleet.await(condition, max, what);
  }
}
