package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** Reads run entries, placing each on the run's clock. */
final class EntryReader {
  private final Instant runStart;
  /** Where the previous entry ended, for an entry whose times cannot be read. */
  private double previousEndMs;

  EntryReader(Instant runStart) {
    this.runStart = runStart;
  }

  JournalEntry read(JsonNode entry, String phase) {
    JsonNode activity = entry.path("activity");
    double durationMs = entry.path("duration").asDouble(0) * 1000;
    double startMs = offset(entry.path("start").asText(null))
        .orElseGet(() -> offset(entry.path("end").asText(null))
            .map(end -> end - durationMs)
            .orElse(previousEndMs));
    previousEndMs = startMs + durationMs;
    JsonNode met = entry.get("tolerance_met");
    return new JournalEntry(
        phase,
        textOr(activity, "name", "(unnamed)"),
        textOr(activity, "type", "activity"),
        textOr(activity.path("provider"), "type", "?"),
        activity.path("tolerance"),
        entry.path("output"),
        startMs,
        durationMs,
        textOr(entry, "status", "unknown"),
        met != null && met.isBoolean() ? met.booleanValue() : null,
        errorMessage(entry.path("exception")));
  }

  private Optional<Double> offset(String time) {
    if (runStart == null) {
      return Optional.empty();
    }
    return JournalTime.parse(time).map(at -> JournalTime.millisBetween(runStart, at));
  }

  /** The last non-blank line of the exception: Python's and Faultline's both put the message there. */
  static String errorMessage(JsonNode exception) {
    String text;
    if (exception.isArray()) {
      StringBuilder joined = new StringBuilder();
      exception.forEach(part -> joined.append(part.asText()).append('\n'));
      text = joined.toString();
    } else if (exception.isValueNode() && !exception.isNull()) {
      text = exception.asText();
    } else {
      return null;
    }
    String last = null;
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        last = line.trim();
      }
    }
    return last;
  }

  private static String textOr(JsonNode node, String field, String fallback) {
    String value = ValueText.field(node, field);
    return value == null || value.isBlank() ? fallback : value;
  }
}
