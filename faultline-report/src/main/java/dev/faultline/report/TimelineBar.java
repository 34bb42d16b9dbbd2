package dev.faultline.report;

/**
 * A span on the timeline chart.
 *
 * @param lane the row it is drawn on; activities with the same name in the same phase family
 *     (hypothesis, method, rollback, safeguard) share a row, and a pause shares its activity's row
 * @param name the activity or fault name
 * @param phase the journal phase (hypothesis-before, method, rollback, safeguard…), or "fault"
 * @param kind what the span is
 * @param startMs start, in milliseconds since the run started
 * @param endMs end, in milliseconds since the run started
 * @param status succeeded, failed, unfinished (never ended), recovered or not recovered
 */
public record TimelineBar(String lane, String name, String phase, Kind kind, double startMs,
    double endMs, String status) {

  /** What a span on the timeline is. */
  public enum Kind {
    /** An activity running. */
    ACTIVITY,
    /** A pause before or after an activity. */
    PAUSE,
    /** A fault being active, from applied to recovered. */
    FAULT
  }

  /** How long the span lasts, in milliseconds. */
  public double durationMs() {
    return endMs - startMs;
  }
}
