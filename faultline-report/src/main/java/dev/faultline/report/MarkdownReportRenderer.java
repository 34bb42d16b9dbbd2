package dev.faultline.report;

import static dev.faultline.report.MarkdownText.escape;
import static dev.faultline.report.MarkdownText.row;

import java.util.List;
import java.util.Map;

/**
 * Renders a {@link JournalReport} as GitHub-flavoured Markdown: the verdict, a summary, the
 * hypothesis and activities tables, and the timeline as a list of events with their offsets.
 * Suits pull-request comments and CI job summaries. Journal text is escaped, so a {@code |} in a
 * value cannot break a table and HTML in a name is shown, not interpreted.
 */
public final class MarkdownReportRenderer {
  /** A long run with continuous probes can have thousands of events; a comment cannot. */
  static final int MAX_TIMELINE_EVENTS = 500;

  /** Renders the whole document. */
  public String render(JournalReport report) {
    RunSummary s = report.summary();
    StringBuilder md = new StringBuilder(8192);
    md.append("# Faultline report: ").append(escape(s.title())).append("\n\n");
    md.append("**").append(symbol(report.verdict().outcome())).append(" Verdict: ")
        .append(escape(report.verdict().text())).append("**\n\n");
    summary(md, report);
    hypothesis(md, report);
    activities(md, report.activityRows());
    timeline(md, report.timelineEvents());
    report.response().ifPresent(r -> response(md, r));
    md.append("---\n_Rendered by Faultline from ").append(escape(report.origin())).append("._\n");
    return md.toString();
  }

  private static String symbol(Verdict.Outcome outcome) {
    return switch (outcome) {
      case HELD -> "✅";
      case NOT_VERIFIED -> "➖";
      case NOT_MET_BEFORE, INTERRUPTED -> "⚠️";
      case DEVIATED, FAILED, ABORTED -> "❌";
    };
  }

  private static void summary(StringBuilder md, JournalReport report) {
    RunSummary s = report.summary();
    md.append("## Summary\n\n");
    item(md, "Experiment", s.title());
    item(md, "Description", s.description());
    item(md, "Tags", s.tags().isEmpty() ? null : String.join(", ", s.tags()));
    item(md, "Started", s.start());
    item(md, "Ended", s.end());
    item(md, "Duration", DurationFormat.millis(s.durationSeconds() * 1000));
    item(md, "Status", s.status());
    item(md, "Deviated", s.deviated() ? "yes" : "no");
    item(md, "Hypothesis strategy", SummaryText.strategy(s.hypothesisStrategy()));
    item(md, "Rollback strategy", SummaryText.strategy(s.rollbackStrategy()));
    item(md, "Node", s.node());
    item(md, "Platform", s.platform());
    item(md, "Engine", SummaryText.engine(s));
    item(md, "Engine verdict", SummaryText.engineVerdict(s, report.verdict()));
    item(md, "First error", SummaryText.extraError(report.verdict()));
    item(md, "Journal", report.origin());
    md.append('\n');
    if (!s.warnings().isEmpty()) {
      md.append("**Warnings**\n\n");
      for (String warning : s.warnings()) {
        md.append("- ").append(escape(warning)).append('\n');
      }
      md.append('\n');
    }
  }

  private static void item(StringBuilder md, String term, String value) {
    if (value != null && !value.isBlank()) {
      md.append("- **").append(term).append(":** ").append(escape(value)).append('\n');
    }
  }

  private static void hypothesis(StringBuilder md, JournalReport report) {
    md.append("## Steady-state hypothesis\n\n");
    if (report.hypothesisTitle() == null) {
      md.append("_The experiment declares no steady-state hypothesis._\n\n");
      return;
    }
    md.append(escape(report.hypothesisTitle())).append("\n\n");
    md.append(row("Probe", "Tolerance", "Before", "Met before", "After", "Met after"))
        .append(MarkdownText.separator(6));
    for (HypothesisRow r : report.hypothesisRows()) {
      md.append(row(escape(r.probeName()), escape(r.toleranceText()),
          r.beforeValue() == null ? "_not run_" : escape(r.beforeValue()), met(r.beforeValue(), r.beforeMet()),
          r.afterValue() == null ? "_not run_" : escape(r.afterValue()), met(r.afterValue(), r.afterMet())));
    }
    md.append('\n');
  }

  private static String met(String value, Boolean met) {
    if (value == null) {
      return "—";
    }
    if (met == null) {
      return "not checked";
    }
    return met ? "✔ met" : "✘ **not met**";
  }

  private static void activities(StringBuilder md, List<ActivityRow> rows) {
    md.append("## Activities\n\n");
    if (rows.isEmpty()) {
      md.append("_No activity ran._\n\n");
      return;
    }
    md.append(row("#", "Phase", "Activity", "Type", "Provider", "Start", "Duration", "Outcome", "Error"))
        .append(MarkdownText.separator(9));
    int number = 1;
    for (ActivityRow r : rows) {
      String outcome = escape(SummaryText.outcome(r));
      md.append(row(Integer.toString(number++), escape(r.phase()), escape(r.name()),
          escape(r.activityType()), escape(r.providerType()), DurationFormat.offset(r.startOffsetMs()),
          DurationFormat.millis(r.durationMs()),
          SummaryText.bad(r) ? "**" + outcome + "**" : outcome,
          escape(ValueText.abbreviate(r.errorMessage(), 300))));
    }
    md.append('\n');
  }

  private static void response(StringBuilder md, ResponseSection r) {
    md.append("## Response\n\n").append(r.monitoringGap() ? "**Monitoring gap:** " : "")
        .append(escape(r.verdict())).append("\n\n| Milestone | Time (UTC) | After the fault | Detail |\n|---|---|---|---|\n");
    for (ResponseSection.Milestone m : r.milestones()) {
      md.append("| ").append(escape(m.label())).append(" | ").append(m.missing() ? "—" : escape(m.at())).append(" | ")
          .append(m.offset()).append(" | ").append(escape(m.detail())).append(" |\n");
    }
    md.append('\n');
  }

  private static void timeline(StringBuilder md, List<TimelineEvent> events) {
    md.append("## Timeline\n\n");
    if (events.isEmpty()) {
      md.append("_No events were recorded._\n\n");
      return;
    }
    md.append("Offsets are seconds since the run started.\n\n");
    int shown = Math.min(events.size(), MAX_TIMELINE_EVENTS);
    for (TimelineEvent event : events.subList(0, shown)) {
      md.append("- `").append(DurationFormat.offset(event.offsetMs())).append("` ")
          .append(event.kind().replace('_', ' '));
      if (!event.subject().isBlank()) {
        md.append(": **").append(escape(event.subject())).append("**");
      }
      if (!event.attributes().isEmpty()) {
        md.append(" (").append(attributes(event.attributes())).append(')');
      }
      md.append('\n');
    }
    if (events.size() > shown) {
      md.append("- … ").append(events.size() - shown).append(" more events; the journal has them all\n");
    }
    md.append('\n');
  }

  private static String attributes(Map<String, String> attributes) {
    StringBuilder text = new StringBuilder();
    attributes.forEach((name, value) -> {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(escape(name)).append(": ").append(escape(value));
    });
    return text.toString();
  }
}
