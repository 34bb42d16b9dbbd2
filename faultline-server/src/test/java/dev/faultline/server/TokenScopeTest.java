package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.auth.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Team-scoped and expiring tokens, through the real API: 403 across teams, 401 once expired. */
class TokenScopeTest {
  @TempDir
  static Path dir;
  static TestServer t;
  static String payments;
  static String searchViewer;
  static String searchOperator;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    t = TestServer.start(dir);
    payments = token("operator", "payments", null);
    searchViewer = token("viewer", "search", null);
    searchOperator = token("operator", "search", null);
    viewer = t.token("viewer");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static String token(String role, String team, String expiresIn) throws Exception {
    Response r = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"" + role + "\", \"name\": \"" + team
        + "-" + role + "\", \"team\": \"" + team + "\"" + (expiresIn == null ? "" : ", \"expires_in\": \"" + expiresIn
        + "\"") + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json()).containsEntry("team", team);
    return (String) r.json().get("token");
  }

  @Test
  void aTeamTokenSeesAndActsOnlyOnItsTeamsExperimentsAndRuns() throws Exception {
    Response created = t.call("POST", "/api/v1/experiments", payments, TestServer.experiment("pay",
        TestServer.pause(30)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json()).containsEntry("team", "payments");
    String exp = (String) created.json().get("id");

    Response run = t.call("POST", "/api/v1/runs", payments, "{\"experiment\": \"" + exp + "\", \"version\": 1}");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    assertThat(run.json()).containsEntry("team", "payments").containsEntry("experiment_version", 1);
    String id = (String) run.json().get("id");

    // another team's token: 403 on everything of the run and the experiment, absent from lists
    for (String path : new String[] {"/api/v1/experiments/" + exp, "/api/v1/experiments/" + exp + "/versions",
        "/api/v1/experiments/" + exp + "/versions/1", "/api/v1/runs/" + id, "/api/v1/runs/" + id + "/events",
        "/api/v1/runs/" + id + "/journal", "/api/v1/runs/" + id + "/report"}) {
      Response r = t.get(path, searchViewer);
      assertThat(r.status()).as(path + " " + r).isEqualTo(403);
      assertThat(r.json()).containsEntry("error", "wrong_team");
      assertThat(r.json().get("message").toString()).contains("team 'payments'").contains("scoped to team 'search'");
    }
    assertThat(t.get("/api/v1/runs", searchViewer).body()).doesNotContain(id);
    assertThat(t.get("/api/v1/experiments", searchViewer).body()).doesNotContain(exp);
    assertThat(t.get("/api/v1/runs", payments).body()).contains(id);
    assertThat(t.get("/api/v1/runs", viewer).body()).contains(id); // unscoped: every team
    Response abort = t.call("POST", "/api/v1/runs/" + id + "/abort", searchOperator, "{}");
    assertThat(abort.status()).as(abort.toString()).isEqualTo(403);
    assertThat(t.call("PUT", "/api/v1/experiments/" + exp, searchOperator, TestServer.experiment("x",
        TestServer.ECHO)).status()).isEqualTo(403);
    assertThat(t.call("POST", "/api/v1/runs", searchOperator, "{\"experiment\": \"" + exp + "\"}").status())
        .isEqualTo(403);
    assertThat(t.call("POST", "/api/v1/runs", searchOperator, "{\"document\": " + TestServer.experiment("x",
        TestServer.ECHO) + ", \"team\": \"payments\"}").status()).isEqualTo(403);

    // the own team's operator can; the audit names the actor as before
    Response own = t.call("POST", "/api/v1/runs/" + id + "/abort", payments, "{\"reason\": \"done\"}");
    assertThat(own.status()).as(own.toString()).isEqualTo(202);
    assertThat(t.awaitEnd(id, payments, Duration.ofSeconds(20)).get("status")).isIn("aborted", "interrupted");
    assertThat(t.get("/api/v1/audit?kind=run.abort", t.adminToken).body()).contains("payments-operator (tok_")
        .contains("\"outcome\":\"denied\"");

    // an inline run of a team token belongs to its team
    Response inline = t.call("POST", "/api/v1/runs", searchOperator, "{\"document\": " + TestServer.experiment("s",
        TestServer.ECHO) + "}");
    assertThat(inline.json()).containsEntry("team", "search");
  }

  @Test
  void teamTokensCannotDoWhatConcernsEveryTeam() throws Exception {
    for (String[] call : new String[][] {{"GET", "/api/v1/audit"}, {"GET", "/api/v1/tokens"},
        {"POST", "/api/v1/tokens"}, {"DELETE", "/api/v1/tokens/tok_x"}, {"DELETE", "/api/v1/halt"}}) {
      String teamAdmin = token("admin", "payments", null);
      Response r = t.call(call[0], call[1], teamAdmin, call[0].equals("POST") ? "{\"role\": \"viewer\", \"name\": "
          + "\"x\"}" : null);
      assertThat(r.status()).as(call[1] + " " + r).isEqualTo(403);
      assertThat(r.json()).containsEntry("error", "team_scoped");
    }
    Response badTeam = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"viewer\", \"name\": \"x\", "
        + "\"team\": \"Bad Team\"}");
    assertThat(badTeam.status()).isEqualTo(400);
    assertThat(badTeam.json().get("message").toString()).contains("'team'").contains("Bad Team");
  }

  @Test
  void anExpiredTokenGets401WithWhenItExpired() throws Exception {
    Response fresh = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"viewer\", \"name\": \"soon\", "
        + "\"expires_in\": \"30d\"}");
    assertThat(fresh.status()).isEqualTo(201);
    assertThat(Instant.parse((String) fresh.json().get("expires")))
        .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
    assertThat(t.get("/api/v1/whoami", (String) fresh.json().get("token")).status()).isEqualTo(200);
    assertThat(t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"viewer\", \"name\": \"x\", "
        + "\"expires_in\": \"soon\"}").status()).isEqualTo(400);

    // an expiry in the past, written as the console does ('faultline server token create --expires')
    long expiredAt = System.currentTimeMillis() - 1_000;
    String expired;
    try (TokenAdmin admin = TokenAdmin.open(dir.resolve("data"), null)) {
      expired = admin.create(Role.OPERATOR, "old", "payments", expiredAt).token();
    }
    Response r = t.get("/api/v1/runs", expired);
    assertThat(r.status()).isEqualTo(401);
    Map<String, Object> body = r.json();
    assertThat(body).containsEntry("error", "expired_token").containsEntry("expired",
        Instant.ofEpochMilli(expiredAt).toString());
    assertThat(body.get("message").toString()).contains("expired at " + Instant.ofEpochMilli(expiredAt));
    assertThat(t.call("POST", "/api/v1/halt", expired, "{\"reason\": \"x\"}").status()).isEqualTo(401);
    assertThat(t.get("/api/v1/halt", viewer).json()).containsEntry("halted", false);
  }

  @Test
  void anExpiredAdminTokenFileIsRefusedAtStart(@TempDir Path other) throws Exception {
    long expiredAt = System.currentTimeMillis() - 60_000;
    String token;
    try (TokenAdmin admin = TokenAdmin.open(other.resolve("data"), null)) {
      token = admin.create(Role.ADMIN, "old-admin", null, expiredAt).token();
    }
    Path file = java.nio.file.Files.writeString(other.resolve("admin.token"), token + "\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FaultlineServer.start(
            ServerConfig.defaults(0, other.resolve("data")).withAdminTokenFile(file),
            new java.io.PrintWriter(new java.io.StringWriter())))
        .isInstanceOf(FaultlineServer.StartException.class)
        .hasMessageContaining("expired at " + Instant.ofEpochMilli(expiredAt)).hasMessageContaining("admin.token");
  }
}
