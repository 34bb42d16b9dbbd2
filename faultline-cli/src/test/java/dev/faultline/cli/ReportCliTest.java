package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.faultline.report.JournalReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline report}: a self-contained HTML file, Markdown on stdout, and clear errors. */
class ReportCliTest {
  /** A {@code src} or {@code href} that would need the network to show the page. */
  private static final Pattern REMOTE_REFERENCE = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*https?://");

  @TempDir
  static Path dir;

  @BeforeAll
  static void runAnExperiment() throws IOException {
    Files.writeString(dir.resolve("experiment.yaml"), """
        title: Report me
        description: a run to render
        steady-state-hypothesis:
          title: true works
          probes:
            - {type: probe, name: true-works, tolerance: 0, provider: {type: process, path: "true"}}
        method:
          - {type: action, name: say, provider: {type: process, path: echo, arguments: [hello]}}
        """);
    CliProcess cli = CliProcess.run(dir, "run", "experiment.yaml", "--journal-path", "journal.json");
    assertThat(cli.exitCode()).as(cli.describe()).isZero();
  }

  @Test
  void htmlGoesToOutputAndNeedsNoNetwork() throws IOException {
    CliProcess cli = CliProcess.run(dir, "report", "journal.json", "--output", "reports/report.html");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    Path report = dir.resolve("reports/report.html");
    assertThat(cli.stdout().strip()).isEqualTo("Report written to " + report.toRealPath());
    String html = Files.readString(report);
    assertThat(html).startsWithIgnoringCase("<!doctype html").contains("Report me").contains("say");
    assertThat(REMOTE_REFERENCE.matcher(html).find()).as("a src/href to http(s):// in the report").isFalse();
  }

  @Test
  void markdownGoesToStandardOutput() {
    CliProcess cli = CliProcess.run(dir, "report", "journal.json", "--format", "markdown");

    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout()).startsWith("# Faultline report: Report me\n").contains("| true-works |");
    assertThat(cli.stderr()).isEmpty();
  }

  @Test
  void aMissingJournalExitsOneWithTheReportModulesMessage() {
    CliProcess cli = CliProcess.run(dir, "report", "no-such-journal.json");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
    assertThat(cli.stderr()).isEqualTo("faultline: " + reportModuleMessage("no-such-journal.json") + "\n");
    assertThat(cli.stdout()).isEmpty();
  }

  @Test
  void aFileThatIsNotAJournalExitsOneWithTheReportModulesMessage() throws IOException {
    Files.writeString(dir.resolve("not-json.json"), "{this is not json");
    Files.writeString(dir.resolve("not-a-journal.json"), "{\"hello\": 1}");

    for (String name : new String[] {"not-json.json", "not-a-journal.json"}) {
      CliProcess cli = CliProcess.run(dir, "report", name, "--output", "r.html");

      assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(1);
      assertThat(cli.stderr()).isEqualTo("faultline: " + reportModuleMessage(name) + "\n");
      assertThat(cli.stderr()).contains(name + " is not a run journal: ")
          .endsWith("; expected the journal.json written by 'faultline run'\n")
          .doesNotContain("\tat ");
    }
    assertThat(dir.resolve("r.html")).doesNotExist();
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    CliProcess cli = CliProcess.run(dir, "report", "journal.json", "--format", "pdf");

    assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(2);
    assertThat(cli.stderr()).isEqualTo("faultline: --format: 'pdf' is not a report format; expected html, markdown or md\n");
  }

  /**
   * The message the report module gives for {@code dir/name}, read in this JVM, with the file
   * named as the child was given it (relative to its working directory).
   */
  private static String reportModuleMessage(String name) {
    Path journal = dir.resolve(name);
    IOException e = catchThrowableOfType(IOException.class, () -> JournalReport.read(journal));
    assertThat(e).as("JournalReport.read(%s) fails", journal).isNotNull();
    return e.getMessage().replace(journal.toString(), name);
  }
}
