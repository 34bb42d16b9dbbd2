package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline attacks} and {@code faultline halt} see the proxy toxics a local run applied,
 * from other processes, through the notes the run keeps in the state directory.
 */
class RunFaultNotesCliTest {
  @TempDir
  Path dir;

  ProxyServer proxy;
  ToxiproxyClient client;
  Map<String, String> environment;

  @BeforeEach
  void start() throws Exception {
    proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withAuditSink(line -> {}));
    client = new ToxiproxyClient("http://127.0.0.1:" + proxy.apiPort(), Optional.empty());
    client.createProxy("p", "127.0.0.1:0", "127.0.0.1:1", true);
    environment = Map.of("FAULTLINE_STATE_DIR", dir.resolve("state").toString(),
        "FAULTLINE_JVM_STATE_DIR", dir.resolve("jvm-state").toString());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
  }

  private CliProcess faultline(String... args) {
    return CliProcess.start(environment, dir, args).waitFor(CliProcess.SHORT_COMMAND);
  }

  private long notes() throws Exception {
    Path notes = dir.resolve("state").resolve("run-faults");
    if (!Files.isDirectory(notes)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(notes)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }

  @Test
  void attacksListsARunsToxicAndHaltRemovesIt() throws Exception {
    Files.writeString(dir.resolve("latency.json"), """
        {"title": "latency on p", "description": "a proxy fault, then a long wait",
         "method": [
           {"type": "action", "name": "slow-down", "provider": {"type": "fault", "fault": "proxy-latency",
            "parameters": {"proxy": "p", "latencyMs": 100, "apiUrl": "http://127.0.0.1:%d"}}},
           {"type": "action", "name": "wait", "provider": {"type": "process", "path": "true"}, "pauses": {"after": 60}}
         ]}
        """.formatted(proxy.apiPort()));

    try (CliProcess run = CliProcess.start(environment, dir, "run", "latency.json", "--journal-path", "j.json")) {
      run.awaitStdout("pausing 60.0s", Duration.ofSeconds(30));
      String toxic = client.toxics("p").get(0).name();

      CliProcess attacks = faultline("attacks");
      assertThat(attacks.exitCode()).as(attacks.describe()).isZero();
      assertThat(attacks.stdout()).contains("no attacks are active on this host",
          "faults applied by runs on this host (faultline halt removes them):",
          "added latency toxic '" + toxic + "'", "(proxy-latency; run pid " + run.pid() + "; lease 15s)");

      CliProcess halt = faultline("halt");
      assertThat(halt.exitCode()).as(halt.describe()).isZero();
      assertThat(halt.stdout()).contains("removed toxic '" + toxic + "' on proxy 'p' at http://127.0.0.1:"
          + proxy.apiPort() + " (proxy-latency, run pid " + run.pid() + ")", "halted 0 attack(s) and 1 run fault(s)");
      assertThat(client.toxics("p")).as("toxics after halt").isEmpty();
      assertThat(notes()).isZero();

      assertThat(faultline("attacks").stdout()).isEqualTo("no attacks are active on this host\n");

      run.signal("INT");
      run.waitFor(Duration.ofSeconds(30));
      assertThat(run.stdout()).as(run.describe()).contains("fault recovered: removed latency toxic '" + toxic + "'");
      assertThat(JournalJson.read(dir.resolve("j.json")).path("status").asText()).isEqualTo("interrupted");
    }
  }

  @Test
  void attacksListsARunsJvmRuleAndHaltClearsIt() throws Exception {
    Process target = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JvmCliTarget.class.getName()).start();
    try {
      Files.writeString(dir.resolve("jvm.json"), """
          {"title": "a rule in a JVM", "description": "a jvm fault, then a long wait",
           "method": [
             {"type": "action", "name": "break-beat", "provider": {"type": "fault", "fault": "jvm",
              "parameters": {"pid": %d, "class": "%s", "method": "beat",
                             "throw": "java.lang.IllegalStateException", "message": "noted"}}},
             {"type": "action", "name": "wait", "provider": {"type": "process", "path": "true"}, "pauses": {"after": 60}}
           ]}
          """.formatted(target.pid(), JvmCliTarget.class.getName()));
      try (CliProcess run = CliProcess.start(environment, dir, "run", "jvm.json", "--journal-path", "j.json")) {
        run.awaitStdout("pausing 60.0s", Duration.ofSeconds(60));

        CliProcess attacks = faultline("attacks");
        assertThat(attacks.exitCode()).as(attacks.describe()).isZero();
        assertThat(attacks.stdout()).contains("faults applied by runs on this host (faultline halt removes them):",
            "JVM agent rule in", "(jvm; run pid " + run.pid() + "; lease 15s)");

        CliProcess halt = faultline("halt");
        assertThat(halt.exitCode()).as(halt.describe()).isZero();
        assertThat(halt.stdout()).containsPattern("removed rule \\d+ in JVM " + target.pid() + " \\(jvm, run pid "
            + run.pid() + "\\)").contains("halted 0 attack(s) and 1 run fault(s)");
        CliProcess rules = faultline("jvm", "rules", "--pid", String.valueOf(target.pid()));
        assertThat(rules.stdout().trim()).as(rules.describe()).isEqualTo("no rules in JVM " + target.pid());
        assertThat(notes()).isZero();

        run.signal("INT");
        run.waitFor(Duration.ofSeconds(30));
      }
    } finally {
      target.destroyForcibly();
    }
  }

  @Test
  void aNoteWhoseToxicIsGoneIsDroppedAndARecoveredFaultLeavesNone() throws Exception {
    Path notes = Files.createDirectories(dir.resolve("state").resolve("run-faults"));
    Files.writeString(notes.resolve("stale.json"), """
        {"id": "stale", "owner_pid": 999999999, "label": "slow-down", "description": "added latency toxic 'gone'",
         "api_url": "http://127.0.0.1:%d", "proxy": "p", "toxic": "gone", "lease_ms": 2000, "applied_at_ms": 1}
        """.formatted(proxy.apiPort()));
    Files.writeString(dir.resolve("short.json"), """
        {"title": "a short fault", "description": "d",
         "method": [{"type": "action", "name": "slow-down", "provider": {"type": "fault", "fault": "proxy-latency",
            "parameters": {"proxy": "p", "latencyMs": 10, "apiUrl": "http://127.0.0.1:%d"}, "duration": "0.5s"},
            "pauses": {"after": 1}}]}
        """.formatted(proxy.apiPort()));

    CliProcess attacks = faultline("attacks");
    assertThat(attacks.stdout()).isEqualTo("no attacks are active on this host\n");
    assertThat(notes()).as("the stale note is dropped").isZero();

    CliProcess run = faultline("run", "short.json", "--journal-path", "j.json");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(notes()).as("notes after a run that recovered its fault").isZero();
  }
}
