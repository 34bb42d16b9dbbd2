package dev.faultline.server.response;

import dev.faultline.server.signal.InboundSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches signals to runs: a signal belongs to a run when one of its labels names the run
 * ({@code faultline_run}), one of the run's services ({@code service}) or teams ({@code team}),
 * and it occurred inside the run's window. Label lookups are hashed, so the cost grows with the
 * signals and the runs each one names, not with signals × runs.
 */
public final class Correlator {
  /** The label that names a run outright. */
  public static final String RUN_LABEL = "faultline_run";

  private Correlator() {}

  /**
   * A run as correlation sees it.
   *
   * @param runId the run
   * @param services its services
   * @param teams its teams
   * @param fromMs the window's start: the fault's injection (less a small clock-skew allowance)
   * @param toMs the window's end: the last revert plus the horizon
   */
  public record RunWindow(String runId, Set<String> services, Set<String> teams, long fromMs, long toMs) {}

  /** Each run's matching signals in the order given; runs without any are absent. */
  public static Map<String, List<InboundSignal>> correlate(List<RunWindow> runs, List<InboundSignal> signals) {
    Map<String, List<RunWindow>> byService = new HashMap<>();
    Map<String, List<RunWindow>> byTeam = new HashMap<>();
    Map<String, RunWindow> byId = new HashMap<>();
    for (RunWindow r : runs) {
      byId.put(r.runId(), r);
      for (String s : r.services()) {
        byService.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
      }
      for (String t : r.teams()) {
        byTeam.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
      }
    }
    Map<String, List<InboundSignal>> out = new LinkedHashMap<>();
    List<RunWindow> candidates = new ArrayList<>();
    for (InboundSignal s : signals) {
      long at = s.occurredAt().toEpochMilli();
      candidates.clear();
      RunWindow named = byId.get(s.labels().get(RUN_LABEL));
      if (named != null) {
        candidates.add(named);
      }
      candidates.addAll(byService.getOrDefault(s.labels().get("service"), List.of()));
      candidates.addAll(byTeam.getOrDefault(s.labels().get("team"), List.of()));
      for (int i = 0; i < candidates.size(); i++) {
        RunWindow r = candidates.get(i);
        if (at < r.fromMs() || at > r.toMs() || seenBefore(candidates, i)) {
          continue;
        }
        out.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  private static boolean seenBefore(List<RunWindow> candidates, int i) {
    for (int j = 0; j < i; j++) {
      if (candidates.get(j) == candidates.get(i)) {
        return true;
      }
    }
    return false;
  }
}
