package dev.faultline.report;

import static dev.faultline.report.HtmlText.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the timeline as inline SVG: one row per activity with its spans, then one small chart per
 * numeric probe series, all on the same time axis (seconds since the run started). Colours come
 * from the page's CSS classes, so the SVG itself carries no style.
 */
final class SvgTimelineChart {
  private static final int WIDTH = 1000;
  private static final int LABEL_WIDTH = 230;
  private static final int RIGHT_PAD = 24;
  private static final int PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_PAD;
  private static final int AXIS_HEIGHT = 26;
  private static final int ROW_HEIGHT = 22;
  private static final int BAR_HEIGHT = 14;
  private static final int SERIES_GAP = 18;
  private static final int SERIES_HEIGHT = 96;
  private static final int SERIES_PAD = 10;
  private static final int LABEL_CHARS = 32;
  private static final double MIN_BAR_WIDTH = 2;

  private final JournalReport report;
  private final double spanMs;

  SvgTimelineChart(JournalReport report) {
    this.report = report;
    this.spanMs = report.timelineSpanMs();
  }

  String render() {
    Map<String, List<TimelineBar>> lanes = lanes(report.timelineBars());
    Map<String, List<ProbePoint>> series = series(report.probePoints());
    int barsBottom = AXIS_HEIGHT + Math.max(1, lanes.size()) * ROW_HEIGHT;
    int height = barsBottom + series.size() * (SERIES_GAP + SERIES_HEIGHT) + AXIS_HEIGHT;

    StringBuilder svg = new StringBuilder(8192);
    svg.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" preserveAspectRatio=\"xMinYMin meet\">\n")
        .append("<title>Timeline of the run: activities and probe values over time</title>\n");
    axis(svg, height);
    int row = 0;
    for (Map.Entry<String, List<TimelineBar>> lane : lanes.entrySet()) {
      lane(svg, row++, lane.getValue());
    }
    if (lanes.isEmpty()) {
      svg.append(text(LABEL_WIDTH + 8, AXIS_HEIGHT + 15, "empty-note", "No activity ran."));
    }
    markers(svg, barsBottom);
    int top = barsBottom;
    for (Map.Entry<String, List<ProbePoint>> entry : series.entrySet()) {
      seriesChart(svg, top + SERIES_GAP, entry.getKey(), entry.getValue());
      top += SERIES_GAP + SERIES_HEIGHT;
    }
    return svg.append("</svg>\n").toString();
  }

  /** Bars grouped by lane, lanes in order of their first bar. */
  private static Map<String, List<TimelineBar>> lanes(List<TimelineBar> bars) {
    Map<String, List<TimelineBar>> lanes = new LinkedHashMap<>();
    for (TimelineBar bar : bars) {
      lanes.computeIfAbsent(bar.lane(), k -> new ArrayList<>()).add(bar);
    }
    return lanes;
  }

  private static Map<String, List<ProbePoint>> series(List<ProbePoint> points) {
    Map<String, List<ProbePoint>> series = new LinkedHashMap<>();
    for (ProbePoint point : points) {
      series.computeIfAbsent(point.series(), k -> new ArrayList<>()).add(point);
    }
    return series;
  }

  private void axis(StringBuilder svg, int height) {
    for (double second : AxisTicks.seconds(spanMs / 1000)) {
      String x = num(x(second * 1000));
      svg.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(AXIS_HEIGHT - 4)
          .append("\" x2=\"").append(x).append("\" y2=\"").append(height - AXIS_HEIGHT + 4).append("\"/>\n");
      String label = DurationFormat.tickSeconds(second);
      svg.append(text(x(second * 1000), AXIS_HEIGHT - 8, "tick", label));
      svg.append(text(x(second * 1000), height - 8, "tick", label));
    }
  }

  private void lane(StringBuilder svg, int row, List<TimelineBar> bars) {
    int top = AXIS_HEIGHT + row * ROW_HEIGHT;
    TimelineBar first = bars.get(0);
    String family = HtmlText.cssToken(Phase.family(first.phase()));
    if (row % 2 == 1) {
      svg.append("<rect class=\"stripe\" x=\"0\" y=\"").append(top).append("\" width=\"").append(WIDTH)
          .append("\" height=\"").append(ROW_HEIGHT).append("\"/>\n");
    }
    svg.append("<text class=\"lane-label family-").append(family).append("\" x=\"").append(LABEL_WIDTH - 8)
        .append("\" y=\"").append(top + 15).append("\"><title>").append(escape(first.lane())).append("</title>")
        .append(escape(ValueText.abbreviate(first.name(), LABEL_CHARS))).append("</text>\n");
    for (TimelineBar bar : bars) {
      bar(svg, top, bar);
    }
  }

  private void bar(StringBuilder svg, int laneTop, TimelineBar bar) {
    double x = x(bar.startMs());
    double width = Math.max(MIN_BAR_WIDTH, x(bar.endMs()) - x);
    boolean pause = bar.kind() == TimelineBar.Kind.PAUSE;
    int y = laneTop + (ROW_HEIGHT - BAR_HEIGHT) / 2 + (pause ? 3 : 0);
    int h = pause ? BAR_HEIGHT - 6 : BAR_HEIGHT;
    String kind = bar.kind().name().toLowerCase(Locale.ROOT);
    svg.append("<rect class=\"bar ").append(kind)
        .append(" family-").append(HtmlText.cssToken(Phase.family(bar.phase())))
        .append(" status-").append(HtmlText.cssToken(bar.status()))
        .append("\" data-phase=\"").append(escape(bar.phase()))
        .append("\" x=\"").append(num(x)).append("\" y=\"").append(y)
        .append("\" width=\"").append(num(width)).append("\" height=\"").append(h).append("\" rx=\"2\">")
        .append("<title>").append(escape(bar.name())).append(" (").append(escape(bar.phase()))
        .append(pause ? ", pause" : "").append("): ").append(escape(bar.status())).append(", ")
        .append(DurationFormat.millis(bar.durationMs())).append(" from ")
        .append(DurationFormat.offset(bar.startMs())).append("</title></rect>\n");
  }

  /** Vertical lines where a safeguard fired or the run was interrupted. */
  private void markers(StringBuilder svg, int barsBottom) {
    for (TimelineEvent event : report.timelineEvents()) {
      if (!event.kind().equals("safeguard_triggered") && !event.kind().equals("interrupted")) {
        continue;
      }
      String x = num(x(event.offsetMs()));
      svg.append("<line class=\"marker\" x1=\"").append(x).append("\" y1=\"").append(AXIS_HEIGHT)
          .append("\" x2=\"").append(x).append("\" y2=\"").append(barsBottom).append("\"><title>")
          .append(escape(event.kind().replace('_', ' '))).append(": ").append(escape(event.subject()))
          .append(" at ").append(DurationFormat.offset(event.offsetMs())).append("</title></line>\n");
    }
  }

  private void seriesChart(StringBuilder svg, int top, String name, List<ProbePoint> points) {
    double min = points.stream().mapToDouble(ProbePoint::value).min().orElse(0);
    double max = points.stream().mapToDouble(ProbePoint::value).max().orElse(0);
    if (max - min < 1e-12) {
      double pad = Math.max(1, Math.abs(max) * 0.1); // a flat series sits mid-panel
      min -= pad;
      max += pad;
    }
    int bottom = top + SERIES_HEIGHT;
    svg.append("<rect class=\"series-frame\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(top)
        .append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"").append(SERIES_HEIGHT).append("\"/>\n");
    // the name sits mid-height so it clears the max and min labels at the panel's corners
    svg.append("<text class=\"series-label\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(top + SERIES_HEIGHT / 2 + 4)
        .append("\"><title>").append(escape(name)).append("</title>")
        .append(escape(ValueText.abbreviate(name, LABEL_CHARS))).append("</text>\n");
    svg.append(text(LABEL_WIDTH - 8, top + SERIES_PAD + 4, "series-bound", value(max)));
    svg.append(text(LABEL_WIDTH - 8, bottom - SERIES_PAD + 4, "series-bound", value(min)));

    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (ProbePoint point : points) {
      double px = x(point.offsetMs());
      double py = bottom - SERIES_PAD - (point.value() - min) / (max - min) * (SERIES_HEIGHT - 2 * SERIES_PAD);
      line.append(num(px)).append(',').append(num(py)).append(' ');
      String met = point.met() == null ? "unknown" : point.met() ? "yes" : "no";
      dots.append("<circle class=\"point met-").append(met).append("\" cx=\"").append(num(px))
          .append("\" cy=\"").append(num(py)).append("\" r=\"3.5\"><title>").append(escape(name))
          .append(" = ").append(value(point.value())).append(" at ").append(DurationFormat.offset(point.offsetMs()))
          .append(point.met() == null ? "" : point.met() ? " (within tolerance)" : " (out of tolerance)")
          .append("</title></circle>\n");
    }
    if (points.size() > 1) {
      svg.append("<polyline class=\"series-line\" points=\"").append(line.toString().trim()).append("\"/>\n");
    }
    svg.append(dots);
  }

  private double x(double offsetMs) {
    return LABEL_WIDTH + Math.max(0, offsetMs) / spanMs * PLOT_WIDTH;
  }

  private static String text(double x, int y, String cssClass, String content) {
    return "<text class=\"" + cssClass + "\" x=\"" + num(x) + "\" y=\"" + y + "\">" + escape(content) + "</text>\n";
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A probe value for an axis or tooltip: integers plainly, others with up to four decimals. */
  static String value(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
  }
}
