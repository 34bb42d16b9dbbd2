package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline server} as a real child process: tokens made by {@code faultline server token}
 * while it runs, a run with a real fault, SIGKILL mid-run, restart: the run is {@code interrupted}
 * and its fault reverted from its record before the server serves.
 */
class ServerProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aKilledServerLeavesNoRunRunningAndNoFaultAppliedAfterRestart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path precious = Files.writeString(dir.resolve("precious.txt"), "data");
    String operator;
    String runId;
    try (CliProcess server = CliProcess.start(dir, "server", "--port", "0", "--data", data.toString())) {
      String base = baseUri(server);
      assertThat(server.stdout()).contains("Admin token (shown only this once");

      // token management on the running server's database, from another process
      CliProcess created = CliProcess.run(dir, "server", "token", "create", "--role", "operator", "--name", "ci",
          "--data", data.toString());
      assertThat(created.exitCode()).as(created.describe()).isZero();
      operator = created.stdout().strip();
      assertThat(operator).startsWith("flt_");
      CliProcess listed = CliProcess.run(dir, "server", "token", "list", "--data", data.toString());
      assertThat(listed.stdout()).contains("operator").contains("ci").contains("admin").doesNotContain(operator);

      String experiment = """
          {"title": "hide then wait", "description": "d", "method": [
            {"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
             "parameters": {"path": "%s"}}},
            {"type": "action", "name": "wait", "provider": {"type": "process", "path": "true"}, "pauses": {"after": 120}}]}
          """.formatted(precious);
      HttpResponse<String> submitted = call("POST", base + "/api/v1/runs", operator,
          JSON.writeValueAsString(Map.of("source", experiment, "syntax", "json")));
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      runId = (String) json(submitted.body()).get("id");
      awaitFault(base, operator, runId);
      assertThat(precious).doesNotExist();

      server.signal("KILL"); // no shutdown hook, no revert
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.isAlive()).isFalse();
    }
    try {
      try (CliProcess restarted = CliProcess.start(dir, "server", "--port", "0", "--data", data.toString())) {
        String base = baseUri(restarted);
        assertThat(restarted.stdout()).contains("Marked 1 run(s) left by a stopped server as interrupted: " + runId)
            .contains("Reverted fault 'file-move' of interrupted run " + runId + " (moved " + precious)
            .doesNotContain("Admin token"); // the admin from the first start still exists
        Map<String, Object> run = json(call("GET", base + "/api/v1/runs/" + runId, operator, null).body());
        assertThat(run).containsEntry("status", "interrupted");
        assertThat(run.get("faults").toString()).contains("state=reverted");
        assertThat(precious).hasContent("data"); // put back before the server served
        assertThat(json(call("GET", base + "/api/v1/faults", operator, null).body()).get("faults")).isEqualTo(List.of());
        HttpResponse<String> unauthenticated = call("GET", base + "/api/v1/runs", null, null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body()).contains("missing_token");

        restarted.signal("TERM");
        restarted.waitFor(Duration.ofSeconds(20));
      }
    } finally {
      // Whatever happened above, leave the file where it was.
      Path moved = Path.of(precious + ".faultline-moved");
      if (Files.exists(moved)) {
        Files.move(moved, precious);
      }
    }
  }

  private static String baseUri(CliProcess server) {
    server.awaitStdout("listening on", Duration.ofSeconds(60));
    Matcher m = LISTENING.matcher(server.stdout());
    assertThat(m.find()).as(server.describe()).isTrue();
    return m.group(1);
  }

  private void awaitFault(String base, String token, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      String faults = call("GET", base + "/api/v1/faults", token, null).body();
      if (faults.contains(runId) && faults.contains("\"state\":\"applied\"")) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the fault of " + runId + " was not applied: " + faults);
      }
      Thread.sleep(50);
    }
  }

  private HttpResponse<String> call(String method, String uri, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> json(String text) throws Exception {
    return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
  }
}
