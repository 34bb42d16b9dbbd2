package dev.faultline.server.response;

import dev.faultline.server.Json;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.FaultStore.FaultRecord;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.signal.InboundSignal;
import dev.faultline.server.signal.SignalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Measures runs' responses from the stored runs, faults, events and inbound signals. */
public final class ResponseService {
  /** The most signals read for one run's window. */
  static final int MAX_SIGNALS_PER_RUN = 10_000;
  /** The most recent runs looked at for a service's trends. */
  static final int TREND_SCAN = 500;
  /** How {@link RunFacts#injectedBy()} begins when no fault was recorded. */
  static final String METHOD_STARTED = "method started";
  private final RunStore runs;
  private final FaultStore faults;
  private final SignalStore signals;
  private final ResponseSettings settings;

  public ResponseService(RunStore runs, FaultStore faults, SignalStore signals, ResponseSettings settings) {
    this.runs = runs;
    this.faults = faults;
    this.signals = signals;
    this.settings = settings;
  }

  public ResponseSettings settings() {
    return settings;
  }

  /** The response of one run; empty when there is no such run. */
  public Optional<RunResponse> of(String runId) {
    return runs.find(runId).map(this::of);
  }

  RunResponse of(RunRecord r) {
    RunFacts f = facts(r);
    long now = System.currentTimeMillis();
    Correlator.RunWindow w = RunResponse.window(f, settings.horizonMs(), now);
    List<InboundSignal> matched = List.of();
    if (w != null) {
      List<InboundSignal> inWindow = signals.between(w.fromMs(), w.toMs(), MAX_SIGNALS_PER_RUN);
      matched = Correlator.correlate(List.of(w), inWindow).getOrDefault(r.id(), List.of());
    }
    return RunResponse.of(f, matched, settings.horizonMs(), now);
  }

  /**
   * The stored journal of a run with its response under {@code faultline.response} (Chaos Toolkit
   * ignores the key): milestones arrive after the journal was written, so they are added when it
   * is read. A journal that cannot be read is returned unchanged.
   */
  @SuppressWarnings("unchecked")
  public String withResponse(String runId, String journalJson) {
    Optional<RunRecord> r = runs.find(runId);
    if (r.isEmpty()) {
      return journalJson;
    }
    try {
      Map<String, Object> journal = Json.readMap(journalJson);
      Object existing = journal.get("faultline");
      Map<String, Object> faultline = existing instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
          : new LinkedHashMap<>();
      Map<String, Object> response = ResponseJson.toMap(of(r.get()));
      response.remove("signals");
      faultline.put("response", response);
      journal.put("faultline", faultline);
      return Json.writeIndented(journal);
    } catch (IllegalArgumentException unreadable) {
      return journalJson;
    }
  }

  /** The responses of the last {@code limit} ended runs tagged {@code service:<name>}, newest first. */
  public List<RunResponse> ofService(String service, int limit) {
    List<RunResponse> out = new ArrayList<>();
    for (RunRecord r : runs.list(new RunStore.Filter(null, null, null, TREND_SCAN))) {
      if (out.size() >= limit) {
        break;
      }
      if (RunStore.LIVE_STATUSES.contains(r.status())) {
        continue;
      }
      Map<String, String> submission = runs.submission(r.id()).orElse(Map.of());
      RunProfile p = RunProfile.of(submission.get("source"), submission.get("syntax"));
      if (p.services().contains(service)) {
        out.add(of(r));
      }
    }
    return out;
  }

  /** What the run's records say: fault times, the steady state's return, probe values. */
  RunFacts facts(RunRecord r) {
    Map<String, String> submission = runs.submission(r.id()).orElse(Map.of());
    RunProfile profile = RunProfile.of(submission.get("source"), submission.get("syntax"));
    Long injected = null;
    String injectedBy = null;
    Long reverted = null;
    for (FaultRecord fr : faults.ofRun(r.id())) {
      if (fr.appliedMs() != null && (injected == null || fr.appliedMs() < injected)) {
        injected = fr.appliedMs();
        injectedBy = fr.fault() + (fr.description() == null ? "" : " (" + fr.description() + ")");
      }
      if (fr.revertedMs() != null && (reverted == null || fr.revertedMs() > reverted)) {
        reverted = fr.revertedMs();
      }
    }
    Long methodStarted = null;
    Long rollbacksEnded = null;
    List<long[]> checks = new ArrayList<>();
    List<Map<String, Object>> probes = new ArrayList<>();
    for (RunStore.StoredEvent e : runs.events(r.id(), 0)) {
      Map<String, Object> body;
      try {
        body = Json.readMap(e.body());
      } catch (IllegalArgumentException bad) {
        continue;
      }
      Long at = time(body.get("time"));
      if (at == null) {
        continue;
      }
      Map<?, ?> attributes = body.get("attributes") instanceof Map<?, ?> m ? m : Map.of();
      switch (e.kind()) {
        case "method_started" -> methodStarted = methodStarted == null ? at : methodStarted;
        case "rollbacks_ended" -> rollbacksEnded = at;
        case "hypothesis_ended" -> {
          checks.add(new long[] {at, Boolean.TRUE.equals(attributes.get("steady_state_met")) ? 1 : 0});
          probes.add(probe(at, e.kind(), body.get("subject"), attributes));
        }
        case "probe_value" -> probes.add(probe(at, e.kind(), body.get("subject"), attributes));
        default -> { }
      }
    }
    if (injected == null && methodStarted != null) {
      injected = methodStarted;
      injectedBy = METHOD_STARTED + " (no fault was recorded; the method's actions are taken as the fault)";
      reverted = rollbacksEnded;
    }
    Long steadyBack = steadyBack(checks, injected);
    return new RunFacts(r.id(), r.title(), r.status(), r.deviated(), r.verdict(), r.startedMs(), r.endedMs(),
        injected, injectedBy, reverted, steadyBack, probes, profile);
  }

  /**
   * The first steady-state check that held after the last one that failed since the injection;
   * when none failed, the first that held after the injection (the steady state was kept).
   */
  static Long steadyBack(List<long[]> checks, Long injected) {
    if (injected == null) {
      return null;
    }
    Long lastFailed = null;
    for (long[] c : checks) {
      if (c[0] >= injected && c[1] == 0) {
        lastFailed = c[0];
      }
    }
    long after = lastFailed != null ? lastFailed : injected;
    for (long[] c : checks) {
      if (c[1] == 1 && c[0] >= after && (lastFailed == null || c[0] > lastFailed)) {
        return c[0];
      }
    }
    return null;
  }

  private static Map<String, Object> probe(long at, String kind, Object subject, Map<?, ?> attributes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.ofEpochMilli(at).toString());
    m.put("event", kind);
    m.put("subject", subject);
    attributes.forEach((k, v) -> m.put(String.valueOf(k), v));
    return m;
  }

  private static Long time(Object v) {
    if (!(v instanceof String s)) {
      return null;
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
