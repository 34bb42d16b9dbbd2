package dev.faultline.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One moment of the run, as listed in a text timeline.
 *
 * @param kind the event kind in the journal's spelling, e.g. {@code activity_ended}
 * @param subject what it happened to: an activity, a fault, the hypothesis title
 * @param offsetMs when, in milliseconds since the run started
 * @param attributes details as short text (values are abbreviated JSON), in journal order
 */
public record TimelineEvent(String kind, String subject, double offsetMs,
    Map<String, String> attributes) {
  public TimelineEvent {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
