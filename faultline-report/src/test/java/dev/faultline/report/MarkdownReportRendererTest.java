package dev.faultline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownReportRendererTest {
  private final MarkdownReportRenderer renderer = new MarkdownReportRenderer();

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.COMPLETED, Fixtures.DEVIATED, Fixtures.FAILED, Fixtures.INTERRUPTED,
      Fixtures.CHAOSTOOLKIT})
  void tablesHaveTheSameNumberOfCellsOnEveryRow(String fixture) {
    String markdown = renderer.render(Fixtures.report(fixture));

    List<List<String>> tables = tables(markdown);
    assertThat(tables).hasSize(2);
    for (List<String> table : tables) {
      assertWellFormed(table);
    }
  }

  @Test
  void pipesAndMarkupInJournalTextCannotBreakTables() {
    String markdown = renderer.render(HostileJournal.report());

    List<List<String>> tables = tables(markdown);
    assertThat(tables).hasSize(2);
    tables.forEach(MarkdownReportRendererTest::assertWellFormed);
    assertThat(markdown).contains("| \\<script\\>alert(\"pwned\")\\</script\\> \\| col |")
        .doesNotContainPattern("(?<!\\\\)<script")
        .doesNotContainPattern("(?<!\\\\)<img");
  }

  @Test
  void completedRunHasVerdictSummaryTablesAndTimeline() {
    JournalReport report = Fixtures.report(Fixtures.COMPLETED);

    String markdown = renderer.render(report);

    assertThat(markdown).startsWith("# Faultline report: Orders keep flowing when payments are slow\n\n"
        + "**✅ Verdict: Steady state held**\n");
    assertThat(markdown).contains("- **Status:** completed\n")
        .contains("- **Hypothesis strategy:** continuously\n")
        .contains("| Probe | Tolerance | Before | Met before | After | Met after |\n| --- | --- | --- | --- | --- | --- |\n")
        .contains("| error-rate-percent | range \\[0,1\\] on stdout | {\"status\":0,\"stdout\":\"0.2\\\\n\"} | ✔ met |")
        .contains("| 3 | method | slow-down-payments | action | faultline-proxy | +0.100 s | 30 ms | succeeded | — |\n")
        .contains("- `+0.000 s` run started: **Orders keep flowing when payments are slow**\n")
        .contains("- `+0.128 s` fault applied: **latency on payments** (proxy: payments, latency\\_ms: 300)\n")
        .contains("- `+2.500 s` run ended:");
    for (ActivityRow row : report.activityRows()) {
      assertThat(markdown).contains("| " + row.name() + " |");
    }
  }

  @Test
  void failedRunsVerdictLineCarriesTheError() {
    String markdown = renderer.render(Fixtures.report(Fixtures.FAILED));

    assertThat(markdown).contains("**❌ Verdict: Run failed: 'orders-per-second' raised ActivityFailed: "
        + "GET http://127.0.0.1:18080/metrics/orders failed: connection refused**\n");
    assertThat(markdown).contains("| orders-per-second | jsonpath $\\[?(@.orders\\_per\\_second \\>= 5)\\] on body count 1 "
        + "| raised ActivityFailed: GET http://127.0.0.1:18080/metrics/orders failed: connection refused "
        + "| ✘ **not met** | _not run_ | — |");
  }

  @Test
  void longTimelinesAreCut() {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < MarkdownReportRenderer.MAX_TIMELINE_EVENTS + 20; i++) {
      events.append(i == 0 ? "" : ",").append("{\"kind\": \"probe_value\", \"subject\": \"p\", \"offset_ms\": ")
          .append(i).append(", \"attributes\": {\"numeric\": ").append(i).append("}}");
    }
    String json = JournalReportTest.minimalJournal("completed", false,
        "{\"before\": null, \"after\": null, \"during\": []}").replace("\"rollbacks\": []",
        "\"rollbacks\": [], \"timeline\": [" + events + "]");

    String markdown;
    try {
      markdown = renderer.render(JournalReport.parse(json, "long.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    assertThat(markdown.lines().filter(l -> l.startsWith("- `+")).count())
        .isEqualTo(MarkdownReportRenderer.MAX_TIMELINE_EVENTS);
    assertThat(markdown).contains("- … 20 more events; the journal has them all\n");
  }

  /** Blocks of consecutive lines starting with a pipe. */
  static List<List<String>> tables(String markdown) {
    List<List<String>> tables = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("|")) {
        if (current == null) {
          current = new ArrayList<>();
          tables.add(current);
        }
        current.add(line);
      } else {
        current = null;
      }
    }
    return tables;
  }

  static void assertWellFormed(List<String> table) {
    assertThat(table.size()).as("header, separator and at least one row").isGreaterThanOrEqualTo(3);
    assertThat(table.get(1)).matches("\\|( --- \\|)+");
    int cells = unescapedPipes(table.get(0));
    for (String row : table) {
      assertThat(unescapedPipes(row)).as(row).isEqualTo(cells);
      assertThat(row).endsWith("|");
    }
  }

  /** Pipes that delimit cells: those not preceded by an odd number of backslashes. */
  static int unescapedPipes(String line) {
    int pipes = 0;
    boolean escaped = false;
    for (char c : line.toCharArray()) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '|') {
        pipes++;
      }
    }
    return pipes;
  }
}
