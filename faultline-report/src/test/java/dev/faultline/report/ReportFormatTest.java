package dev.faultline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportFormatTest {

  @Test
  void acceptsHtmlMarkdownAndMdInAnyCase() {
    assertThat(ReportFormat.fromName("html")).isEqualTo(ReportFormat.HTML);
    assertThat(ReportFormat.fromName("HTML")).isEqualTo(ReportFormat.HTML);
    assertThat(ReportFormat.fromName("markdown")).isEqualTo(ReportFormat.MARKDOWN);
    assertThat(ReportFormat.fromName(" Md ")).isEqualTo(ReportFormat.MARKDOWN);
  }

  @Test
  void unknownNameSaysWhatIsAccepted() {
    assertThatThrownBy(() -> ReportFormat.fromName("pdf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'pdf' is not a report format; expected html, markdown or md");
  }

  @Test
  void rendersWithTheMatchingRenderer() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    assertThat(ReportFormat.HTML.render(report)).startsWith("<!DOCTYPE html>");
    assertThat(ReportFormat.MARKDOWN.render(report)).startsWith("# Faultline report: ");
    assertThat(ReportFormat.HTML.fileExtension()).isEqualTo("html");
    assertThat(ReportFormat.MARKDOWN.fileExtension()).isEqualTo("md");
  }
}
