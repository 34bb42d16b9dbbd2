package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline postmortem RUN --server URL}: the server's draft, written where asked. */
class PostmortemCommandTest {
  @Test
  void writesTheServersDraftOfARunAndRefusesAnUnknownRun(@TempDir Path dir) throws Exception {
    String admin = "flt_postmortem_cli_test_admin_0123456789";
    Path tokenFile = Files.writeString(dir.resolve("admin.token"), admin + "\n");
    try (FaultlineServer server = FaultlineServer.start(ServerConfig.defaults(0, dir.resolve("data"))
        .withAdminTokenFile(tokenFile), new PrintWriter(new StringWriter()))) {
      String base = server.baseUri().toString();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("""
              {"document": {"title": "postmortem cli", "description": "d", "tags": ["service:cart"],
                "method": [{"type": "action", "name": "nothing", "provider": {"type": "process", "path": "true"}}]}}
              """)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      String runId = submitted.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"(run_[0-9a-f]+)\".*", "$1");

      Path draft = dir.resolve("postmortem.md");
      int code = Main.execute("postmortem", runId, "--server", base, "--token-file", tokenFile.toString(),
          "--output", draft.toString());
      assertThat(code).isZero();
      assertThat(Files.readString(draft)).startsWith("# Postmortem (draft): postmortem cli")
          .contains("`" + runId + "`", "## Timeline", "## Contributing factors: five whys", "## Action items");

      assertThat(Main.execute("postmortem", "run_0000000000000000", "--server", base, "--token-file",
          tokenFile.toString(), "--output", dir.resolve("none.md").toString())).isEqualTo(1);
      assertThat(dir.resolve("none.md")).doesNotExist();
    }
  }
}
