package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same migrations and queries on a real PostgreSQL: every store is exercised through the API
 * (experiments and versions, runs with their filters, events, journal, faults, halt, audit, tokens),
 * and a restart on the same database finds the schema current.
 */
class PostgresTest {
  @Test
  void theServerRunsOnPostgresql(@TempDir Path dir) throws Exception {
    try (RealPostgres pg = RealPostgres.start(dir)) {
      String runId;
      String viewer;
      try (TestServer t = TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()), pg.env())) {
        assertThat(t.output.toString()).contains("database: jdbc:postgresql://127.0.0.1:" + pg.port);
        String operator = t.token("operator");
        viewer = t.token("viewer");
        Response created = t.call("POST", "/api/v1/experiments", operator, TestServer.experiment("pg", TestServer.ECHO));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String expId = (String) created.json().get("id");
        assertThat(t.call("PUT", "/api/v1/experiments/" + expId, operator,
            TestServer.experiment("pg2", TestServer.ECHO)).json()).containsEntry("latest_version", 2);

        Response submitted = t.call("POST", "/api/v1/runs", operator, "{\"experiment\": \"" + expId + "\"}");
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        runId = (String) submitted.json().get("id");
        assertThat(t.sse(runId, viewer)).contains("event: run_started", "event: end");
        assertThat(t.awaitEnd(runId, viewer, Duration.ofSeconds(20))).containsEntry("status", "completed");
        assertThat(t.get("/api/v1/runs/" + runId + "/journal", viewer).json()).containsEntry("status", "completed");

        assertThat(t.get("/api/v1/runs?status=completed&experiment=" + expId + "&since=0&limit=5", viewer).body())
            .contains(runId);
        assertThat(t.get("/api/v1/runs", viewer).body()).contains(runId);
        assertThat(t.get("/api/v1/runs?status=failed", viewer).json().get("runs")).isEqualTo(List.of());
        assertThat(t.get("/api/v1/faults", viewer).json().get("faults")).isEqualTo(List.of());

        assertThat(t.call("POST", "/api/v1/halt", operator, "{\"reason\": \"pg\"}").json()).containsEntry("halted", true);
        assertThat(t.call("POST", "/api/v1/runs", operator, "{\"experiment\": \"" + expId + "\"}").status()).isEqualTo(409);
        assertThat(t.call("DELETE", "/api/v1/halt", t.adminToken, null).json()).containsEntry("halted", false);
        assertThat(t.get("/api/v1/audit?kind=halt.set", viewer).body()).contains("\"reason\":\"pg\"");
        assertThat(t.get("/api/v1/audit", viewer).json().get("entries").toString()).contains("run.submit");
        assertThat(t.get("/metrics", null).body()).contains("faultline_runs{status=\"completed\"} 1.0");
      }
      try (TestServer again = TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()), pg.env())) {
        assertThat(again.get("/api/v1/runs/" + runId, viewer).json()).containsEntry("status", "completed");
        assertThat(again.output.toString()).doesNotContain("Admin token (shown");
        Map<String, Object> who = again.get("/api/v1/whoami", again.adminToken).json();
        assertThat(who).containsEntry("role", "admin");
      }
    }
  }
}
