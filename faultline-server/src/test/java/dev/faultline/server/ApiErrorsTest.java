package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.api.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route's success and error statuses, role checks, bad input: all answered with JSON. */
class ApiErrorsTest {
  @TempDir
  static Path dir;
  static TestServer t;
  static String operator;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    t = TestServer.start(dir, c -> c.withMaxBodyBytes(64 * 1024));
    operator = t.token("operator");
    viewer = t.token("viewer");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void experimentsAreCreatedFromJsonOrYamlAndEveryVersionIsKept() throws Exception {
    Response created = t.call("POST", "/api/v1/experiments", operator, TestServer.experiment("first", TestServer.ECHO));
    assertThat(created.status()).isEqualTo(201);
    String id = (String) created.json().get("id");
    assertThat(created.json()).containsEntry("latest_version", 1).containsEntry("created_by", "test-operator ("
        + t.get("/api/v1/whoami", operator).json().get("token_id") + ")");

    String yaml = "title: second\ndescription: yaml now\nmethod:\n  - type: action\n    name: say\n"
        + "    provider: {type: process, path: echo}\n";
    Response updated = t.call("PUT", "/api/v1/experiments/" + id, operator, yaml, "application/yaml");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json()).containsEntry("latest_version", 2).containsEntry("title", "second");

    assertThat(t.get("/api/v1/experiments/" + id, viewer).json()).containsEntry("syntax", "yaml")
        .containsEntry("source", yaml);
    assertThat((List<?>) t.get("/api/v1/experiments/" + id + "/versions", viewer).json().get("versions")).hasSize(2);
    assertThat(t.get("/api/v1/experiments/" + id + "/versions/1", viewer).json()).containsEntry("title", "first")
        .containsEntry("syntax", "json");
    assertThat(t.get("/api/v1/experiments", viewer).json().get("experiments").toString()).contains(id);

    // a run of an explicit old version
    Response run = t.call("POST", "/api/v1/runs", operator, "{\"experiment\": \"" + id + "\", \"version\": 1, \"dry\": true}");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    assertThat(run.json()).containsEntry("experiment_version", 1).containsEntry("dry", "activities");
  }

  @Test
  void invalidExperimentsGet422WithEveryProblemAsTheCliPrintsIt() throws Exception {
    String bad = "title: broken\nmethod:\n  - type: action\n    name: a\n    provider: {type: process}\n"
        + "  - type: probe\n    provider: {type: nosuch}\n";
    Response r = t.call("POST", "/api/v1/experiments", operator, bad, "application/yaml");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/json");
    Map<String, Object> body = r.json();
    assertThat(body).containsEntry("error", "invalid_experiment");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> problems = (List<Map<String, Object>>) body.get("problems");
    assertThat(problems.size()).isGreaterThanOrEqualTo(3); // description, path, name, provider type
    assertThat(problems).allSatisfy(p -> assertThat((String) p.get("text")).startsWith("experiment.yaml:"));
    assertThat(problems).anySatisfy(p -> assertThat(p.get("line")).isEqualTo(5));

    // the client's file name, when given, is the one problems name
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.server.baseUri() + "/api/v1/experiments"))
        .header("Authorization", "Bearer " + operator).header("X-Faultline-Filename", "my-exp.yaml")
        .header("Content-Type", "application/yaml").POST(java.net.http.HttpRequest.BodyPublishers.ofString(bad)).build();
    String named = t.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(named).contains("my-exp.yaml:5:");

    Response malformedYaml = t.call("POST", "/api/v1/experiments", operator, "title: [unclosed\n", "application/yaml");
    assertThat(malformedYaml.status()).isEqualTo(422);
    assertThat(malformedYaml.body()).contains("invalid YAML");
    Response malformedJson = t.call("POST", "/api/v1/experiments", operator, "{\"title\": ", "application/json");
    assertThat(malformedJson.status()).isEqualTo(422);
    assertThat(malformedJson.body()).contains("invalid JSON");
    Response badRun = t.call("POST", "/api/v1/runs", operator, "{\"source\": \"title: x\\n\", \"syntax\": \"yaml\"}");
    assertThat(badRun.status()).isEqualTo(422);
  }

  @Test
  void malformedBodiesWrongTypesAndUnknownIdsGetJson4xx() throws Exception {
    expectError(t.call("POST", "/api/v1/runs", operator, "{not json"), 400, "bad_json");
    expectError(t.call("POST", "/api/v1/runs", operator, "[1,2]"), 400, "bad_json");
    expectError(t.call("POST", "/api/v1/runs", operator, ""), 400, "bad_json");
    expectError(t.call("POST", "/api/v1/runs", operator, "{}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"experiment\": 5}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"document\": \"x\"}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"document\": {}, \"vars\": []}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"document\": {}, \"dry\": \"sometimes\"}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"document\": {}, \"colour\": 1}"), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/runs", operator, "{\"experiment\": \"exp_nope\"}"), 404, "not_found");
    expectError(t.get("/api/v1/runs/run_nope", viewer), 404, "not_found");
    expectError(t.get("/api/v1/runs/run_nope/events", viewer), 404, "not_found");
    expectError(t.get("/api/v1/runs/run_nope/journal", viewer), 404, "not_found");
    expectError(t.get("/api/v1/runs/run_nope/report", viewer), 404, "not_found");
    expectError(t.call("POST", "/api/v1/runs/run_nope/abort", operator, null), 404, "not_found");
    expectError(t.get("/api/v1/experiments/exp_nope", viewer), 404, "not_found");
    expectError(t.call("PUT", "/api/v1/experiments/exp_nope", operator, TestServer.experiment("x", TestServer.ECHO)),
        404, "not_found");
    expectError(t.get("/api/v1/experiments/exp_nope/versions", viewer), 404, "not_found");
    expectError(t.get("/api/v1/experiments/exp_nope/versions/1", viewer), 404, "not_found");
    expectError(t.get("/api/v1/experiments/exp_nope/versions/one", viewer), 400, "bad_request");
    expectError(t.get("/api/v1/runs?status=happy", viewer), 400, "bad_request");
    expectError(t.get("/api/v1/runs?limit=0", viewer), 400, "bad_request");
    expectError(t.get("/api/v1/runs?since=yesterday", viewer), 400, "bad_request");
    expectError(t.get("/api/v1/audit?limit=x", viewer), 400, "bad_request");
    expectError(t.call("POST", "/api/v1/halt", operator, "{}"), 400, "bad_request");
    expectError(t.call("DELETE", "/api/v1/tokens/tok_nope", t.adminToken, null), 404, "not_found");
    expectError(t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"god\", \"name\": \"x\"}"), 400, "bad_request");
    expectError(t.get("/api/v1/nothing-here", viewer), 404, "no_route");
    expectError(t.get("/nothing", null), 404, "no_route");
  }

  @Test
  void oversizedBodiesGet413Json() throws Exception {
    String big = "{\"reason\": \"" + "x".repeat(70 * 1024) + "\"}";
    expectError(oversized("/api/v1/halt", big), 413, "body_too_large");
    expectError(oversized("/api/v1/experiments", big), 413, "body_too_large");
    expectError(oversized("/api/v1/runs", big), 413, "body_too_large");
    assertThat(t.get("/health", null).status()).isEqualTo(200);
    assertThat(t.get("/api/v1/halt", viewer).json()).containsEntry("halted", false);
  }

  /**
   * Posts an oversized body. Jetty answers 413 as soon as it knows, and may close the connection
   * while the client is still sending: the client then sees the reset instead of the answer.
   * A few attempts, so a server that never answers still fails.
   */
  private TestServer.Response oversized(String path, String body) throws Exception {
    java.io.IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return t.call("POST", path, operator, body);
      } catch (java.io.IOException e) {
        last = e;
      }
    }
    throw last;
  }

  @Test
  void missingUnknownAndRevokedTokensGet401NamingTheProblem() throws Exception {
    expectError(t.get("/api/v1/runs", null), 401, "missing_token");
    expectError(t.get("/api/v1/runs", "flt_not-a-real-token"), 401, "unknown_token");
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.server.baseUri() + "/api/v1/runs"))
        .header("Authorization", "Basic dXNlcjpwdw==").build();
    var basic = t.http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.body()).contains("bad_authorization");
    assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

    Response created = t.call("POST", "/api/v1/tokens", t.adminToken, "{\"role\": \"viewer\", \"name\": \"short-lived\"}");
    String token = (String) created.json().get("token");
    String tokenId = (String) created.json().get("id");
    assertThat(t.get("/api/v1/runs", token).status()).isEqualTo(200);
    assertThat(t.call("DELETE", "/api/v1/tokens/" + tokenId, t.adminToken, null).status()).isEqualTo(200);
    Response revoked = t.get("/api/v1/runs", token);
    expectError(revoked, 401, "revoked_token");
    assertThat((String) revoked.json().get("message")).contains(tokenId);
    expectError(t.call("DELETE", "/api/v1/tokens/" + tokenId, t.adminToken, null), 409, "already_revoked");
    assertThat(t.get("/api/v1/tokens", t.adminToken).body()).contains(tokenId).doesNotContain(token);
  }

  @Test
  void aViewerGets403OnEveryMutatingRouteAndAnOperatorOnEveryAdminRoute() throws Exception {
    List<Route> routes = t.server.api().routes();
    assertThat(routes.stream().filter(Route::mutating)).hasSizeGreaterThanOrEqualTo(7);
    for (Route r : routes) {
      String path = r.path().replace("{id}", "x_1").replace("{version}", "1").replaceAll("\\{[a-z_]+}", "x_1");
      if (r.mutating()) {
        Response denied = t.call(r.method().name(), path, viewer, "{}");
        assertThat(denied.status()).as(r.method() + " " + r.path() + " as viewer: " + denied).isEqualTo(403);
        assertThat(denied.json()).containsEntry("error", "forbidden");
      }
      if (r.role() == dev.faultline.server.auth.Role.ADMIN) {
        assertThat(t.call(r.method().name(), path, operator, "{}").status()).as(r.path()).isEqualTo(403);
      }
      if (r.role() != null) {
        assertThat(t.call(r.method().name(), path, null, "{}").status()).as(r.path()).isEqualTo(401);
      }
    }
    // every refusal of a mutation is audited with its actor
    String audit = t.get("/api/v1/audit?kind=halt.clear&limit=1000", viewer).body();
    assertThat(audit).contains("\"outcome\":\"denied\"").contains("test-viewer");
  }

  @Test
  void auditFiltersByActorKindAndTime() throws Exception {
    long before = System.currentTimeMillis();
    t.call("POST", "/api/v1/experiments", operator, TestServer.experiment("audited", TestServer.ECHO));
    String actor = "test-operator (" + t.get("/api/v1/whoami", operator).json().get("token_id") + ")";
    Map<String, Object> byActor = t.get("/api/v1/audit?actor=" + java.net.URLEncoder.encode(actor,
        java.nio.charset.StandardCharsets.UTF_8) + "&kind=experiment.create&since=" + before, viewer).json();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries = (List<Map<String, Object>>) byActor.get("entries");
    assertThat(entries).isNotEmpty().allSatisfy(e -> {
      assertThat(e).containsEntry("actor", actor).containsEntry("kind", "experiment.create").containsEntry("outcome", "ok");
    });
    assertThat(t.get("/api/v1/audit?until=" + (before - 60_000), viewer).json().get("entries").toString())
        .doesNotContain("audited");
  }

  @Test
  void secretsInRunParametersAreMaskedInTheAudit() throws Exception {
    Response r = t.call("POST", "/api/v1/runs", operator, Json.write(Map.of("document",
        Json.read(TestServer.experiment("masked", TestServer.ECHO)), "vars", Map.of("api_token", "hunter2", "n", 3))));
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    String audit = t.get("/api/v1/audit?kind=run.submit", viewer).body();
    assertThat(audit).doesNotContain("hunter2").contains("\"api_token\":\"***\"").contains("\"n\":3");
  }

  @Test
  void healthMetricsAndOpenApiNeedNoToken() throws Exception {
    assertThat(t.get("/health", null).json()).containsEntry("status", "ok").containsEntry("database", "ok");
    Response metrics = t.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("faultline_runs{status=\"completed\"}").contains("faultline_halted ")
        .contains("faultline_faults_active ").contains("faultline_api_requests_seconds_count{");
    assertThat(t.get("/api/v1/openapi.json", null).json()).containsEntry("openapi", "3.0.3");
  }

  static void expectError(Response r, int status, String code) throws Exception {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).as(r.toString()).startsWith("application/json");
    assertThat(r.json()).as(r.toString()).containsEntry("error", code).containsKey("message");
  }
}
