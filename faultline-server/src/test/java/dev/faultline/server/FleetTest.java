package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.fleet.agent.AgentConfig;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.server.fleet.MarkerFaultType;
import dev.faultline.server.fleet.ServerFleet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server side of the fleet with real agents in this JVM over real WebSockets: registration and
 * the API, apply/renew/recover through the core Fleet SPI, a lease that runs out, halt fan-out.
 * (Real agent processes in network namespaces running host attacks: faultline-cli FleetAgentsTest.)
 */
class FleetTest {
  static final FaultRegistry MARKERS = new FaultRegistry(List.of(new MarkerFaultType()));

  @Test
  void agentsRegisterAndFaultsGoThroughTheFleetSpi(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      String agentToken = t.token("agent");
      String viewer = t.token("viewer");
      List<String> log = new CopyOnWriteArrayList<>();
      try (FleetAgent a1 = agent(t, dir, agentToken, "web-1", Map.of("service", "web", "zone", "a"), log);
           FleetAgent a2 = agent(t, dir, agentToken, "web-2", Map.of("service", "web", "zone", "b"), log)) {
        await(() -> a1.connected() && a2.connected(), "both agents connected: " + log);
        Map<String, Object> listed = t.get("/api/v1/agents", viewer).json();
        assertThat(listed.get("connected")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> agents = (List<Map<String, Object>>) listed.get("agents");
        assertThat(agents).extracting(a -> a.get("name")).containsExactly("web-1", "web-2");
        assertThat(agents.get(0)).containsEntry("tags", Map.of("service", "web", "zone", "a"))
            .containsEntry("connected", true).containsKeys("hostname", "addresses", "capabilities", "last_seen");
        assertThat(agents.get(0).get("capabilities").toString()).contains(MarkerFaultType.NAME);

        ServerFleet fleet = new ServerFleet(t.server.agents(), () -> false);
        assertThat(fleet.agents()).extracting(Target::id).containsExactly("web-1", "web-2");
        assertThat(fleet.agents().get(1).tags()).containsEntry("zone", "b");
        Path marker = dir.resolve("marker-1");
        SelfExpiringFault f = fleet.fault(new Target("web-1", "agent", Map.of()),
            new RemoteFaultRequest("run-1", "mark", MarkerFaultType.NAME, Map.of("path", marker.toString()), null));
        assertThat(marker).doesNotExist(); // nothing is sent before apply
        f.apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty()));
        assertThat(marker).exists();
        Map<String, Object> one = t.get("/api/v1/agents/web-1", viewer).json();
        assertThat(one.get("active_faults").toString()).contains("state=applied").contains("run_id=run-1");
        // renewals keep it past its lease
        for (int i = 0; i < 6; i++) {
          Thread.sleep(500);
          f.renew();
        }
        assertThat(marker).as("renewed for 3 s with a 2 s lease").exists();
        f.recover();
        assertThat(marker).doesNotExist();
        f.recover(); // idempotent
        assertThat(t.get("/api/v1/agents/web-1", viewer).json().get("recent_faults").toString())
            .contains("state=reverted").contains("reverted by run run-1");
        assertThatThrownBy(f::renew).isInstanceOf(FaultException.class).hasMessageContaining("is gone");

        // a bad parameter is refused by the agent's own fault type, nothing applied
        SelfExpiringFault bad = fleet.fault(new Target("web-2", "agent", Map.of()),
            new RemoteFaultRequest("run-1", "bad", MarkerFaultType.NAME, Map.of(), null));
        assertThatThrownBy(() -> bad.apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty())))
            .isInstanceOf(FaultException.class).hasMessageContaining("agent 'web-2' could not apply").hasMessageContaining("path");
        SelfExpiringFault unknownType = fleet.fault(new Target("web-2", "agent", Map.of()),
            new RemoteFaultRequest("run-1", "x", "host-nope", Map.of(), null));
        assertThatThrownBy(() -> unknownType.apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty())))
            .hasMessageContaining("'host-nope' is not installed on this agent");
        assertThatThrownBy(() -> fleet.fault(new Target("nobody", "agent", Map.of()),
            new RemoteFaultRequest("run-1", "x", MarkerFaultType.NAME, Map.of(), null)))
            .hasMessageContaining("agent 'nobody' is not connected");
        assertThat(t.get("/api/v1/agents/nobody", viewer).status()).isEqualTo(404);
        assertThat(t.get("/metrics", null).body()).contains("faultline_agents_connected 2.0")
            .contains("faultline_agents_faults_active 0.0");
        assertThat(t.get("/api/v1/agents", null).status()).isEqualTo(401);
        // an agent token reads nothing
        assertThat(t.get("/api/v1/agents", agentToken).status()).isEqualTo(403);
      }
    }
  }

  @Test
  void aLeaseNobodyRenewsRevertsOnTheAgentAndHaltRevertsEverything(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      String agentToken = t.token("agent");
      String operator = t.token("operator");
      List<String> log = new CopyOnWriteArrayList<>();
      try (FleetAgent a1 = agent(t, dir, agentToken, "db-1", Map.of("service", "db"), log);
           FleetAgent a2 = agent(t, dir, agentToken, "db-2", Map.of("service", "db"), log);
           FleetAgent a3 = agent(t, dir, agentToken, "db-3", Map.of("service", "db"), log)) {
        await(() -> a1.connected() && a2.connected() && a3.connected(), "agents connected: " + log);
        ServerFleet fleet = new ServerFleet(t.server.agents(), () -> false);

        Path leased = dir.resolve("leased");
        SelfExpiringFault f = fleet.fault(new Target("db-1", "agent", Map.of()),
            new RemoteFaultRequest("run-2", "lease", MarkerFaultType.NAME, Map.of("path", leased.toString()), null));
        long applied = System.nanoTime();
        f.apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty()));
        assertThat(leased).exists();
        await(() -> !Files.exists(leased), "lease of 2 s expired on the agent");
        long revertedAfterMs = (System.nanoTime() - applied) / 1_000_000;
        assertThat(revertedAfterMs).isBetween(1_900L, 6_000L);
        await(() -> t.server.agents().fault(idOf(f)).map(x -> x.state().equals("reverted")).orElse(true),
            "server told of the lease expiry");
        assertThatThrownBy(f::renew).hasMessageContaining("lease expired");

        List<Path> marks = List.of(dir.resolve("h1"), dir.resolve("h2"), dir.resolve("h3"));
        for (int i = 0; i < 3; i++) {
          fleet.fault(new Target("db-" + (i + 1), "agent", Map.of()),
              new RemoteFaultRequest("run-3", "h", MarkerFaultType.NAME, Map.of("path", marks.get(i).toString()), null))
              .apply(FaultExpiry.leased(Duration.ofSeconds(60), Optional.empty()));
        }
        assertThat(marks).allMatch(Files::exists);
        assertThat(t.server.agents().activeFaults()).isEqualTo(3);
        TestServer.Response halted = t.call("POST", "/api/v1/halt", operator, "{\"reason\": \"fleet test\"}");
        assertThat(halted.status()).as(halted.body()).isEqualTo(200);
        await(() -> marks.stream().noneMatch(Files::exists), "halt reverted every agent's fault");
        await(() -> t.server.agents().activeFaults() == 0, "every agent reported its revert");
        assertThat(t.get("/api/v1/agents/db-2", operator).json().get("recent_faults").toString())
            .contains("halted by").contains("fleet test");
        // halted: nothing is sent
        ServerFleet haltedFleet = new ServerFleet(t.server.agents(), () -> true);
        assertThatThrownBy(() -> haltedFleet.fault(new Target("db-1", "agent", Map.of()),
            new RemoteFaultRequest("run-4", "x", MarkerFaultType.NAME, Map.of("path", marks.get(0).toString()), null))
            .apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty()))).hasMessageContaining("halted");
        assertThat(marks.get(0)).doesNotExist();
      }
    }
  }

  static String idOf(SelfExpiringFault f) {
    String d = f.describe();
    return d.substring(d.lastIndexOf('[') + 1, d.lastIndexOf(']'));
  }

  static FleetAgent agent(TestServer t, Path dir, String token, String name, Map<String, String> tags, List<String> log)
      throws Exception {
    AgentConfig config = new AgentConfig(t.server.baseUri(), token, name, tags, List.of(),
        dir.resolve("agent-" + name + ".json"), Duration.ofSeconds(1));
    return FleetAgent.start(config, MARKERS, line -> log.add(name + ": " + line));
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
