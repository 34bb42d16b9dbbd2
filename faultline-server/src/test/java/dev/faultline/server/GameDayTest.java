package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GameDays: predictions stay private until every run has ended, then are revealed and scored. */
class GameDayTest {
  @Test
  void predictionsStayHiddenUntilTheRunsEndThenAreRevealedWithAScore(@TempDir Path dir) throws Exception {
    try (TestServer t = TestServer.start(dir)) {
      String alice = named(t, "alice", "operator");
      String bob = named(t, "bob", "operator");
      String carol = named(t, "carol", "operator");
      String facilitator = named(t, "facilitator", "operator");
      String viewer = t.token("viewer");
      Response exp = t.call("POST", "/api/v1/experiments", facilitator,
          ResponseTest.experiment("gameday latency", "checkout", "{}").replace("\"after\": 0.3", "\"after\": 0.8"));
      assertThat(exp.status()).as(exp.toString()).isEqualTo(201);
      String experimentId = (String) exp.json().get("id");
      String create = "{\"title\": \"checkout GameDay\", \"experiments\": [\"" + experimentId + "\"], "
          + "\"participants\": [\"alice\", \"bob\"], \"facilitator\": \"facilitator\"}";

      // Every mutating route refuses a viewer.
      assertThat(t.call("POST", "/api/v1/gamedays", viewer, create).status()).isEqualTo(403);
      Response created = t.call("POST", "/api/v1/gamedays", facilitator, create);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = (String) created.json().get("id");
      String base = "/api/v1/gamedays/" + id;
      String prediction = "{\"steady_state_holds\": true, \"alert_fires\": false, \"notes\": \"retries cover it\"}";
      assertThat(t.call("POST", base + "/predictions", viewer, prediction).status()).isEqualTo(403);
      assertThat(t.call("POST", base + "/start", viewer, null).status()).isEqualTo(403);

      assertThat(t.call("POST", base + "/predictions", alice, prediction).status()).isEqualTo(201);
      assertThat(t.call("POST", base + "/predictions", bob, "{\"steady_state_holds\": false, \"alert_fires\": true, "
          + "\"detect_within\": \"1m\", \"notes\": \"bob's secret guess\"}").status()).isEqualTo(201);
      Response outsider = t.call("POST", base + "/predictions", carol, prediction);
      assertThat(outsider.status()).isEqualTo(403);
      assertThat(outsider.json()).containsEntry("error", "not_a_participant");
      assertThat(t.call("POST", base + "/predictions", alice, "{\"steady_state_holds\": \"yes\"}").status())
          .isEqualTo(400);

      // Before the start, nobody sees a prediction: not a viewer, not the other participant, not the facilitator.
      for (String who : List.of(viewer, alice, bob, facilitator, t.adminToken)) {
        assertHidden(t.get(base, who));
      }
      // The list (the console's GameDays page) hides them the same way.
      Response list = t.get("/api/v1/gamedays", viewer);
      assertThat(list.status()).as(list.toString()).isEqualTo(200);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> listed = (List<Map<String, Object>>) list.json().get("gamedays");
      assertThat(listed).extracting(g -> g.get("id")).containsExactly(id);
      assertThat(listed.get(0)).containsEntry("predictions", null).containsEntry("status", "planned");
      assertThat(list.body()).doesNotContain("retries cover it").doesNotContain("secret guess");
      assertThat(t.call("POST", base + "/start", alice, null).json()).containsEntry("error", "not_the_facilitator");
      Response started = t.call("POST", base + "/start", facilitator, null);
      assertThat(started.status()).as(started.toString()).isEqualTo(202);
      assertThat(t.call("POST", base + "/start", facilitator, null).status()).isEqualTo(409);
      Response late = t.call("POST", base + "/predictions", alice, prediction);
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json()).containsEntry("error", "gameday_started");

      // While the run is going, still hidden.
      Map<String, Object> running = t.get(base, viewer).json();
      assertThat(running.get("status")).isEqualTo("running");
      assertHidden(t.get(base, bob));

      String runId = (String) ((Map<?, ?>) ((List<?>) running.get("runs")).get(0)).get("id");
      t.awaitEnd(runId, viewer, Duration.ofSeconds(30));
      Map<String, Object> ended = t.get(base, viewer).json();
      assertThat(ended.get("status")).isEqualTo("ended");
      assertThat((Map<String, Object>) ended.get("outcome")).containsEntry("steady_state_held", true)
          .containsEntry("alert_fired", false);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> revealed = (List<Map<String, Object>>) ended.get("predictions");
      assertThat(revealed).extracting(p -> p.get("participant")).containsExactly("alice", "bob");
      assertThat(revealed.get(0)).containsEntry("score", 2).containsEntry("score_possible", 2)
          .containsEntry("notes", "retries cover it");
      assertThat(revealed.get(1)).containsEntry("score", 0).containsEntry("notes", "bob's secret guess");
    }
  }

  private static void assertHidden(Response r) throws Exception {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("predictions")).isNull();
    assertThat(r.json().get("predicted")).isEqualTo(List.of("alice", "bob"));
    assertThat(r.body()).doesNotContain("secret guess").doesNotContain("retries cover it");
  }

  private static String named(TestServer t, String name, String role) throws Exception {
    Response r = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"" + role + "\", \"name\": \"" + name + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return (String) r.json().get("token");
  }
}
