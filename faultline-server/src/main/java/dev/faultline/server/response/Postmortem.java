package dev.faultline.server.response;

import java.time.Instant;
import java.util.Map;

/**
 * A blameless postmortem draft in Markdown (after the Google SRE and PagerDuty templates),
 * prefilled from the run so the team writes only the judgement: summary, impact from the probe
 * data, the timeline with the response milestones, hypothesis vs what happened, five-whys prompts
 * and action items.
 */
public final class Postmortem {
  private Postmortem() {}

  public static String markdown(RunResponse r) {
    RunFacts f = r.facts();
    StringBuilder b = new StringBuilder();
    b.append("# Postmortem (draft): ").append(text(f.title())).append("\n\n");
    b.append("- **Run:** `").append(f.runId()).append("`\n");
    b.append("- **Date:** ").append(f.startedMs() == null ? "not started" : Instant.ofEpochMilli(f.startedMs())).append('\n');
    b.append("- **Status:** Draft (blameless: name contributing factors, not people)\n");
    b.append("- **Services:** ").append(list(f.profile().services())).append("; **teams:** ")
        .append(list(f.profile().teams())).append("\n\n");

    b.append("## Summary\n\n");
    b.append("A planned chaos experiment injected ").append(f.injectedBy() == null ? "no fault" : text(f.injectedBy()))
        .append(". The run ended ").append(f.status()).append(": ").append(text(f.verdict() == null ? "no verdict yet"
            : f.verdict())).append(".\n\n");
    b.append("**Monitoring:** ").append(text(r.verdict())).append(".\n\n");
    b.append("| Measure | Value |\n|---|---|\n");
    b.append("| Time to detect (fault → first alert) | ").append(ResponseJson.human(r.durations().get("time_to_detect_ms"))).append(" |\n");
    b.append("| Time to notify (fault → first page) | ").append(ResponseJson.human(r.durations().get("time_to_notify_ms"))).append(" |\n");
    b.append("| Time to acknowledge (page → ack) | ").append(ResponseJson.human(r.durations().get("time_to_acknowledge_ms"))).append(" |\n");
    b.append("| Time to recover (fault → steady state back) | ").append(ResponseJson.human(r.durations().get("time_to_recover_ms"))).append(" |\n");
    b.append("| Time to all-clear (revert → alerts resolved) | ").append(ResponseJson.human(r.durations().get("time_to_all_clear_ms"))).append(" |\n\n");

    b.append("## Impact\n\n");
    if (f.probes().isEmpty()) {
      b.append("No steady-state probes were recorded; impact cannot be stated from the run's data.\n\n");
    } else {
      b.append("From the run's steady-state checks and probe values:\n\n| Time (UTC) | Check | Phase | Result |\n|---|---|---|---|\n");
      for (Map<String, Object> p : f.probes()) {
        b.append("| ").append(p.get("time")).append(" | ").append(cell(p.get("subject"))).append(" | ")
            .append(cell(p.get("phase"))).append(" | ").append(cell(result(p))).append(" |\n");
      }
      b.append('\n');
    }

    b.append("## Timeline\n\n| Time (UTC) | +since fault | Event | Detail |\n|---|---|---|---|\n");
    for (Milestone m : r.milestones()) {
      b.append("| ").append(m.at() == null ? "—" : m.at().toString()).append(" | ")
          .append(m.sinceInjectionMs() == null ? "—" : ResponseJson.human(m.sinceInjectionMs())).append(" | ")
          .append(m.name().replace('_', ' ')).append(m.missing() ? " (missing)" : "").append(" | ")
          .append(cell(m.detail())).append(" |\n");
    }
    b.append('\n');

    b.append("## Hypothesis vs what happened\n\n");
    b.append("- **Hypothesis:** the steady state holds while the fault is active");
    for (Map<String, Object> e : r.expectations()) {
      b.append("; ").append(e.get("expectation")).append(" fires within ").append(e.get("within"));
    }
    b.append(".\n- **What happened:** the steady state ")
        .append(f.deviated() == null ? "was not determined" : f.deviated() ? "deviated" : "held");
    for (Map<String, Object> e : r.expectations()) {
      b.append("; ").append(e.get("expectation")).append(": ").append(e.get("outcome"))
          .append(e.get("actual_ms") == null ? "" : " (" + ResponseJson.human((Long) e.get("actual_ms")) + ")");
    }
    b.append(r.monitoringGap() ? ". **Monitoring gap:** the fault was not detected in time.\n\n" : ".\n\n");

    b.append("## Contributing factors: five whys\n\n");
    String first = r.monitoringGap() ? "Why did monitoring not detect the fault?"
        : Boolean.TRUE.equals(f.deviated()) ? "Why did the steady state deviate under this fault?"
        : "Why did the system tolerate the fault (and would it tolerate a larger one)?";
    b.append("1. ").append(first).append("\n   - _answer_\n");
    for (int i = 2; i <= 5; i++) {
      b.append(i).append(". Why? (ask of the previous answer)\n   - _answer_\n");
    }
    b.append("\nThe fifth why is *a* contributing factor, not *the* cause; list the others too.\n\n");

    b.append("## How did we do?\n\n- What went well: _…_\n- What didn't go so well: _…_\n- Where we got lucky: _…_\n\n");
    b.append("## Action items\n\n| Action item | Type | Owner | Ticket |\n|---|---|---|---|\n");
    if (r.monitoringGap()) {
      b.append("| Add or fix the alert that should have fired for this fault | prevent | _…_ | _…_ |\n");
    }
    Long ttd = r.durations().get("time_to_detect_ms");
    if (ttd != null && ttd > 300_000) {
      b.append("| Shorten detection (").append(ResponseJson.human(ttd)).append(") | mitigate | _…_ | _…_ |\n");
    }
    if (r.durations().get("time_to_notify_ms") == null && r.detected()) {
      b.append("| Route the alert to a page (nobody was notified) | process | _…_ | _…_ |\n");
    }
    if (Boolean.TRUE.equals(f.deviated())) {
      b.append("| Make the service tolerate this fault | prevent | _…_ | _…_ |\n");
    }
    b.append("| _…_ | _mitigate / prevent / process_ | _…_ | _…_ |\n");
    return b.toString();
  }

  private static Object result(Map<String, Object> p) {
    if (p.containsKey("steady_state_met")) {
      return Boolean.TRUE.equals(p.get("steady_state_met")) ? "steady state met" : "steady state NOT met";
    }
    Object value = p.containsKey("value") ? p.get("value") : p.get("output");
    Object tol = p.get("tolerance_met");
    return (value == null ? "" : "value " + value) + (tol == null ? "" : Boolean.TRUE.equals(tol)
        ? " (within tolerance)" : " (OUT of tolerance)");
  }

  private static String list(java.util.Set<String> s) {
    return s.isEmpty() ? "none tagged (tag the experiment service:<name>, team:<name>)"
        : String.join(", ", s.stream().sorted().toList());
  }

  private static String cell(Object v) {
    return v == null ? "" : text(String.valueOf(v)).replace("|", "\\|");
  }

  /** Text from the run on one line, so it cannot break the Markdown structure. */
  private static String text(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
  }
}
