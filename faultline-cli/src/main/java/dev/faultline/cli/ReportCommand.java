package dev.faultline.cli;

import dev.faultline.report.HtmlReportRenderer;
import dev.faultline.report.JournalReport;
import dev.faultline.report.MarkdownReportRenderer;
import dev.faultline.report.ReportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline report JOURNAL}: a self-contained HTML page or Markdown from a run journal. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Render a run journal as a self-contained HTML report or as Markdown.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "JOURNAL", description = "The journal.json written by 'faultline run'.")
  Path journal;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "html",
      description = "html or markdown (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where to write the report (default: standard output).")
  Path output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ReportFormat f;
    try {
      f = ReportFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline: --format: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    try {
      String text = render(JournalReport.read(journal), f);
      if (output == null) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
      } else {
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
        spec.commandLine().getOut().println("Report written to " + target);
      }
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("faultline: " + e.getMessage());
      return 1;
    }
  }

  static String render(JournalReport report, ReportFormat format) {
    return format == ReportFormat.HTML ? new HtmlReportRenderer().render(report)
        : new MarkdownReportRenderer().render(report);
  }
}
