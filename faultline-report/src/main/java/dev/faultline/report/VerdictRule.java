package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Decides the {@link Verdict} from the journal's status, deviation and steady states. */
final class VerdictRule {
  private VerdictRule() {}

  /**
   * @param entries every run entry, in start order
   * @param events the timeline, in offset order (may be empty)
   */
  static Verdict decide(String status, boolean deviated, JsonNode steadyStates,
      List<JournalEntry> entries, List<TimelineEvent> events) {
    String entryError = firstEntryError(entries);
    String stopReason = firstStopReason(events);
    String endReason = runEndReason(events);
    return switch (status) {
      case "completed" -> completed(deviated, steadyStates, firstNonNull(entryError, stopReason));
      case "interrupted" -> stopped(Verdict.Outcome.INTERRUPTED, "Run interrupted",
          firstNonNull(stopReason, entryError, endReason));
      case "failed" -> stopped(Verdict.Outcome.FAILED, "Run failed",
          firstNonNull(entryError, stopReason, endReason));
      case "aborted" -> stopped(Verdict.Outcome.ABORTED, "Run aborted",
          firstNonNull(entryError, stopReason, endReason));
      default -> stopped(Verdict.Outcome.FAILED, "Run ended with status '" + status + "'",
          firstNonNull(entryError, stopReason, endReason));
    };
  }

  private static Verdict completed(boolean deviated, JsonNode steadyStates, String error) {
    if (met(steadyStates.path("before")) == Boolean.FALSE) {
      return new Verdict(Verdict.Outcome.NOT_MET_BEFORE,
          "Steady state not met before the method; method not run", error);
    }
    if (deviated) {
      return new Verdict(Verdict.Outcome.DEVIATED,
          "Deviated: the steady state did not hold after the method", error);
    }
    boolean verified = met(steadyStates.path("before")) == Boolean.TRUE
        || met(steadyStates.path("after")) == Boolean.TRUE;
    for (JsonNode during : steadyStates.path("during")) {
      verified |= met(during) == Boolean.TRUE;
    }
    return verified
        ? new Verdict(Verdict.Outcome.HELD, "Steady state held", error)
        : new Verdict(Verdict.Outcome.NOT_VERIFIED, "Steady state not verified", error);
  }

  private static Verdict stopped(Verdict.Outcome outcome, String text, String error) {
    return new Verdict(outcome, error == null ? text : text + ": " + error, error);
  }

  private static Boolean met(JsonNode state) {
    JsonNode met = state.path("steady_state_met");
    return met.isBoolean() ? met.booleanValue() : null;
  }

  private static String firstEntryError(List<JournalEntry> entries) {
    for (JournalEntry entry : entries) {
      if (entry.failed()) {
        String name = "'" + entry.name() + "'";
        return entry.errorMessage() == null ? name + " failed" : name + " raised " + entry.errorMessage();
      }
    }
    return null;
  }

  /** The first safeguard or interruption on the timeline, in words. */
  private static String firstStopReason(List<TimelineEvent> events) {
    for (TimelineEvent event : events) {
      if (event.kind().equals("safeguard_triggered")) {
        String reason = reason(event);
        String text = "safeguard '" + event.subject() + "' triggered";
        return reason == null ? text : text + ": " + reason;
      }
      if (event.kind().equals("interrupted")) {
        String reason = reason(event);
        if (event.subject().isBlank()) {
          return reason == null ? "interrupted" : reason;
        }
        return reason == null ? event.subject() : event.subject() + ": " + reason;
      }
    }
    return null;
  }

  private static String runEndReason(List<TimelineEvent> events) {
    for (TimelineEvent event : events) {
      if (event.kind().equals("run_ended")) {
        return reason(event);
      }
    }
    return null;
  }

  private static String reason(TimelineEvent event) {
    for (String key : List.of("reason", "message", "error", "signal")) {
      String value = event.attributes().get(key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String firstNonNull(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }
}
