package dev.faultline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HtmlReportRendererTest {
  private final HtmlReportRenderer renderer = new HtmlReportRenderer();

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.COMPLETED, Fixtures.DEVIATED, Fixtures.FAILED, Fixtures.INTERRUPTED,
      Fixtures.CHAOSTOOLKIT})
  void pageLoadsNothingFromTheNetwork(String fixture) {
    String html = renderer.render(Fixtures.report(fixture));

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
    assertThat(html).doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("src=")
        .doesNotContainIgnoringCase("href=")
        .doesNotContainIgnoringCase("@import")
        .doesNotContainIgnoringCase("url(")
        .doesNotContainIgnoringCase("xmlns");
    // URLs may appear only as escaped journal text: none in the markup or the style sheet
    assertThat(markupOnly(html)).doesNotContain("http://").doesNotContain("https://");
    assertThat(html.substring(html.indexOf("<style>"), html.indexOf("</style>"))).doesNotContain("://");
  }

  @Test
  void journalUrlsAppearAsTextOnly() {
    String html = renderer.render(Fixtures.report(Fixtures.CHAOSTOOLKIT));

    // proves the markup check above is not vacuous: the page does show journal URLs
    assertThat(html).contains("failed to connect to http://localhost:8080/health");
    assertThat(markupOnly(html)).doesNotContain("localhost");
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.COMPLETED, Fixtures.DEVIATED, Fixtures.FAILED, Fixtures.INTERRUPTED,
      Fixtures.CHAOSTOOLKIT})
  void everyActivityAppearsInTheTableAndAsOneBarPerRunEntry(String fixture) throws IOException {
    JournalReport report = Fixtures.report(fixture);
    JsonNode journal = new ObjectMapper().readTree(Files.readString(Fixtures.path(fixture)));

    String html = renderer.render(report);

    for (ActivityRow row : report.activityRows()) {
      assertThat(html).contains("<td>" + row.name() + "</td>");
    }
    assertThat(html).contains("<svg class=\"timeline\"").contains("</svg>");
    assertThat(count(html, "<rect class=\"bar activity family-method [^\"]*\" data-phase=\"method\""))
        .isEqualTo(journal.path("run").size());
    assertThat(count(html, "<rect class=\"bar activity family-rollback [^\"]*\" data-phase=\"rollback\""))
        .isEqualTo(journal.path("rollbacks").size());
    assertThat(count(html, "<tr(?: class=\"failed\")?><td class=\"num\">"))
        .isEqualTo(report.activityRows().size());
  }

  @Test
  void completedRunShowsVerdictSummaryHypothesisAndProbeCharts() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    String html = renderer.render(report);

    assertThat(html).contains("<header class=\"verdict outcome-held\">")
        .contains("<h1>Steady state held</h1>")
        .contains("<dt>Hypothesis strategy</dt><dd>continuously</dd>")
        .contains("<dt>Duration</dt><dd>2.50 s</dd>")
        .contains("<td class=\"met-yes\">✔ met</td>")
        .contains("{&quot;status&quot;:200,")
        .contains("<rect class=\"bar pause family-method status-pause\"")
        .contains("<rect class=\"bar fault family-fault status-recovered\"");
    assertThat(count(html, "<circle class=\"point met-yes\"")).isEqualTo(report.probePoints().size()).isEqualTo(8);
    assertThat(count(html, "<polyline class=\"series-line\"")).isEqualTo(2);
    assertThat(html).contains(">0 s</text>").contains(">2.5 s</text>");
  }

  @Test
  void failedRunPutsTheErrorUnderAShortHeadline() {
    String html = renderer.render(Fixtures.report(Fixtures.FAILED));

    assertThat(html).contains("<header class=\"verdict outcome-failed\">")
        .contains("<h1>Run failed</h1>\n<p class=\"verdict-detail\">&#39;orders-per-second&#39; raised ActivityFailed");
  }

  @Test
  void interruptedRunMarksTheSafeguardOnTheTimeline() {
    String html = renderer.render(Fixtures.report(Fixtures.INTERRUPTED));

    assertThat(html).contains("<header class=\"verdict outcome-interrupted\">");
    assertThat(count(html, "<line class=\"marker\"")).isEqualTo(2);
    assertThat(count(html, "<circle class=\"point met-no\"")).isEqualTo(1);
    assertThat(html).contains("<dt>Engine verdict</dt><dd>Run interrupted</dd>");
  }

  @Test
  void markupInJournalTextIsEscapedEverywhere() {
    String html = renderer.render(HostileJournal.report());

    assertThat(html).doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<img")
        .doesNotContain("<b>")
        .doesNotContain("<i>")
        .doesNotContainIgnoringCase("<svg onload")
        .doesNotContain("</title><script>");
    assertThat(html).contains("<td>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; | col</td>")
        .contains("<title>Faultline report: &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("data-phase=\"method\"");
    assertThat(count(html, "<title>")).isEqualTo(count(html, "</title>"));
  }

  /** The page with text content and the style sheet removed: tags and attributes only. */
  static String markupOnly(String html) {
    return html.replaceAll("(?s)<style>.*?</style>", "<style></style>").replaceAll(">[^<]*<", "><");
  }

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
