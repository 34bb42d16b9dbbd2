package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --var} and {@code --var-file} override configuration and secrets with Chaos Toolkit's
 * precedence: {@code --var} over later files over earlier files over the experiment.
 */
class RunOverridesTest {
  @TempDir
  Path dir;

  private LoopbackHttpServer http;

  @BeforeEach
  void startServer() {
    http = LoopbackHttpServer.start();
  }

  @AfterEach
  void stopServer() {
    http.close();
  }

  @Test
  void varBeatsLaterFilesBeatEarlierFilesBeatTheExperimentAndADotEnvFileFeedsEnvConfiguration()
      throws IOException {
    Files.writeString(dir.resolve("precedence.yaml"), """
        title: Configuration precedence
        description: each key is overridden one level further
        configuration:
          a: from-experiment
          b: from-experiment
          c: from-experiment
          d: from-experiment
          greeting:
            type: env
            key: FAULTLINE_CLITEST_GREETING
        method:
          - type: probe
            name: show
            provider:
              type: process
              path: echo
              arguments: ["${a}", "${b}", "${c}", "${d}", "${greeting}"]
        """);
    Files.writeString(dir.resolve("earlier.json"), """
        {"configuration": {"b": "from-earlier-file", "c": "from-earlier-file", "d": "from-earlier-file"}}
        """);
    Files.writeString(dir.resolve("later.yaml"), """
        configuration:
          c: from-later-file
          d: from-later-file
        """);
    Files.writeString(dir.resolve("greeting.env"), """
        # read into the environment the env configuration sees
        FAULTLINE_CLITEST_GREETING="hello from .env"
        """);

    CliProcess cli = CliProcess.run(dir, "run", "precedence.yaml", "--journal-path", "j.json",
        "--var-file", "earlier.json", "--var-file", "later.yaml", "--var-file", "greeting.env", "--var", "d=from-var");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    JsonNode output = JournalJson.read(dir.resolve("j.json")).path("run").get(0).path("output");
    assertThat(output.path("stdout").asText())
        .isEqualTo("from-experiment from-earlier-file from-later-file from-var hello from .env\n");
  }

  @Test
  void withoutTheDotEnvFileTheEnvConfigurationIsMissingAndNothingRuns() throws IOException {
    Files.writeString(dir.resolve("needs-env.json"), """
        {"title": "t", "description": "d",
         "configuration": {"greeting": {"type": "env", "key": "FAULTLINE_CLITEST_GREETING"}},
         "method": [{"type": "action", "name": "mark", "provider": {"type": "process", "path": "touch", "arguments": ["ran"]}}]}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "needs-env.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).contains("FAULTLINE_CLITEST_GREETING");
    assertThat(dir.resolve("ran")).doesNotExist();
    assertThat(dir.resolve("journal.json")).doesNotExist();
  }

  @Test
  void aTypedVarKeepsItsTypeWhenItIsTheWholeString() throws IOException {
    Files.writeString(dir.resolve("typed.json"), """
        {"title": "Typed var", "description": "the body is JSON, so the type shows",
         "configuration": {"count": 1},
         "method": [
           {"type": "action", "name": "post", "provider": {"type": "http", "url": "%s", "method": "POST",
            "headers": {"Content-Type": "application/json"}, "arguments": {"count": "${count}"}, "timeout": 5}}
         ]}
        """.formatted(http.url("/record")));

    CliProcess asInt = CliProcess.run(dir, "run", "typed.json", "--var", "count:int=3");
    CliProcess asText = CliProcess.run(dir, "run", "typed.json", "--var", "count=3");

    assertThat(asInt.exitCode()).as(asInt.describe()).isZero();
    assertThat(asText.exitCode()).as(asText.describe()).isZero();
    assertThat(http.recordedBodies()).hasSize(2);
    JsonNode intBody = JournalJson.parse(http.recordedBodies().get(0));
    JsonNode textBody = JournalJson.parse(http.recordedBodies().get(1));
    assertThat(intBody.path("count").isInt()).as(intBody.toString()).isTrue();
    assertThat(intBody.path("count").asInt()).isEqualTo(3);
    assertThat(textBody.path("count").isTextual()).as(textBody.toString()).isTrue();
    assertThat(textBody.path("count").asText()).isEqualTo("3");
  }

  @Test
  void aVarFileOverridesASecretWhichTheJournalMasks() throws IOException {
    Files.writeString(dir.resolve("secret.yaml"), """
        title: Secret from a var file
        description: the token reaches the server but not the journal
        secrets:
          api:
            token: from-experiment
        method:
          - type: action
            name: send-token
            secrets: [api]
            provider:
              type: http
              url: %s
              method: POST
              headers: {Content-Type: application/json}
              arguments: {token: "${token}"}
              timeout: 5
        """.formatted(http.url("/record")));
    Files.writeString(dir.resolve("secrets.json"), """
        {"secrets": {"api": {"token": "s3cret-from-the-var-file"}}}
        """);

    CliProcess cli = CliProcess.run(dir, "run", "secret.yaml", "--var-file", "secrets.json");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(http.recordedBodies()).hasSize(1);
    assertThat(JournalJson.parse(http.recordedBodies().get(0)).path("token").asText())
        .isEqualTo("s3cret-from-the-var-file");
    assertThat(Files.readString(dir.resolve("journal.json"))).doesNotContain("s3cret-from-the-var-file");
    assertThat(cli.stdout() + cli.stderr()).doesNotContain("s3cret-from-the-var-file");
  }

  @Test
  void badVarFormsAreUsageErrorsThatSayTheRightFormAndRunNothing() throws IOException {
    Files.writeString(dir.resolve("mark.json"), """
        {"title": "t", "description": "d", "configuration": {"port": 1},
         "method": [{"type": "action", "name": "mark", "provider": {"type": "process", "path": "touch", "arguments": ["ran"]}}]}
        """);

    for (String[] bad : new String[][] {{":int=1", "the key is empty"}, {"port:INT=1", "unknown type 'INT'"},
        {"port:bool=maybe", "'maybe' is not a bool"}, {"port", "there is no '='"}, {"port:int=x", "'x' is not an integer"},
        {"port:float=1e400", "not a finite number"}}) {
      for (String verb : new String[] {"validate", "run"}) {
        CliProcess cli = CliProcess.run(dir, verb, "mark.json", "--var", bad[0]);

        assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
        assertThat(cli.stderr().lines()).as(cli.describe()).startsWith(
            "faultline: --var " + bad[0] + ": expected KEY=VALUE or KEY:TYPE=VALUE");
        assertThat(cli.stderr()).as(cli.describe()).contains(bad[1])
            .contains("TYPE is one of str, int, float, bool, bytes, json (e.g. --var port:int=8080)")
            .doesNotContain("Exception").doesNotContain("\tat ");
      }
    }
    assertThat(dir.resolve("ran")).doesNotExist();
    assertThat(dir.resolve("journal.json")).doesNotExist();
  }

  @Test
  void aVarFileThatIsAFifoIsRefusedInsteadOfWaitedFor() throws Exception {
    Files.writeString(dir.resolve("mark.json"), """
        {"title": "t", "description": "d", "configuration": {"port": 1},
         "method": [{"type": "action", "name": "mark", "provider": {"type": "process", "path": "touch", "arguments": ["ran"]}}]}
        """);
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("vars.json").toString()).start();
    assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    CliProcess cli = CliProcess.run(dir, "run", "mark.json", "--var-file", "vars.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
    assertThat(cli.stderr()).contains("--var-file vars.json: is a FIFO (named pipe), not a regular file");
    assertThat(dir.resolve("ran")).doesNotExist();
  }
}
