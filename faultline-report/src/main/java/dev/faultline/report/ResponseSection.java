package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The response to the run's fault, when the journal carries it under {@code faultline.response}
 * (the control plane adds it: fault injected → alert firing → notified → acknowledged →
 * escalated → fault reverted → steady state back → all clear). Chaos Toolkit ignores the key.
 *
 * @param verdict whether monitoring detected the fault in time, for people
 * @param monitoringGap whether the fault went undetected
 * @param milestones every milestone, missing ones included
 */
public record ResponseSection(String verdict, boolean monitoringGap, List<Milestone> milestones) {
  public ResponseSection {
    milestones = List.copyOf(milestones);
  }

  /**
   * One milestone.
   *
   * @param name e.g. alert_firing
   * @param at the ISO-8601 time, or null when it is missing
   * @param sinceInjectionMs how long after the injection, or null
   * @param detail what it was
   */
  public record Milestone(String name, String at, Long sinceInjectionMs, String detail) {
    public boolean missing() {
      return at == null;
    }

    /** The name for people: "alert firing". */
    public String label() {
      return name.replace('_', ' ');
    }

    /** "+3.2 s" after the injection, or "missing". */
    public String offset() {
      if (at == null) {
        return "missing";
      }
      return sinceInjectionMs == null ? "" : "+" + String.format(java.util.Locale.ROOT, "%.1f s", sinceInjectionMs / 1000.0);
    }
  }

  /** Reads {@code faultline.response} of a journal, if there is one. */
  static Optional<ResponseSection> of(JsonNode faultline) {
    JsonNode r = faultline.path("response");
    if (!r.isObject()) {
      return Optional.empty();
    }
    List<Milestone> milestones = new ArrayList<>();
    for (JsonNode m : r.path("milestones")) {
      JsonNode since = m.path("since_injection_ms");
      milestones.add(new Milestone(m.path("name").asText(""), m.path("at").isTextual() ? m.path("at").asText() : null,
          since.isNumber() ? since.asLong() : null, m.path("detail").isTextual() ? m.path("detail").asText() : ""));
    }
    return Optional.of(new ResponseSection(r.path("verdict").asText(""), r.path("monitoring_gap").asBoolean(false),
        milestones));
  }
}
