package dev.faultline.report;

import java.util.List;

/**
 * Everything drawn against time, built once.
 *
 * @param events the moments, in offset order
 * @param bars the spans, in start order
 * @param points the numeric probe values, in offset order
 * @param spanMs the length of the time axis: the run's duration, or the last thing seen if later
 */
record Timeline(List<TimelineEvent> events, List<TimelineBar> bars, List<ProbePoint> points,
    double spanMs) {
  Timeline {
    events = List.copyOf(events);
    bars = List.copyOf(bars);
    points = List.copyOf(points);
  }
}
