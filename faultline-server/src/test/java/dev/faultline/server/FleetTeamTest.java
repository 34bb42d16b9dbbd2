package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.server.TestServer.Response;
import dev.faultline.server.fleet.MarkerFaultType;
import dev.faultline.server.fleet.ServerFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents belong to the team of the token they connect with (real agents in this JVM over real
 * WebSockets): a run of a team draws only among its team's agents, a team-scoped token lists only
 * them, and an agent of no team still connects and serves the runs of no team.
 */
class FleetTeamTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @SuppressWarnings("unchecked")
  void aTeamsRunsAndTokensSeeOnlyTheAgentsOfThatTeam(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir, c -> c.withAgentHeartbeatMs(500))) {
      String agentA = token(t, "agent", "team-a");
      String agentB = token(t, "agent", "team-b");
      String agentAnyTeam = t.token("agent");
      String operatorA = token(t, "operator", "team-a");
      String viewerB = token(t, "viewer", "team-b");
      String viewer = t.token("viewer");
      String operator = t.token("operator");
      List<String> log = new CopyOnWriteArrayList<>();
      Map<String, String> web = Map.of("service", "web");
      try (FleetAgent a1 = FleetTest.agent(t, dir, agentA, "a-1", web, log);
           FleetAgent a2 = FleetTest.agent(t, dir, agentA, "a-2", web, log);
           FleetAgent b1 = FleetTest.agent(t, dir, agentB, "b-1", web, log);
           FleetAgent free = FleetTest.agent(t, dir, agentAnyTeam, "free-1", web, log)) {
        FleetTest.await(() -> a1.connected() && a2.connected() && b1.connected() && free.connected(),
            "four agents connected: " + log);

        // The list: every agent with its team for an unscoped token, only its team's for a scoped one.
        Map<String, Object> all = t.get("/api/v1/agents", viewer).json();
        assertThat(maps(all.get("agents"))).extracting(a -> a.get("name"), a -> a.get("team")).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a-1", "team-a"), org.assertj.core.groups.Tuple.tuple("a-2", "team-a"),
            org.assertj.core.groups.Tuple.tuple("b-1", "team-b"), org.assertj.core.groups.Tuple.tuple("free-1", null));
        Map<String, Object> ofA = t.get("/api/v1/agents", operatorA).json();
        assertThat(maps(ofA.get("agents"))).extracting(a -> a.get("name")).containsExactly("a-1", "a-2");
        assertThat(ofA.get("connected")).isEqualTo(2);
        assertThat(maps(t.get("/api/v1/agents?connected=true", viewerB).json().get("agents")))
            .extracting(a -> a.get("name")).containsExactly("b-1");
        assertThat(t.get("/api/v1/agents/a-1", operatorA).json()).containsEntry("team", "team-a");
        for (String other : List.of("b-1", "free-1")) {
          Response r = t.get("/api/v1/agents/" + other, operatorA);
          assertThat(r.status()).as(r.toString()).isEqualTo(403);
          assertThat(r.json()).containsEntry("error", "wrong_team");
          assertThat(r.json().get("message").toString()).contains("agent '" + other + "'")
              .contains("scoped to team 'team-a'");
        }
        assertThat(t.get("/api/v1/agents/nobody", operatorA).status()).isEqualTo(404);

        // A team-a run's dry run draws among team-a's agents only; a run of no team among all four.
        Map<String, Object> teamDry = targetRecord(t, operatorA, finished(t, operatorA,
            submit(t, operatorA, Map.of("tags", web, "mode", "all"), "actions")));
        assertThat(teamDry).containsEntry("dry", true).containsEntry("candidates", 2);
        assertThat((List<Object>) teamDry.get("chosen")).containsExactlyInAnyOrder("a-1", "a-2");
        Map<String, Object> anyDry = targetRecord(t, operator, finished(t, operator,
            submit(t, operator, Map.of("tags", web, "mode", "all"), "actions")));
        assertThat((List<Object>) anyDry.get("chosen")).containsExactlyInAnyOrder("a-1", "a-2", "b-1", "free-1");

        // Naming another team's agent selects nothing: refused at submission, nothing run.
        Response named = t.call("POST", "/api/v1/runs", operatorA, body(Map.of("names", List.of("b-1")), null));
        assertThat(named.status()).as(named.toString()).isEqualTo(422);
        assertThat(named.json()).containsEntry("error", "target_refused");
        assertThat(named.json().get("message").toString()).contains("empty-selection").contains("(2 connected");
        assertThat(t.get("/api/v1/agents/b-1", viewer).json().get("active_faults")).isEqualTo(List.of());

        // Below the selection too: team-a's fleet refuses to send to b-1; the unscoped agent serves a run of no team.
        ServerFleet fleet = new ServerFleet(t.server.agents(), () -> false);
        RemoteFaultRequest mark = new RemoteFaultRequest("run-x", "mark", MarkerFaultType.NAME,
            Map.of("path", dir.resolve("marker-free").toString()), null);
        assertThatThrownBy(() -> fleet.forTeam("team-a").fault(new Target("b-1", "agent", Map.of()), mark))
            .isInstanceOf(FaultException.class).hasMessageContaining("agent 'b-1' belongs to team 'team-b'")
            .hasMessageContaining("a run of team 'team-a'");
        assertThat(fleet.forTeam("team-b").agents()).extracting(Target::id).containsExactly("b-1");
        SelfExpiringFault f = fleet.fault(new Target("free-1", "agent", Map.of()), mark);
        f.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.empty()));
        assertThat(dir.resolve("marker-free")).exists();
        f.recover();
        assertThat(dir.resolve("marker-free")).doesNotExist();
      }
    }
  }

  static String token(TestServer t, String role, String team) throws Exception {
    Response r = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"" + role + "\", \"name\": \"" + team + "-"
        + role + "\", \"team\": \"" + team + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return (String) r.json().get("token");
  }

  private static String body(Map<String, Object> target, String dry) throws Exception {
    Map<String, Object> activity = new LinkedHashMap<>();
    activity.put("type", "action");
    activity.put("name", "move-on-web");
    activity.put("provider", Map.of("type", "fault", "fault", "file-move", "parameters", Map.of("path", "/tmp/nothing-here")));
    activity.put("target", target);
    if ("all".equals(target.get("mode"))) {
      activity.put("unsafe", true); // all of a tag set: past the blast-radius net, the draw is what is tested
    }
    Map<String, Object> doc = Map.of("title", "team fleet", "description", "a targeted fault", "method", List.of(activity));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("document", doc);
    if (dry != null) {
      body.put("dry", dry);
    }
    return JSON.writeValueAsString(body);
  }

  private static String submit(TestServer t, String token, Map<String, Object> target, String dry) throws Exception {
    Response r = t.call("POST", "/api/v1/runs", token, body(target, dry));
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  private static String finished(TestServer t, String token, String id) throws Exception {
    FleetTest.await(() -> {
      try {
        return !List.of("queued", "running").contains(String.valueOf(t.get("/api/v1/runs/" + id, token).json()
            .get("status")));
      } catch (Exception e) {
        return false;
      }
    }, "run " + id + " ended");
    return id;
  }

  private static Map<String, Object> targetRecord(TestServer t, String token, String id) throws Exception {
    for (Map<String, Object> r : maps(t.get("/api/v1/runs/" + id + "/journal", token).json().get("run"))) {
      if ("move-on-web".equals(((Map<?, ?>) r.get("activity")).get("name"))) {
        return JSON.convertValue(r.get("faultline_target"), new TypeReference<Map<String, Object>>() {});
      }
    }
    throw new AssertionError("no run entry of 'move-on-web' in run " + id);
  }

  private static List<Map<String, Object>> maps(Object o) {
    return JSON.convertValue(o, new TypeReference<List<Map<String, Object>>>() {});
  }
}
