package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.fleet.agent.FleetAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents table (V3, team V6) on H2 and on a real PostgreSQL: a restarted server lists the agents
 * it saw, disconnected, with the team of their token.
 */
class FleetPersistenceTest {
  @Test
  void agentsAreRememberedAcrossRestartsOnH2(@TempDir Path dir) throws Exception {
    rememberedAcrossRestart(dir, c -> c, Map.of());
  }

  @Test
  void agentsAreRememberedAcrossRestartsOnPostgresql(@TempDir Path dir) throws Exception {
    try (RealPostgres pg = RealPostgres.start(dir)) {
      rememberedAcrossRestart(dir, c -> c.withDatabaseUrl(pg.url()), pg.env());
    }
  }

  private static void rememberedAcrossRestart(Path dir, UnaryOperator<ServerConfig> db, Map<String, String> env)
      throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    String viewer;
    try (TestServer t = TestServer.start(dir, c -> db.apply(c).withAgentHeartbeatMs(500), env)) {
      String agentToken = FleetTeamTest.token(t, "agent", "team-c");
      viewer = t.token("viewer");
      try (FleetAgent a = FleetTest.agent(t, dir, agentToken, "kept-1", Map.of("zone", "c"), log)) {
        FleetTest.await(a::connected, "connected: " + log);
      }
      FleetTest.await(() -> {
        try {
          return Boolean.FALSE.equals(t.get("/api/v1/agents/kept-1", viewer).json().get("connected"));
        } catch (Exception e) {
          return false;
        }
      }, "disconnect seen");
      Thread.sleep(500); // the agent rows are written in batches every 200 ms
    }
    try (TestServer again = TestServer.start(dir, c -> db.apply(c).withAgentHeartbeatMs(500), env)) {
      Map<String, Object> kept = again.get("/api/v1/agents/kept-1", viewer).json();
      assertThat(kept).containsEntry("connected", false).containsEntry("tags", Map.of("zone", "c"))
          .containsEntry("team", "team-c");
      assertThat(kept.get("last_seen")).isNotNull();
      assertThat(again.get("/api/v1/agents?connected=false", viewer).body()).contains("kept-1");
      assertThat(again.get("/api/v1/agents?connected=true", viewer).json().get("agents")).isEqualTo(List.of());
      assertThat(again.get("/api/v1/agents?connected=maybe", viewer).status()).isEqualTo(400);
    }
  }
}
