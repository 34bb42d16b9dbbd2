package dev.faultline.report;

import java.util.Locale;

/** The formats a journal can be rendered in. */
public enum ReportFormat {
  /** A self-contained HTML page with an SVG timeline. */
  HTML("html"),
  /** GitHub-flavoured Markdown. */
  MARKDOWN("md");

  private final String fileExtension;

  ReportFormat(String fileExtension) {
    this.fileExtension = fileExtension;
  }

  /**
   * The format named {@code name}: {@code html}, {@code markdown} or {@code md}, in any case.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static ReportFormat fromName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "html" -> HTML;
      case "markdown", "md" -> MARKDOWN;
      default -> throw new IllegalArgumentException(
          "'" + name + "' is not a report format; expected html, markdown or md");
    };
  }

  /** The usual file extension, without the dot: {@code html} or {@code md}. */
  public String fileExtension() {
    return fileExtension;
  }

  /** Renders {@code report} in this format. */
  public String render(JournalReport report) {
    return switch (this) {
      case HTML -> new HtmlReportRenderer().render(report);
      case MARKDOWN -> new MarkdownReportRenderer().render(report);
    };
  }
}
