package dev.faultline.server.response;

import dev.faultline.engine.validate.ResponseExpectations;
import dev.faultline.server.signal.InboundSignal;
import dev.faultline.server.signal.InboundSignal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's measured response: its milestones, the durations between them, and whether monitoring
 * met the experiment's expectations.
 *
 * @param facts what the run recorded
 * @param windowFromMs the start of the correlation window (null when no fault was injected)
 * @param windowToMs its end: the last revert plus the horizon
 * @param windowOpen whether signals may still arrive for it
 * @param milestones every milestone in {@link Milestone#ORDER}, missing ones included
 * @param durations time_to_detect_ms, time_to_notify_ms, time_to_acknowledge_ms, time_to_recover_ms,
 *     time_to_all_clear_ms; null when a milestone is missing
 * @param expectations each expectation's outcome: met, late, missing or pending
 * @param detected whether any alert fired in the window
 * @param monitoringGap whether the fault went undetected (an expected alert missing, or with no
 *     expectations no alert at all once the window closed), whatever the steady state did
 * @param verdict one line for people
 * @param signals the matched signals, oldest first
 */
public record RunResponse(RunFacts facts, Long windowFromMs, Long windowToMs, boolean windowOpen,
    List<Milestone> milestones, Map<String, Long> durations, List<Map<String, Object>> expectations,
    boolean detected, boolean monitoringGap, String verdict, List<InboundSignal> signals) {

  /** Allowance for clocks: a signal this much before the injection still counts (payload clocks differ). */
  public static final long SKEW_ALLOWANCE_MS = 1000;

  /** The correlation window of a run, or null when nothing was injected. */
  public static Correlator.RunWindow window(RunFacts f, long horizonMs, long nowMs) {
    if (f.injectedMs() == null) {
      return null;
    }
    long end = f.revertedMs() != null ? f.revertedMs() : f.endedMs() != null ? f.endedMs() : nowMs;
    return new Correlator.RunWindow(f.runId(), f.profile().services(), f.profile().teams(),
        f.injectedMs() - SKEW_ALLOWANCE_MS, end + horizonMs);
  }

  /** Builds the response of {@code f} from its matched signals (oldest first). */
  public static RunResponse of(RunFacts f, List<InboundSignal> matched, long horizonMs, long nowMs) {
    Correlator.RunWindow w = window(f, horizonMs, nowMs);
    boolean open = w != null && (nowMs <= w.toMs() || f.endedMs() == null);
    Long injected = f.injectedMs();
    InboundSignal firing = first(matched, Kind.ALERT_FIRING, null);
    InboundSignal notified = first(matched, Kind.NOTIFIED, Kind.INCIDENT_TRIGGERED);
    InboundSignal acked = first(matched, Kind.INCIDENT_ACKNOWLEDGED, null);
    InboundSignal escalated = first(matched, Kind.INCIDENT_ESCALATED, null);
    AllClear clear = allClear(matched);
    List<Milestone> ms = new ArrayList<>();
    ms.add(milestone("fault_injected", injected, injected, f.injectedBy()));
    ms.add(milestone("alert_firing", at(firing), injected, describe(firing)));
    ms.add(milestone("notified", at(notified), injected, describe(notified)));
    ms.add(milestone("acknowledged", at(acked), injected, describe(acked)));
    ms.add(milestone("escalated", at(escalated), injected, describe(escalated)));
    ms.add(milestone("fault_reverted", f.revertedMs(), injected, f.revertedMs() == null ? null
        : f.injectedBy() != null && f.injectedBy().startsWith(ResponseService.METHOD_STARTED) ? "rollbacks ended"
        : "last fault reverted"));
    ms.add(milestone("steady_state_back", f.steadyBackMs(), injected,
        f.steadyBackMs() == null ? null : Boolean.TRUE.equals(f.deviated())
            ? "steady-state hypothesis held again after deviating" : "steady-state hypothesis held (first check after the injection)"));
    ms.add(milestone("all_clear", clear.atMs(), injected, clear.detail()));
    Map<String, Long> d = new LinkedHashMap<>();
    d.put("time_to_detect_ms", between(injected, at(firing)));
    d.put("time_to_notify_ms", between(injected, at(notified)));
    d.put("time_to_acknowledge_ms", between(at(notified), at(acked)));
    d.put("time_to_recover_ms", between(injected, f.steadyBackMs()));
    d.put("time_to_all_clear_ms", between(f.revertedMs(), clear.atMs()));

    List<Map<String, Object>> outcomes = new ArrayList<>();
    boolean missingExpected = false;
    ResponseExpectations exp = f.profile().expectations();
    for (ResponseExpectations.ExpectedAlert a : exp.alerts()) {
      InboundSignal s = firstNamed(matched, a.name());
      String outcome = outcome(injected, at(s), a.within(), nowMs, open);
      missingExpected |= outcome.equals("missing");
      outcomes.add(expectation("alert " + a.name(), a.within(), outcome, between(injected, at(s))));
    }
    if (exp.pageWithin() != null) {
      String outcome = outcome(injected, at(notified), exp.pageWithin(), nowMs, open);
      outcomes.add(expectation("page", exp.pageWithin(), outcome, d.get("time_to_notify_ms")));
    }
    boolean detected = firing != null;
    boolean gap = injected != null && (missingExpected || (exp.alerts().isEmpty() && !detected && !open));
    String verdict = verdict(f, injected, detected, gap, open, d.get("time_to_detect_ms"), outcomes);
    return new RunResponse(f, w == null ? null : w.fromMs(), w == null ? null : w.toMs(), open, ms, d, outcomes,
        detected, gap, verdict, matched);
  }

  private static String verdict(RunFacts f, Long injected, boolean detected, boolean gap, boolean open, Long ttd,
      List<Map<String, Object>> outcomes) {
    if (injected == null) {
      return "no fault was injected; there is no response to measure";
    }
    StringBuilder b = new StringBuilder();
    if (gap) {
      b.append("MONITORING GAP: ");
      b.append(detected ? "an expected alert did not fire" : "no alert fired for the fault");
      if (Boolean.FALSE.equals(f.deviated())) {
        b.append(", although the steady state held (the fault was real; monitoring did not see it)");
      }
    } else if (detected) {
      b.append("monitoring detected the fault ").append(ttd).append(" ms after injection");
    } else if (open) {
      b.append("no alert yet; waiting for signals until the window closes");
    } else {
      b.append("no alert fired");
    }
    for (Map<String, Object> o : outcomes) {
      b.append("; ").append(o.get("expectation")).append(" within ").append(o.get("within")).append(": ")
          .append(o.get("outcome"));
    }
    return b.toString();
  }

  private static Map<String, Object> expectation(String what, Duration within, String outcome, Long actualMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("expectation", what);
    m.put("within", within.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    m.put("within_ms", within.toMillis());
    m.put("outcome", outcome);
    m.put("actual_ms", actualMs);
    return m;
  }

  /** met, late, missing, or pending while it may still happen in time. */
  private static String outcome(Long injected, Long at, Duration within, long nowMs, boolean open) {
    if (injected == null) {
      return "missing";
    }
    if (at != null) {
      return at - injected <= within.toMillis() ? "met" : "late";
    }
    return nowMs <= injected + within.toMillis() && open ? "pending" : "missing";
  }

  /** When every alert and incident that opened had closed again, or missing while one is still open. */
  private record AllClear(Long atMs, String detail) {}

  private static AllClear allClear(List<InboundSignal> matched) {
    Map<String, Long> open = new HashMap<>();
    Long last = null;
    String lastName = null;
    for (InboundSignal s : matched) {
      String key = s.source() + "\u0000" + s.key();
      long at = s.occurredAt().toEpochMilli();
      if (s.kind().opens()) {
        open.putIfAbsent(key, at);
      } else if (s.kind().closes() && open.containsKey(key) && at >= open.get(key)) {
        open.put(key, null);
        if (last == null || at > last) {
          last = at;
          lastName = s.source() + " " + s.name() + " resolved";
        }
      }
    }
    if (open.isEmpty() || open.values().stream().anyMatch(v -> v != null)) {
      return new AllClear(null, open.isEmpty() ? null : "still open: "
          + open.entrySet().stream().filter(e -> e.getValue() != null).count() + " alert(s)/incident(s)");
    }
    return new AllClear(last, lastName);
  }

  private static Milestone milestone(String name, Long atMs, Long injectedMs, String detail) {
    return new Milestone(name, atMs == null ? null : Instant.ofEpochMilli(atMs), between(injectedMs, atMs), detail);
  }

  private static Long between(Long fromMs, Long toMs) {
    return fromMs == null || toMs == null ? null : toMs - fromMs;
  }

  private static Long at(InboundSignal s) {
    return s == null ? null : s.occurredAt().toEpochMilli();
  }

  private static String describe(InboundSignal s) {
    return s == null ? null : s.source() + " " + s.name() + " (" + s.kind().name().toLowerCase(java.util.Locale.ROOT)
        + ")";
  }

  private static InboundSignal first(List<InboundSignal> signals, Kind kind, Kind orKind) {
    InboundSignal best = null;
    for (InboundSignal s : signals) {
      if ((s.kind() == kind || s.kind() == orKind) && (best == null || s.occurredAt().isBefore(best.occurredAt()))) {
        best = s;
      }
    }
    return best;
  }

  private static InboundSignal firstNamed(List<InboundSignal> signals, String name) {
    InboundSignal best = null;
    for (InboundSignal s : signals) {
      if (s.kind() == Kind.ALERT_FIRING && s.name().equals(name)
          && (best == null || s.occurredAt().isBefore(best.occurredAt()))) {
        best = s;
      }
    }
    return best;
  }
}
