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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real {@code faultline server} child process: {@code run --server} (progress,
 * journal, exit codes, Ctrl-C aborts the remote run), {@code runs}, {@code halt --server},
 * {@code resume} with the right and the wrong role, and the errors of a bad URL, a server that is
 * down, a missing token.
 */
class RemoteCliTest {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  private static CliProcess server;
  private static String base;
  private static String admin;
  private static String operator;

  @BeforeAll
  static void startServer() throws Exception {
    admin = "flt_remote_cli_test_admin_0123456789";
    Path adminFile = Files.writeString(dir.resolve("admin.token"), admin + "\n");
    server = CliProcess.start(dir, "server", "--port", "0", "--data", dir.resolve("data").toString(),
        "--admin-token-file", adminFile.toString());
    server.awaitStdout("listening on", Duration.ofSeconds(60));
    Matcher m = LISTENING.matcher(server.stdout());
    assertThat(m.find()).as(server.describe()).isTrue();
    base = m.group(1);
    HttpResponse<String> created = call("POST", "/api/v1/tokens", admin, "{\"role\":\"operator\",\"name\":\"cli-test\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    operator = (String) json(created.body()).get("token");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.signal("TERM");
      server.waitFor(Duration.ofSeconds(30));
    }
  }

  @Test
  void aRunOnTheServerPrintsProgressWritesTheJournalAndIsListed() throws Exception {
    Path experiment = Files.writeString(dir.resolve("ok.json"), """
        {"title": "remote ok", "description": "d", "method": [
          {"type": "action", "name": "nothing", "provider": {"type": "process", "path": "true"}}]}
        """);
    Path journal = dir.resolve("ok-journal.json");

    CliProcess run = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
        "--server", base, "--journal-path", journal.toString()).waitFor(RUN_LIMIT);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("Experiment: remote ok").contains("✔ nothing succeeded")
        .contains("Journal written to " + journal).contains("Experiment ended with status: completed");
    String runId = runId(run);
    Map<String, Object> written = json(Files.readString(journal));
    assertThat(written).containsEntry("status", "completed");

    CliProcess listed = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator, "FAULTLINE_SERVER", base), dir,
        "runs", "--status", "completed").waitFor(CliProcess.SHORT_COMMAND);
    assertThat(listed.exitCode()).as(listed.describe()).isZero();
    assertThat(listed.stdout()).contains(runId).contains("remote ok");
    CliProcess asJson = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "runs", "--server", base, "--json",
        "--limit", "1").waitFor(CliProcess.SHORT_COMMAND);
    assertThat(asJson.stdout().strip().lines()).hasSize(1);
    assertThat(json(asJson.stdout().strip())).containsEntry("id", runId).containsEntry("status", "completed");
  }

  @Test
  void jsonOutputIsTheServersEventLinesAndADeviatedRunExitsAsLocally() throws Exception {
    Path marker = dir.resolve("marker");
    Path experiment = Files.writeString(dir.resolve("deviated.yaml"), """
        title: remote deviated
        description: the method removes the file the hypothesis needs
        steady-state-hypothesis:
          title: the marker exists
          probes:
            - type: probe
              name: marker-exists
              tolerance: 0
              provider: {type: process, path: test, arguments: ["-f", "%s"]}
        method:
          - {type: action, name: remove, provider: {type: process, path: rm, arguments: ["-f", "%s"]}}
        """.formatted(marker, marker));
    Path journal = dir.resolve("deviated-journal.json");

    Files.writeString(marker, "x");
    CliProcess remote = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
        "--server", base, "--journal-path", journal.toString(), "--json").waitFor(RUN_LIMIT);
    Files.writeString(marker, "x");
    CliProcess local = CliProcess.start(Map.of(), dir, "run", experiment.toString(), "--journal-path",
        dir.resolve("local-journal.json").toString(), "--json").waitFor(RUN_LIMIT);

    assertThat(remote.exitCode()).as(remote.describe()).isEqualTo(1).isEqualTo(local.exitCode());
    java.util.List<String> lines = remote.stdout().strip().lines().toList();
    Map<String, Object> result = json(lines.get(lines.size() - 1));
    assertThat(result).containsEntry("event", "result").containsEntry("deviated", true).containsEntry("exit_code", 1)
        .containsEntry("journal", journal.toString());
    assertThat(events(remote)).isEqualTo(events(local));
    assertThat(json(Files.readString(journal))).containsEntry("deviated", true);
  }

  /** The event kinds and subjects of a --json run, in order. */
  private static java.util.List<String> events(CliProcess run) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String line : run.stdout().strip().lines().toList()) {
      Map<String, Object> m = json(line);
      out.add(m.get("event") + " " + m.get("subject"));
    }
    return out;
  }

  @Test
  void ctrlCOfTheClientAbortsTheRemoteRun() throws Exception {
    Path experiment = Files.writeString(dir.resolve("long.json"), """
        {"title": "remote long", "description": "d", "method": [
          {"type": "action", "name": "wait", "provider": {"type": "process", "path": "true"}, "pauses": {"after": 120}}]}
        """);
    Path journal = dir.resolve("long-journal.json");
    try (CliProcess run = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
        "--server", base, "--journal-path", journal.toString())) {
      run.awaitStdout("pausing", RUN_LIMIT);
      run.signal("INT");
      run.waitFor(RUN_LIMIT);

      assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
      assertThat(run.stderr()).contains("received SIGINT: aborting run");
      assertThat(run.stdout()).contains("Experiment ended with status: interrupted");
      String runId = runId(run);
      Map<String, Object> remote = json(call("GET", "/api/v1/runs/" + runId, operator, null).body());
      assertThat(remote).containsEntry("status", "interrupted");
      assertThat(json(Files.readString(journal))).containsEntry("status", "interrupted");
    }
  }

  @Test
  void haltRefusesNewRunsAndOnlyAnAdminResumes() throws Exception {
    Path experiment = Files.writeString(dir.resolve("refused.json"), """
        {"title": "refused", "description": "d", "method": [
          {"type": "action", "name": "nothing", "provider": {"type": "process", "path": "true"}}]}
        """);
    Path operatorFile = Files.writeString(dir.resolve("operator.token"), operator);
    try {
      CliProcess halt = CliProcess.run(dir, "halt", "--server", base, "--reason", "incident 42", "--token-file",
          operatorFile.toString());
      assertThat(halt.exitCode()).as(halt.describe()).isZero();
      assertThat(halt.stdout()).contains("halted " + base).contains("incident 42");

      CliProcess refused = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
          "--server", base, "--journal-path", dir.resolve("refused-journal.json").toString())
          .waitFor(CliProcess.SHORT_COMMAND);
      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
      assertThat(refused.stderr()).contains("409 halted").contains("incident 42").contains("nothing was run");
      assertThat(dir.resolve("refused-journal.json")).doesNotExist();

      CliProcess byOperator = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "resume", "--server", base)
          .waitFor(CliProcess.SHORT_COMMAND);
      assertThat(byOperator.exitCode()).as(byOperator.describe()).isEqualTo(1);
      assertThat(byOperator.stderr()).contains("403 forbidden").contains("admin");
      assertThat(json(call("GET", "/api/v1/halt", operator, null).body())).containsEntry("halted", true);
    } finally {
      CliProcess byAdmin = CliProcess.start(Map.of("FAULTLINE_TOKEN", admin, "FAULTLINE_SERVER", base), dir, "resume")
          .waitFor(CliProcess.SHORT_COMMAND);
      assertThat(byAdmin.exitCode()).as(byAdmin.describe()).isZero();
      assertThat(byAdmin.stdout()).contains("resumed " + base);
    }
    assertThat(json(call("GET", "/api/v1/halt", operator, null).body())).containsEntry("halted", false);
  }

  @Test
  void anInvalidExperimentIsRefusedWithTheValidatorsProblems() throws Exception {
    Path experiment = Files.writeString(dir.resolve("invalid.json"), """
        {"title": "bad", "description": "d", "method": [
          {"type": "action", "name": "x", "provider": {"type": "nonsense"}}]}
        """);

    CliProcess run = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
        "--server", base, "--journal-path", dir.resolve("invalid-journal.json").toString())
        .waitFor(CliProcess.SHORT_COMMAND);

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).contains("invalid.json:2:48: error: method[0].provider.type: unknown provider type").contains("invalid experiment: 1 error; nothing was run");
  }

  @Test
  void aServerThatIsDownABadUrlAndAMissingTokenAreClearErrors() throws Exception {
    Path experiment = Files.writeString(dir.resolve("any.json"), "{\"title\": \"t\", \"description\": \"d\", "
        + "\"method\": [{\"type\": \"action\", \"name\": \"n\", \"provider\": {\"type\": \"process\", \"path\": \"true\"}}]}");
    int closedPort = FreePort.find(); // nothing listens there

    CliProcess down = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "run", experiment.toString(),
        "--server", "http://127.0.0.1:" + closedPort).waitFor(CliProcess.SHORT_COMMAND);
    CliProcess runsDown = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "runs", "--server",
        "http://127.0.0.1:" + closedPort).waitFor(CliProcess.SHORT_COMMAND);
    CliProcess badUrl = CliProcess.start(Map.of("FAULTLINE_TOKEN", operator), dir, "runs", "--server", "ftp:/nowhere")
        .waitFor(CliProcess.SHORT_COMMAND);
    CliProcess noToken = CliProcess.run(dir, "runs", "--server", base);
    CliProcess wrongToken = CliProcess.start(Map.of("FAULTLINE_TOKEN", "flt_not_a_real_token_at_all"), dir, "runs",
        "--server", base).waitFor(CliProcess.SHORT_COMMAND);

    assertThat(down.exitCode()).as(down.describe()).isEqualTo(1);
    assertThat(down.stderr()).contains("cannot reach the server at http://127.0.0.1:" + closedPort)
        .contains("connection refused");
    assertThat(runsDown.exitCode()).as(runsDown.describe()).isEqualTo(1);
    assertThat(badUrl.exitCode()).as(badUrl.describe()).isEqualTo(Main.USAGE_ERROR);
    assertThat(badUrl.stderr()).contains("not an http(s) URL");
    assertThat(noToken.exitCode()).as(noToken.describe()).isEqualTo(Main.USAGE_ERROR);
    assertThat(noToken.stderr()).contains("no token: set FAULTLINE_TOKEN or give --token-file");
    assertThat(wrongToken.exitCode()).as(wrongToken.describe()).isEqualTo(1);
    assertThat(wrongToken.stderr()).contains("401 unknown_token");
    for (CliProcess p : java.util.List.of(down, runsDown, badUrl, noToken, wrongToken)) {
      assertThat(p.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  private static String runId(CliProcess run) {
    Matcher m = Pattern.compile("faultline: run (\\S+) on ").matcher(run.stderr());
    assertThat(m.find()).as(run.describe()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> json(String text) throws Exception {
    return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
  }
}
