package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLifecycleTest {
  @TempDir
  static Path dir;
  static TestServer t;
  static String operator;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    t = TestServer.start(dir);
    operator = t.token("operator");
    viewer = t.token("viewer");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void aTrivialRunCompletesAndItsEventsAndJournalAreServed() throws Exception {
    Response created = t.call("POST", "/api/v1/experiments", operator, TestServer.experiment("echo", TestServer.ECHO));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String expId = (String) created.json().get("id");

    Response submitted = t.call("POST", "/api/v1/runs", operator, "{\"experiment\": \"" + expId + "\"}");
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
    String runId = (String) submitted.json().get("id");
    assertThat(submitted.location()).isEqualTo("/api/v1/runs/" + runId);

    List<String> sse = t.sse(runId, viewer);
    assertThat(sse).contains("event: run_started", "event: activity_started", "event: activity_ended",
        "event: run_ended", "event: end");
    String runStartedData = sse.get(sse.indexOf("event: run_started") + 1);
    assertThat(runStartedData).startsWith("data: {\"event\":\"run_started\",\"subject\":\"echo\"");

    Map<String, Object> run = t.awaitEnd(runId, viewer, Duration.ofSeconds(20));
    assertThat(run).containsEntry("status", "completed").containsEntry("deviated", false)
        .containsEntry("experiment_id", expId).containsEntry("experiment_version", 1);
    assertThat(run.get("started")).isNotNull();
    assertThat(run.get("ended")).isNotNull();

    Response journal = t.get("/api/v1/runs/" + runId + "/journal", viewer);
    assertThat(journal.status()).isEqualTo(200);
    assertThat(journal.json()).containsEntry("status", "completed").containsKey("run");
    Response report = t.get("/api/v1/runs/" + runId + "/report", viewer);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.contentType()).startsWith("text/html");
    assertThat(report.body()).contains("<html").contains("echo");

    // a second subscriber after the end gets the stored events, then the end
    List<String> replay = t.sse(runId, viewer);
    assertThat(replay.stream().filter(l -> l.startsWith("event: ")).toList())
        .isEqualTo(sse.stream().filter(l -> l.startsWith("event: ")).toList());
  }

  @Test
  void haltAbortsARunningRunAndRefusesNewOnesUntilAnAdminResumes() throws Exception {
    Path hidden = Files.writeString(dir.resolve("precious.txt"), "data");
    String faulty = """
        {"title": "long", "description": "a fault then a long pause",
         "method": [
           {"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
            "parameters": {"path": "%s"}}},
           %s]}
        """.formatted(hidden, TestServer.pause(60));
    Response submitted = t.call("POST", "/api/v1/runs", operator, Json.write(Map.of("source", faulty, "syntax", "json")));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
    String runId = (String) submitted.json().get("id");
    t.awaitRunning(runId, viewer);
    awaitActiveFault(runId);
    assertThat(hidden).doesNotExist();

    Response halt = t.call("POST", "/api/v1/halt", operator, "{\"reason\": \"incident 42\"}");
    assertThat(halt.status()).as(halt.toString()).isEqualTo(200);
    assertThat(halt.json()).containsEntry("halted", true).containsEntry("changed", true)
        .containsEntry("aborted_runs", List.of(runId)).containsEntry("still_stopping", List.of());
    assertThat(hidden).hasContent("data");
    Map<String, Object> run = t.get("/api/v1/runs/" + runId, viewer).json();
    assertThat(run).containsEntry("status", "interrupted");
    assertThat((String) run.get("abort_reason")).contains("incident 42");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> faults = (List<Map<String, Object>>) run.get("faults");
    assertThat(faults).singleElement().satisfies(f -> {
      assertThat(f).containsEntry("fault", "file-move").containsEntry("state", "reverted");
      assertThat(f.get("applied")).isNotNull();
      assertThat(f.get("reverted")).isNotNull();
    });
    assertThat(t.get("/api/v1/faults", viewer).json().get("faults")).isEqualTo(List.of());

    // idempotent; the first halt's record stays
    Response again = t.call("POST", "/api/v1/halt", operator, "{\"reason\": \"again\"}");
    assertThat(again.json()).containsEntry("changed", false).containsEntry("reason", "incident 42");
    Response refused = t.call("POST", "/api/v1/runs", operator,
        Json.write(Map.of("document", Json.read(TestServer.experiment("x", TestServer.ECHO)))));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json()).containsEntry("error", "halted");
    assertThat((String) refused.json().get("message")).contains("halted").contains("incident 42").contains("DELETE /api/v1/halt");
    assertThat(t.get("/api/v1/halt", viewer).json()).containsEntry("halted", true).containsEntry("reason", "incident 42");

    assertThat(t.call("DELETE", "/api/v1/halt", operator, null).status()).isEqualTo(403);
    Response resumed = t.call("DELETE", "/api/v1/halt", t.adminToken, null);
    assertThat(resumed.json()).containsEntry("halted", false).containsEntry("changed", true);
    assertThat(t.call("DELETE", "/api/v1/halt", t.adminToken, null).json()).containsEntry("changed", false);
    Response after = t.call("POST", "/api/v1/runs", operator,
        Json.write(Map.of("document", Json.read(TestServer.experiment("x", TestServer.ECHO)))));
    assertThat(after.status()).isEqualTo(202);
    t.awaitEnd((String) after.json().get("id"), viewer, Duration.ofSeconds(20));

    Map<String, Object> audit = t.get("/api/v1/audit?kind=halt.set", viewer).json();
    assertThat(audit.get("entries").toString()).contains("test-operator").contains("incident 42");
    assertThat(t.get("/api/v1/audit?kind=fault.apply", viewer).json().get("entries").toString()).contains(runId);
    assertThat(t.get("/api/v1/audit?kind=fault.revert", viewer).json().get("entries").toString()).contains(runId);
  }

  @Test
  void abortStopsARunAndItsJournalSaysWhy() throws Exception {
    Response submitted = t.call("POST", "/api/v1/runs", operator,
        Json.write(Map.of("source", "title: slow\ndescription: d\nmethod:\n  - " + TestServer.pause(60), "syntax", "yaml")));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
    String runId = (String) submitted.json().get("id");
    t.awaitRunning(runId, viewer);
    assertThat(t.call("POST", "/api/v1/runs/" + runId + "/abort", viewer, "{}").status()).isEqualTo(403);
    Response abort = t.call("POST", "/api/v1/runs/" + runId + "/abort", operator, "{\"reason\": \"enough\"}");
    assertThat(abort.status()).as(abort.toString()).isEqualTo(202);
    Map<String, Object> run = t.awaitEnd(runId, viewer, Duration.ofSeconds(20));
    assertThat(run).containsEntry("status", "interrupted");
    assertThat((String) run.get("verdict")).contains("enough");
    assertThat(t.call("POST", "/api/v1/runs/" + runId + "/abort", operator, null).status()).isEqualTo(409);
    assertThat(t.get("/api/v1/runs/" + runId + "/journal", viewer).json()).containsEntry("status", "interrupted");
  }

  @Test
  void aFaultIsRecordedBeforeItIsAppliedSoAFailedApplyStillLeavesItsRecord() throws Exception {
    // The file exists when the experiment is validated, and is gone by the time the fault applies.
    Path doomed = Files.writeString(dir.resolve("doomed.txt"), "x");
    String experiment = """
        {"title": "vanishing target", "description": "d", "method": [
          {"type": "action", "name": "remove", "provider": {"type": "process", "path": "rm", "arguments": ["%s"]}},
          {"type": "action", "name": "hide", "provider": {"type": "fault", "fault": "file-move",
           "parameters": {"path": "%s"}}}]}
        """.formatted(doomed, doomed);
    Response submitted = t.call("POST", "/api/v1/runs", operator, Json.write(Map.of("source", experiment)));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
    Map<String, Object> run = t.awaitEnd((String) submitted.json().get("id"), viewer, Duration.ofSeconds(20));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> faults = (List<Map<String, Object>>) run.get("faults");
    assertThat(faults).singleElement().satisfies(f -> {
      assertThat(f).containsEntry("activity", "hide").containsEntry("state", "not_applied")
          .containsEntry("applied", null);
      assertThat(f.get("recorded")).isNotNull();
      assertThat((String) f.get("error")).isNotBlank();
      assertThat(f.get("parameters")).isEqualTo(Map.of("fault", "file-move", "parameters", Map.of("path", doomed.toString())));
    });
  }

  private void awaitActiveFault(String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Object faults = t.get("/api/v1/faults", viewer).json().get("faults");
      if (faults.toString().contains(runId) && faults.toString().contains("state=applied")) {
        assertThat(faults.toString()).contains("test-operator").contains("file-move");
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no applied fault of " + runId + " in " + faults);
      }
      Thread.sleep(20);
    }
  }
}
