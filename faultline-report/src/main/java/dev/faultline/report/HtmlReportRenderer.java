package dev.faultline.report;

import static dev.faultline.report.HtmlText.escape;

import java.util.List;

/**
 * Renders a {@link JournalReport} as one self-contained HTML5 page: inline CSS, inline SVG, no
 * scripts and no external URLs, so it can be mailed, archived or opened offline. Every piece of
 * text from the journal is escaped.
 */
public final class HtmlReportRenderer {

  /** The page's style sheet; kept here so the page needs nothing else. */
  private static final String CSS = """
      :root { --ok:#1a7f37; --ok-bg:#e8f5ec; --bad:#c62828; --bad-bg:#fdecec; --warn:#9a5b00;
        --warn-bg:#fff4df; --muted:#57606a; --line:#d0d7de; --neutral-bg:#eef2f7; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1080px; padding: 24px; color: #1f2328;
        font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
      h1 { font-size: 22px; margin: 4px 0 0; }
      h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
      .verdict { border-left: 6px solid; border-radius: 6px; padding: 14px 18px; }
      .verdict .verdict-detail { margin: 6px 0 0; overflow-wrap: anywhere; }
      .verdict .label { text-transform: uppercase; font-size: 11px; letter-spacing: .08em; color: var(--muted); }
      .outcome-held { background: var(--ok-bg); border-color: var(--ok); }
      .outcome-not-verified { background: var(--neutral-bg); border-color: var(--muted); }
      .outcome-not-met-before, .outcome-interrupted { background: var(--warn-bg); border-color: var(--warn); }
      .outcome-deviated, .outcome-failed, .outcome-aborted { background: var(--bad-bg); border-color: var(--bad); }
      dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
      dl.summary dt { color: var(--muted); }
      dl.summary dd { margin: 0; overflow-wrap: anywhere; }
      .warnings { background: var(--warn-bg); border: 1px solid #e9c46a; border-radius: 6px; padding: 8px 14px; margin-top: 12px; }
      .warnings ul { margin: 4px 0 0; padding-left: 20px; }
      table { border-collapse: collapse; width: 100%; font-size: 13px; }
      th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
      th { background: #f6f8fa; }
      td.value { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
      td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
      tr.failed td { background: var(--bad-bg); }
      .met-yes { color: var(--ok); font-weight: 600; }
      .met-no { color: var(--bad); font-weight: 600; }
      .muted, .met-unknown { color: var(--muted); }
      .error { color: var(--bad); overflow-wrap: anywhere; }
      svg.timeline { display: block; max-width: 100%; height: auto; font: 11px sans-serif; }
      svg .grid { stroke: #e4e8ec; }
      svg .tick { fill: var(--muted); text-anchor: middle; }
      svg .stripe { fill: #f6f8fa; }
      svg .lane-label, svg .series-label { fill: #1f2328; text-anchor: end; font-size: 12px; }
      svg .series-bound { fill: var(--muted); text-anchor: end; }
      svg .series-frame { fill: none; stroke: var(--line); }
      svg .series-line { fill: none; stroke: #8c959f; stroke-width: 1.5; }
      svg .empty-note { fill: var(--muted); }
      svg .bar.family-hypothesis { fill: #3b82f6; }
      svg .bar.family-method { fill: #f59e0b; }
      svg .bar.family-rollback { fill: #8b5cf6; }
      svg .bar.family-safeguard { fill: #14b8a6; }
      svg .bar.family-other { fill: #8c959f; }
      svg .bar.fault { fill: #f43f5e; fill-opacity: .35; stroke: #be123c; }
      svg .bar.status-failed { fill: var(--bad); }
      svg .bar.status-unfinished, svg .bar.status-not-recovered { stroke: #1f2328; stroke-dasharray: 3 2; }
      svg .bar.pause { fill-opacity: .3; }
      svg .marker { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 4 3; }
      svg .point { stroke: #fff; stroke-width: 1; }
      svg .point.met-yes { fill: var(--ok); }
      svg .point.met-no { fill: var(--bad); }
      svg .point.met-unknown { fill: #8c959f; }
      .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--muted); font-size: 12px; margin: 6px 0 0; padding: 0; list-style: none; }
      .swatch { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
      footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
      """;

  private static final String LEGEND = """
      <ul class="legend">
      <li><span class="swatch" style="background:#3b82f6"></span>hypothesis probe</li>
      <li><span class="swatch" style="background:#f59e0b"></span>method</li>
      <li><span class="swatch" style="background:#8b5cf6"></span>rollback</li>
      <li><span class="swatch" style="background:#14b8a6"></span>safeguard</li>
      <li><span class="swatch" style="background:#c62828"></span>failed</li>
      <li><span class="swatch" style="background:#f59e0b;opacity:.3"></span>pause (lighter)</li>
      <li><span class="swatch" style="background:#fbc4cf;border:1px solid #be123c"></span>fault active</li>
      <li><span class="swatch" style="background:#1a7f37;border-radius:50%"></span>probe value within tolerance</li>
      <li><span class="swatch" style="background:#c62828;border-radius:50%"></span>out of tolerance</li>
      </ul>
      """;

  /** Renders the whole page. */
  public String render(JournalReport report) {
    RunSummary summary = report.summary();
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Faultline report: ").append(escape(summary.title())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    verdict(html, report);
    summary(html, report);
    hypothesis(html, report);
    timeline(html, report);
    report.response().ifPresent(r -> response(html, r));
    activities(html, report);
    html.append("<footer>Rendered by Faultline from ").append(escape(report.origin())).append(".</footer>\n")
        .append("</body>\n</html>\n");
    return html.toString();
  }

  private static void verdict(StringBuilder html, JournalReport report) {
    Verdict verdict = report.verdict();
    html.append("<header class=\"verdict outcome-").append(HtmlText.cssToken(verdict.outcome().name()))
        .append("\">\n<div class=\"label\">Verdict · ").append(escape(report.summary().title()))
        .append("</div>\n");
    // a long error reads better under a short headline than inside it
    String suffix = verdict.firstError() == null ? null : ": " + verdict.firstError();
    if (suffix != null && verdict.text().endsWith(suffix)) {
      String headline = verdict.text().substring(0, verdict.text().length() - suffix.length());
      html.append("<h1>").append(escape(headline)).append("</h1>\n<p class=\"verdict-detail\">")
          .append(escape(verdict.firstError())).append("</p>\n");
    } else {
      html.append("<h1>").append(escape(verdict.text())).append("</h1>\n");
    }
    html.append("</header>\n");
  }

  private static void summary(StringBuilder html, JournalReport report) {
    RunSummary s = report.summary();
    html.append("<section>\n<h2>Summary</h2>\n<dl class=\"summary\">\n");
    item(html, "Experiment", s.title());
    item(html, "Description", s.description());
    item(html, "Tags", s.tags().isEmpty() ? null : String.join(", ", s.tags()));
    item(html, "Started", s.start());
    item(html, "Ended", s.end());
    item(html, "Duration", DurationFormat.millis(s.durationSeconds() * 1000));
    item(html, "Status", s.status());
    item(html, "Deviated", s.deviated() ? "yes" : "no");
    item(html, "Hypothesis strategy", SummaryText.strategy(s.hypothesisStrategy()));
    item(html, "Rollback strategy", SummaryText.strategy(s.rollbackStrategy()));
    item(html, "Node", s.node());
    item(html, "Platform", s.platform());
    item(html, "Engine", SummaryText.engine(s));
    item(html, "Engine verdict", SummaryText.engineVerdict(s, report.verdict()));
    item(html, "First error", SummaryText.extraError(report.verdict()));
    item(html, "Journal", report.origin());
    html.append("</dl>\n");
    if (!s.warnings().isEmpty()) {
      html.append("<div class=\"warnings\"><strong>Warnings</strong>\n<ul>\n");
      for (String warning : s.warnings()) {
        html.append("<li>").append(escape(warning)).append("</li>\n");
      }
      html.append("</ul></div>\n");
    }
    html.append("</section>\n");
  }

  private static void item(StringBuilder html, String term, String value) {
    if (value != null && !value.isBlank()) {
      html.append("<dt>").append(term).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }
  }

  private static void hypothesis(StringBuilder html, JournalReport report) {
    html.append("<section>\n<h2>Steady-state hypothesis</h2>\n");
    if (report.hypothesisTitle() == null) {
      html.append("<p class=\"muted\">The experiment declares no steady-state hypothesis.</p>\n</section>\n");
      return;
    }
    html.append("<p>").append(escape(report.hypothesisTitle())).append("</p>\n");
    html.append("<table class=\"hypothesis\">\n<thead><tr><th>Probe</th><th>Tolerance</th>")
        .append("<th>Before</th><th>Met before</th><th>After</th><th>Met after</th></tr></thead>\n<tbody>\n");
    for (HypothesisRow row : report.hypothesisRows()) {
      html.append("<tr><td>").append(escape(row.probeName())).append("</td><td class=\"value\">")
          .append(escape(row.toleranceText())).append("</td>");
      valueCells(html, row.beforeValue(), row.beforeMet());
      valueCells(html, row.afterValue(), row.afterMet());
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static void valueCells(StringBuilder html, String value, Boolean met) {
    if (value == null) {
      html.append("<td class=\"muted\">not run</td><td class=\"met-unknown\">—</td>");
      return;
    }
    html.append("<td class=\"value\">").append(escape(value)).append("</td>");
    if (met == null) {
      html.append("<td class=\"met-unknown\">not checked</td>");
    } else {
      html.append(met ? "<td class=\"met-yes\">✔ met</td>" : "<td class=\"met-no\">✘ not met</td>");
    }
  }

  private static void timeline(StringBuilder html, JournalReport report) {
    html.append("<section>\n<h2>Timeline</h2>\n")
        .append("<p class=\"muted\">Seconds since the run started. One row per activity; ")
        .append("below, one chart per probe with a numeric value.</p>\n")
        .append(new SvgTimelineChart(report).render())
        .append(LEGEND)
        .append("</section>\n");
  }

  private static void response(StringBuilder html, ResponseSection r) {
    html.append("<section>\n<h2>Response</h2>\n<p").append(r.monitoringGap() ? " class=\"met-no\"><strong>Monitoring gap:</strong> " : ">")
        .append(escape(r.verdict())).append("</p>\n<table class=\"response\">\n<thead><tr><th>Milestone</th>")
        .append("<th>Time (UTC)</th><th>After the fault</th><th>Detail</th></tr></thead>\n<tbody>\n");
    for (ResponseSection.Milestone m : r.milestones()) {
      html.append(m.missing() ? "<tr class=\"muted\">" : "<tr>").append("<td>").append(escape(m.label()))
          .append("</td><td>").append(m.missing() ? "—" : escape(m.at())).append("</td><td>")
          .append(escape(m.offset())).append("</td><td>").append(escape(m.detail())).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static void activities(StringBuilder html, JournalReport report) {
    List<ActivityRow> rows = report.activityRows();
    html.append("<section>\n<h2>Activities</h2>\n");
    if (rows.isEmpty()) {
      html.append("<p class=\"muted\">No activity ran.</p>\n</section>\n");
      return;
    }
    html.append("<table class=\"activities\">\n<thead><tr><th>#</th><th>Phase</th><th>Activity</th>")
        .append("<th>Type</th><th>Provider</th><th>Start</th><th>Duration</th><th>Outcome</th>")
        .append("<th>Error</th></tr></thead>\n<tbody>\n");
    int number = 1;
    for (ActivityRow row : rows) {
      html.append(row.failed() ? "<tr class=\"failed\">" : "<tr>")
          .append("<td class=\"num\">").append(number++).append("</td>")
          .append("<td>").append(escape(row.phase())).append("</td>")
          .append("<td>").append(escape(row.name())).append("</td>")
          .append("<td>").append(escape(row.activityType())).append("</td>")
          .append("<td>").append(escape(row.providerType())).append("</td>")
          .append("<td class=\"num\">").append(DurationFormat.offset(row.startOffsetMs())).append("</td>")
          .append("<td class=\"num\">").append(DurationFormat.millis(row.durationMs())).append("</td>")
          .append(SummaryText.bad(row) ? "<td class=\"met-no\">" : "<td>")
          .append(escape(SummaryText.outcome(row))).append("</td>")
          .append("<td class=\"error\">").append(escape(ValueText.abbreviate(row.errorMessage(), 300)))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }
}
