package dev.faultline.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The control plane's response milestones ({@code faultline.response}) in both report formats. */
class ResponseSectionTest {
  @Test
  void milestonesAreShownInTheTimelineSectionsAndMissingOnesAsMissing() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode journal = (ObjectNode) mapper.readTree(Files.readString(Fixtures.path(Fixtures.COMPLETED)));
    ObjectNode response = ((ObjectNode) journal.with("faultline")).putObject("response");
    response.put("verdict", "MONITORING GAP: no alert fired for the fault");
    response.put("monitoring_gap", true);
    ArrayNode milestones = response.putArray("milestones");
    milestones.addObject().put("name", "fault_injected").put("at", "2026-12-05T14:00:00Z").put("since_injection_ms", 0)
        .put("detail", "proxy-latency | <script>x</script>");
    milestones.addObject().put("name", "alert_firing").putNull("at").putNull("since_injection_ms").putNull("detail");

    JournalReport report = JournalReport.parse(mapper.writeValueAsString(journal), "journal.json");
    assertThat(report.response()).isPresent();

    String md = new MarkdownReportRenderer().render(report);
    assertThat(md).contains("## Response", "**Monitoring gap:** MONITORING GAP", "| fault injected | 2026-12-05T14:00:00Z | +0.0 s |",
        "| alert firing | — | missing |");
    assertThat(md).contains("proxy-latency \\| ").doesNotContainPattern("(?<!\\\\)<script");

    String html = new HtmlReportRenderer().render(report);
    assertThat(html).contains("<h2>Response</h2>", "<td>alert firing</td><td>—</td><td>missing</td>")
        .doesNotContain("<script>x");

    // A journal without the key renders as before.
    assertThat(new MarkdownReportRenderer().render(Fixtures.report(Fixtures.COMPLETED))).doesNotContain("## Response");
  }
}
