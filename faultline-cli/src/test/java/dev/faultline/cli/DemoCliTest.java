package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline demo}: starts the bundled system, runs the bundled experiment, writes journal
 * and report, prints where, and leaves nothing running behind.
 */
class DemoCliTest {
  /** The demo runs a few seconds of load; JVM start and a busy machine add some. */
  private static final Duration DEMO_LIMIT = Duration.ofSeconds(90);

  private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path dir;

  @Test
  void theDemoRunsWritesJournalAndReportAndStopsEverything() throws IOException {
    Path outputDir = dir.resolve("demo-output");

    CliProcess cli = CliProcess.start(dir, "demo", "--output-dir", outputDir.toString()).waitFor(DEMO_LIMIT);

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).contains("Verdict:");
    Path journal = outputDir.resolve("journal.json");
    Path report = outputDir.resolve("report.html");
    assertThat(cli.stdout().lines()).contains("Journal:  " + journal, "Report:   " + report);
    assertThat(JournalJson.read(journal).path("status").asText()).isEqualTo("completed");
    assertThat(Files.readString(report)).contains("Steady state held");
    // The fault ran and was recovered: the report shows it, the summary gives latency under it.
    assertThat(JournalJson.read(journal).path("timeline").toString()).contains("fault_applied", "fault_recovered");
    assertThat(cli.stdout()).containsPattern("Order latency \\(p50\\): [0-9.]+ ms before the fault, [0-9.]+ ms under");
    for (int port : loopbackPorts(cli.stdout())) {
      // The child exited by itself (waitFor did not have to kill it), so nothing of the demo listens.
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
      }).as("connecting to the demo's port %d after it exited", port).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void theDemoThroughAServerSubmitsViaTheApiAndPrintsTheRunUrl() throws IOException {
    Path outputDir = dir.resolve("demo-server-output");

    CliProcess cli = CliProcess.start(dir, "demo", "--server", "--output-dir", outputDir.toString()).waitFor(DEMO_LIMIT);

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).contains("Faultline server listening on http://127.0.0.1:").contains("Verdict:  completed")
        .contains("⚡ fault applied").containsPattern("Run: +http://127\\.0\\.0\\.1:\\d+/api/v1/runs/run_\\w+")
        // With Prometheus and Alertmanager installed, the measured response; without, how to get them.
        .contains("Response: ");
    Path journal = outputDir.resolve("journal.json");
    assertThat(JournalJson.read(journal).path("status").asText()).isEqualTo("completed");
    assertThat(JournalJson.read(journal).path("timeline").toString()).contains("fault_applied", "fault_recovered");
    assertThat(Files.readString(outputDir.resolve("report.html"))).contains("Steady state held");
    Matcher kept = Pattern.compile("data is kept in (\\S+)\\.").matcher(cli.stdout());
    assertThat(kept.find()).as(cli.describe()).isTrue();
    assertThat(Path.of(kept.group(1), "data", "faultline.mv.db")).exists();
    try (var files = Files.walk(Path.of(kept.group(1)))) { // the demo keeps it for the user; the test does not
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The storefront, proxy listen, proxy API and inventory store ports the demo printed when it started. */
  private static List<Integer> loopbackPorts(String stdout) {
    String startLine = stdout.lines().filter(l -> l.strip().startsWith("storefront ")).findFirst().orElseThrow();
    Matcher m = LOOPBACK_PORT.matcher(startLine);
    List<Integer> ports = m.results().map(r -> Integer.parseInt(r.group(1))).toList();
    assertThat(ports).as("ports in '%s'", startLine).hasSize(4);
    return ports;
  }
}
