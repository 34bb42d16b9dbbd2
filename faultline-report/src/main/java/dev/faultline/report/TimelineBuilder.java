package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Builds the {@link Timeline} from Faultline's {@code timeline} key when the journal has one, and
 * otherwise from the run entries' own start and end times (a plain Chaos Toolkit journal).
 */
final class TimelineBuilder {
  private static final int ATTRIBUTE_LIMIT = 200;

  /** One timeline element as read, before it becomes bars, points and text. */
  private record RawEvent(String kind, String subject, double offsetMs, JsonNode attributes) {
    String attribute(String name) {
      return ValueText.field(attributes, name);
    }
  }

  /** A span that started and has not ended yet. */
  private record Open(double startMs, String phase) {}

  private final Instant runStart;
  private final double runDurationMs;
  private final String title;

  TimelineBuilder(Instant runStart, double runDurationMs, String title) {
    this.runStart = runStart;
    this.runDurationMs = runDurationMs;
    this.title = title;
  }

  Timeline build(JsonNode timelineNode, List<JournalEntry> entries) {
    List<RawEvent> raw = readEvents(timelineNode);
    double lastSeenMs = runDurationMs;
    for (RawEvent event : raw) {
      lastSeenMs = Math.max(lastSeenMs, event.offsetMs());
    }
    for (JournalEntry entry : entries) {
      lastSeenMs = Math.max(lastSeenMs, entry.endOffsetMs());
    }

    boolean timelineHasActivities = raw.stream().anyMatch(e -> e.kind().startsWith("activity_"));
    List<TimelineBar> bars = timelineHasActivities ? barsFromEvents(raw, lastSeenMs) : barsFromEntries(entries);
    if (!timelineHasActivities) {
      bars.addAll(faultBars(raw, lastSeenMs));
    }
    bars.sort(Comparator.comparingDouble(TimelineBar::startMs));

    boolean timelineHasProbeValues = raw.stream().anyMatch(e -> e.kind().equals("probe_value"));
    List<ProbePoint> points = timelineHasProbeValues ? pointsFromEvents(raw) : pointsFromEntries(entries);
    points.sort(Comparator.comparingDouble(ProbePoint::offsetMs));

    List<TimelineEvent> events = raw.isEmpty() ? eventsFromEntries(entries) : textEvents(raw);
    for (TimelineBar bar : bars) {
      lastSeenMs = Math.max(lastSeenMs, bar.endMs());
    }
    return new Timeline(events, bars, points, lastSeenMs > 0 ? lastSeenMs : 1);
  }

  private List<RawEvent> readEvents(JsonNode timelineNode) {
    List<RawEvent> events = new ArrayList<>();
    if (timelineNode == null || !timelineNode.isArray()) {
      return events;
    }
    double previousMs = 0;
    for (JsonNode node : timelineNode) {
      if (!node.isObject()) {
        continue;
      }
      double offsetMs;
      if (node.path("offset_ms").isNumber()) {
        offsetMs = node.get("offset_ms").doubleValue();
      } else if (runStart != null) {
        final double fallbackMs = previousMs;
        offsetMs = JournalTime.parse(node.path("time").asText(null))
            .map(at -> JournalTime.millisBetween(runStart, at))
            .orElse(fallbackMs);
      } else {
        offsetMs = previousMs;
      }
      previousMs = offsetMs;
      events.add(new RawEvent(node.path("kind").asText("event"), node.path("subject").asText(""),
          offsetMs, node.path("attributes")));
    }
    events.sort(Comparator.comparingDouble(RawEvent::offsetMs));
    return events;
  }

  private List<TimelineBar> barsFromEvents(List<RawEvent> events, double endMs) {
    List<TimelineBar> bars = new ArrayList<>();
    Map<String, Deque<Open>> openActivities = new LinkedHashMap<>();
    Map<String, Deque<Open>> openPauses = new LinkedHashMap<>();
    for (RawEvent event : events) {
      String phase = event.attribute("phase");
      String activityKey = event.subject() + '\u0000' + phase;
      switch (event.kind()) {
        case "activity_started" -> openActivities.computeIfAbsent(activityKey, k -> new ArrayDeque<>())
            .addLast(new Open(event.offsetMs(), phase));
        case "activity_ended" -> {
          Open open = poll(openActivities, activityKey);
          double durationMs = event.attributes().path("duration_ms").asDouble(0);
          double startMs = open != null ? open.startMs() : event.offsetMs() - durationMs;
          String status = event.attribute("status");
          bars.add(bar(event.subject(), phase, TimelineBar.Kind.ACTIVITY, startMs, event.offsetMs(),
              status == null ? "succeeded" : status));
        }
        case "pause_started" -> openPauses.computeIfAbsent(event.subject(), k -> new ArrayDeque<>())
            .addLast(new Open(event.offsetMs(), phase));
        case "pause_ended" -> {
          Open open = poll(openPauses, event.subject());
          if (open != null) {
            bars.add(bar(event.subject(), phase != null ? phase : open.phase(), TimelineBar.Kind.PAUSE,
                open.startMs(), event.offsetMs(), "pause"));
          }
        }
        default -> { }
      }
    }
    openActivities.forEach((key, opens) -> opens.forEach(open -> bars.add(bar(
        key.substring(0, key.indexOf('\u0000')), open.phase(), TimelineBar.Kind.ACTIVITY,
        open.startMs(), endMs, "unfinished"))));
    openPauses.forEach((name, opens) -> opens.forEach(open -> bars.add(bar(
        name, open.phase(), TimelineBar.Kind.PAUSE, open.startMs(), endMs, "unfinished"))));
    bars.addAll(faultBars(events, endMs));
    return placePausesWithoutPhase(bars);
  }

  private List<TimelineBar> faultBars(List<RawEvent> events, double endMs) {
    List<TimelineBar> bars = new ArrayList<>();
    Map<String, Deque<Open>> openFaults = new LinkedHashMap<>();
    for (RawEvent event : events) {
      if (event.kind().equals("fault_applied")) {
        openFaults.computeIfAbsent(event.subject(), k -> new ArrayDeque<>())
            .addLast(new Open(event.offsetMs(), Phase.FAULT));
      } else if (event.kind().equals("fault_recovered")) {
        Open open = poll(openFaults, event.subject());
        if (open != null) {
          bars.add(bar(event.subject(), Phase.FAULT, TimelineBar.Kind.FAULT, open.startMs(),
              event.offsetMs(), "recovered"));
        }
      }
    }
    openFaults.forEach((name, opens) -> opens.forEach(open -> bars.add(bar(
        name, Phase.FAULT, TimelineBar.Kind.FAULT, open.startMs(), endMs, "not recovered"))));
    return bars;
  }

  /**
   * A pause event may not say its phase; it then goes on the row of the activity with the same
   * name that is closest in time (a pause sits right before or after its activity).
   */
  private static List<TimelineBar> placePausesWithoutPhase(List<TimelineBar> bars) {
    List<TimelineBar> placed = new ArrayList<>(bars.size());
    for (TimelineBar bar : bars) {
      if (bar.kind() != TimelineBar.Kind.PAUSE || bar.phase() != null) {
        placed.add(bar);
        continue;
      }
      TimelineBar closest = null;
      double closestGapMs = Double.MAX_VALUE;
      for (TimelineBar activity : bars) {
        if (activity.kind() == TimelineBar.Kind.ACTIVITY && activity.name().equals(bar.name())) {
          double gapMs = Math.min(Math.abs(activity.startMs() - bar.endMs()),
              Math.abs(bar.startMs() - activity.endMs()));
          if (gapMs < closestGapMs) {
            closestGapMs = gapMs;
            closest = activity;
          }
        }
      }
      String phase = closest == null ? null : closest.phase();
      placed.add(bar(bar.name(), phase, bar.kind(), bar.startMs(), bar.endMs(), bar.status()));
    }
    return placed;
  }

  private static List<TimelineBar> barsFromEntries(List<JournalEntry> entries) {
    List<TimelineBar> bars = new ArrayList<>();
    for (JournalEntry entry : entries) {
      bars.add(bar(entry.name(), entry.phase(), TimelineBar.Kind.ACTIVITY, entry.startOffsetMs(),
          entry.endOffsetMs(), entry.status()));
    }
    return bars;
  }

  private static TimelineBar bar(String name, String phase, TimelineBar.Kind kind, double startMs,
      double endMs, String status) {
    String lane = Phase.family(phase) + ": " + name;
    return new TimelineBar(lane, name, phase, kind, startMs, Math.max(startMs, endMs), status);
  }

  private static Open poll(Map<String, Deque<Open>> open, String key) {
    Deque<Open> queue = open.get(key);
    return queue == null ? null : queue.pollFirst();
  }

  private static List<ProbePoint> pointsFromEvents(List<RawEvent> events) {
    List<ProbePoint> points = new ArrayList<>();
    for (RawEvent event : events) {
      JsonNode numeric = event.attributes().path("numeric");
      if (event.kind().equals("probe_value") && numeric.isNumber()) {
        JsonNode met = event.attributes().path("tolerance_met");
        points.add(new ProbePoint(event.subject(), event.offsetMs(), numeric.doubleValue(),
            met.isBoolean() ? met.booleanValue() : null));
      }
    }
    return points;
  }

  private static List<ProbePoint> pointsFromEntries(List<JournalEntry> entries) {
    List<ProbePoint> points = new ArrayList<>();
    for (JournalEntry entry : entries) {
      if (!entry.phase().startsWith("hypothesis")) {
        continue;
      }
      OptionalDouble value = NumericValue.of(entry.output());
      if (value.isPresent()) {
        points.add(new ProbePoint(entry.name(), entry.endOffsetMs(), value.getAsDouble(),
            entry.toleranceMet()));
      }
    }
    return points;
  }

  private static List<TimelineEvent> textEvents(List<RawEvent> events) {
    List<TimelineEvent> text = new ArrayList<>();
    for (RawEvent event : events) {
      Map<String, String> attributes = new LinkedHashMap<>();
      if (event.attributes().isObject()) {
        for (Map.Entry<String, JsonNode> field : event.attributes().properties()) {
          attributes.put(field.getKey(), ValueText.abbreviated(field.getValue(), ATTRIBUTE_LIMIT));
        }
      }
      text.add(new TimelineEvent(event.kind(), event.subject(), event.offsetMs(), attributes));
    }
    return text;
  }

  /** For a journal without a timeline: the run's start and end, and each entry's. */
  private List<TimelineEvent> eventsFromEntries(List<JournalEntry> entries) {
    List<TimelineEvent> events = new ArrayList<>();
    events.add(new TimelineEvent("run_started", title, 0, Map.of()));
    for (JournalEntry entry : entries) {
      events.add(new TimelineEvent("activity_started", entry.name(), entry.startOffsetMs(),
          Map.of("phase", entry.phase())));
      Map<String, String> ended = new LinkedHashMap<>();
      ended.put("phase", entry.phase());
      ended.put("status", entry.status());
      ended.put("duration_ms", String.format(java.util.Locale.ROOT, "%.1f", entry.durationMs()));
      if (entry.toleranceMet() != null) {
        ended.put("tolerance_met", entry.toleranceMet().toString());
      }
      events.add(new TimelineEvent("activity_ended", entry.name(), entry.endOffsetMs(), ended));
    }
    events.add(new TimelineEvent("run_ended", title, runDurationMs, Map.of()));
    // stable: an entry's start stays before its end when both share an offset
    events.sort(Comparator.comparingDouble(TimelineEvent::offsetMs));
    return events;
  }
}
