package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Protocol;
import dev.faultline.server.fleet.MarkerFaultType;
import dev.faultline.server.fleet.ServerFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the agent channel: wrong, revoked or under-privileged tokens, garbage, another
 * protocol version, a stolen name, server-only messages, and a seeded fuzz. Each is refused with
 * an error message and a close code; nothing is applied and a good agent keeps its connection and
 * its fault throughout.
 */
class FleetBadInputTest {
  /** Seeds that once found a problem stay here as regression cases. */
  static final long[] SEEDS = {12L, 20261205L};

  private static String hello(String name, String instance) {
    return Protocol.encode(new Message.Hello(name, instance, "h", List.of("10.9.9.9"), Map.of(), Message.Capabilities.NONE,
        List.of()));
  }

  @Test
  void everyBadConnectionIsRefusedClearlyAndTheGoodAgentKeepsServing(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      String agentToken = t.token("agent");
      String viewer = t.token("viewer");
      TestServer.Response revokedToken = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\":\"agent\",\"name\":\"old\"}");
      String revoked = (String) revokedToken.json().get("token");
      assertThat(t.call("DELETE", "/api/v1/tokens/" + revokedToken.json().get("id"), t.adminToken, null).status()).isEqualTo(200);
      List<String> log = new CopyOnWriteArrayList<>();
      try (FleetAgent good = FleetTest.agent(t, dir, agentToken, "good-1", Map.of("service", "x"), log)) {
        FleetTest.await(good::connected, "good agent connected: " + log);
        Path marker = dir.resolve("good-marker");
        new ServerFleet(t.server.agents(), () -> false).fault(new Target("good-1", "agent", Map.of()),
                new RemoteFaultRequest("run-g", "mark", MarkerFaultType.NAME, Map.of("path", marker.toString()), null))
            .apply(FaultExpiry.leased(Duration.ofSeconds(60), Optional.empty()));
        assertThat(marker).exists();

        assertRefused(t, null, List.of(), "4401", "missing_token", "Authorization: Bearer");
        assertRefused(t, "flt_not_a_token", List.of(), "4401", "unknown_token", "not known to this server");
        assertRefused(t, revoked, List.of(), "4401", "revoked_token", "was revoked");
        assertRefused(t, viewer, List.of(), "4403", "forbidden", "needs an agent (or admin) token");
        assertRefused(t, agentToken, List.of("}{ not json"), "4400", "protocol_error", "not JSON");
        assertRefused(t, agentToken, List.of(hello("v2", "i").replace("\"version\":1", "\"version\":2")), "4426",
            "version_mismatch", "protocol version 2 is not supported; this side speaks version 1");
        assertRefused(t, agentToken, List.of(Protocol.encode(new Message.Heartbeat(1))), "4400", "protocol_error",
            "the first message must be 'hello'");
        assertRefused(t, agentToken, List.of(hello("good-1", "agt_intruder")), "4409", "name_taken",
            "an agent named 'good-1' is already connected");
        assertRefused(t, agentToken, List.of(hello("placeholder", "i").replace("placeholder", "bad name!")), "4400", "protocol_error", "'name' must be");
        assertRefused(t, agentToken, List.of(hello("sneaky", "i2"), Protocol.encode(new Message.Halt("x"))), "4400",
            "protocol_error", "'halt' is sent by servers, not agents");

        // a real agent with a bad token stops with the server's reason instead of retrying forever
        try (FleetAgent wrong = FleetAgent.start(new dev.faultline.fleet.agent.AgentConfig(t.server.baseUri(), "flt_wrong",
            "wrong-1", Map.of(), List.of(), dir.resolve("wrong.json"), Duration.ofSeconds(1)), FleetTest.MARKERS, log::add)) {
          assertThat(wrong.stopped().get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("refused").contains("unknown_token");
        }

        // an agent whose token is revoked while it is connected is dropped at the next heartbeat, and stops
        TestServer.Response second = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\":\"agent\",\"name\":\"soon\"}");
        try (FleetAgent doomed = FleetTest.agent(t, dir, (String) second.json().get("token"), "doomed-1", Map.of(), log)) {
          FleetTest.await(doomed::connected, "doomed agent connected");
          assertThat(t.call("DELETE", "/api/v1/tokens/" + second.json().get("id"), t.adminToken, null).status()).isEqualTo(200);
          assertThat(doomed.stopped().get(10, java.util.concurrent.TimeUnit.SECONDS)).contains("revoked_token");
        }

        assertThat(good.connected()).isTrue();
        assertThat(good.connections()).isEqualTo(1);
        assertThat(marker).as("nothing reverted the good agent's fault").exists();
        Map<String, Object> g = t.get("/api/v1/agents/good-1", viewer).json();
        assertThat(g).containsEntry("connected", true);
        assertThat(g.get("active_faults").toString()).contains("state=applied");
        assertThat(t.get("/api/v1/agents", viewer).json().get("agents").toString()).doesNotContain("sneaky=").contains("good-1");
      }
    }
  }

  private static void assertRefused(TestServer t, String token, List<String> frames, String code, String errorCode,
      String messagePart) throws Exception {
    try (RawAgentSocket s = RawAgentSocket.open(t.server.baseUri(), token)) {
      frames.forEach(s::send);
      String closed = s.awaitClose();
      assertThat(closed).as("close of a connection sending %s", frames).startsWith(code + " " + errorCode);
      assertThat(s.received).as("the error message before the close").anySatisfy(m ->
          assertThat(m).contains("\"type\":\"error\"").contains(errorCode).contains(messagePart));
    }
  }

  @Test
  void fuzzedFramesAreRefusedWithoutHarmToOtherAgents(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      String agentToken = t.token("agent");
      List<String> log = new CopyOnWriteArrayList<>();
      try (FleetAgent good = FleetTest.agent(t, dir, agentToken, "good-1", Map.of(), log)) {
        FleetTest.await(good::connected, "good agent connected");
        Path marker = dir.resolve("fuzz-marker");
        var fault = new ServerFleet(t.server.agents(), () -> false).fault(new Target("good-1", "agent", Map.of()),
            new RemoteFaultRequest("run-f", "mark", MarkerFaultType.NAME, Map.of("path", marker.toString()), null));
        fault.apply(FaultExpiry.leased(Duration.ofSeconds(60), Optional.empty()));
        String goodFaultId = FleetTest.idOf(fault);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int connections = 0;
        for (long seed : SEEDS) {
          Random r = new Random(seed);
          for (int i = 0; i < 30 && System.nanoTime() < deadline; i++, connections++) {
            boolean helloFirst = r.nextBoolean();
            List<String> frames = new ArrayList<>();
            if (helloFirst) {
              frames.add(hello("fuzz-" + seed + "-" + i, "agt_fuzz" + i));
            }
            for (int k = 0; k < 3; k++) {
              frames.add(ProtocolFuzz.frame(r, goodFaultId));
            }
            try (RawAgentSocket s = RawAgentSocket.open(t.server.baseUri(), agentToken)) {
              frames.forEach(s::send);
              String closed = s.closeWithin(150);
              assertThat(closed).as("seed %d case %d frames %s", seed, i, frames)
                  .satisfiesAnyOf(c -> assertThat(c).isEqualTo("open"), c -> assertThat(c).matches("44\\d\\d .*"));
              if (!closed.equals("open")) {
                assertThat(s.received).as("seed %d case %d: an error message precedes the close", seed, i)
                    .anySatisfy(m -> assertThat(m).contains("\"type\":\"error\""));
              }
            }
          }
        }
        assertThat(connections).isGreaterThan(10);
        assertThat(good.connected()).isTrue();
        assertThat(good.connections()).isEqualTo(1);
        assertThat(marker).as("no fuzzed frame reverted another agent's fault").exists();
        assertThat(t.server.agents().fault(goodFaultId).orElseThrow().state()).isEqualTo("applied");
        assertThat(t.get("/health", null).status()).isEqualTo(200);
        fault.recover();
        assertThat(marker).doesNotExist();
      }
    }
  }
}
