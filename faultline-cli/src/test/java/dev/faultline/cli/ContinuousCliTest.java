package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline services} (and its opt-out, one command away) and {@code faultline coverage} against a real server. */
class ContinuousCliTest {
  @TempDir
  Path dir;

  /** Runs the CLI in this JVM and returns its exit code and standard output. */
  private static String[] cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      code = Main.execute(args);
    } finally {
      System.setOut(original);
    }
    return new String[] {String.valueOf(code), bytes.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void servicesListsOptsOutAndCoverageShowsTheOptOutList() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("admin.token"), "flt_cli_continuous_admin_0123456789\n");
    ServerConfig config = ServerConfig.defaults(0, dir.resolve("data")).withAdminTokenFile(tokenFile)
        .withContinuous(ServerConfig.defaults(0, dir).continuous().withSchedulerRunning(false));
    try (FaultlineServer server = FaultlineServer.start(config, new PrintWriter(new StringWriter()))) {
      String base = server.baseUri().toString();
      String service = """
          {"name": "checkout", "team": "payments", "level": 1,
           "health_check": {"type": "probe", "name": "up", "tolerance": 200,
                            "provider": {"type": "http", "url": "http://127.0.0.1:9/health"}}}
          """;
      HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
          + "/api/v1/services")).header("Authorization", "Bearer flt_cli_continuous_admin_0123456789")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(service)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String[] auth = {"--server", base, "--token-file", tokenFile.toString()};

      String[] listed = cli(concat(new String[] {"services"}, auth));
      assertThat(listed[0]).as(listed[1]).isEqualTo("0");
      assertThat(listed[1]).contains("SERVICE", "checkout", "payments", "opted-in");

      String[] out = cli(concat(new String[] {"services", "opt-out", "checkout", "--reason", "moving to k8s"}, auth));
      assertThat(out[0]).as(out[1]).isEqualTo("0");
      assertThat(out[1]).contains("checkout opted out: moving to k8s");
      String[] optedOut = cli(concat(new String[] {"services", "--opted-out"}, auth));
      assertThat(optedOut[1]).contains("checkout", "opted-out", "moving to k8s");

      String[] coverage = cli(concat(new String[] {"coverage"}, auth));
      assertThat(coverage[0]).as(coverage[1]).isEqualTo("0");
      assertThat(coverage[1]).contains("services: 1", "opted out:", "checkout (payments): moving to k8s");

      String[] unknown = cli(concat(new String[] {"services", "opt-out", "nope", "--reason", "x"}, auth));
      assertThat(unknown[0]).isEqualTo("1");
    }
  }

  @Test
  void theServersIncidentCoolDownAndPauseMatchAreCheckedBeforeItStarts() {
    String[] badCooldown = cli("server", "--port", "0", "--data", dir.toString(), "--incident-cooldown", "soon");
    assertThat(badCooldown[0]).isEqualTo("2");
    String[] badMatch = cli("server", "--port", "0", "--data", dir.toString(), "--pause-match", "team");
    assertThat(badMatch[0]).isEqualTo("2");
    assertThat(dir.resolve("faultline.mv.db")).doesNotExist();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
