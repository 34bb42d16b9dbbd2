package dev.faultline.server.response;

import dev.faultline.server.api.Times;
import dev.faultline.server.signal.InboundSignal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's response as the API answers it (and the journal's extension carries it). */
public final class ResponseJson {
  private ResponseJson() {}

  public static Map<String, Object> toMap(RunResponse r) {
    Map<String, Object> m = new LinkedHashMap<>();
    RunFacts f = r.facts();
    m.put("run_id", f.runId());
    m.put("title", f.title());
    m.put("status", f.status());
    m.put("services", f.profile().services().stream().sorted().toList());
    m.put("teams", f.profile().teams().stream().sorted().toList());
    m.put("verdict", r.verdict());
    m.put("detected", r.detected());
    m.put("monitoring_gap", r.monitoringGap());
    m.put("steady_state_deviated", f.deviated());
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("from", Times.iso(r.windowFromMs()));
    window.put("to", Times.iso(r.windowToMs()));
    window.put("open", r.windowOpen());
    m.put("window", window);
    List<Map<String, Object>> ms = new ArrayList<>();
    for (Milestone x : r.milestones()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", x.name());
      e.put("at", x.at() == null ? null : x.at().toString());
      e.put("since_injection_ms", x.sinceInjectionMs());
      e.put("missing", x.missing());
      e.put("detail", x.detail());
      ms.add(e);
    }
    m.put("milestones", ms);
    m.put("durations", r.durations());
    m.put("expectations", r.expectations());
    List<Map<String, Object>> signals = new ArrayList<>();
    for (InboundSignal s : r.signals()) {
      signals.add(signal(s));
    }
    m.put("signals", signals);
    return m;
  }

  static Map<String, Object> signal(InboundSignal s) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("source", s.source());
    e.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
    e.put("key", s.key());
    e.put("name", s.name());
    e.put("labels", s.labels());
    e.put("occurred_at", s.occurredAt().toString());
    e.put("received_at", s.receivedAt().toString());
    return e;
  }

  /** A duration for people: 12.3 s, 2 min 5 s, or "missing". */
  public static String human(Long ms) {
    if (ms == null) {
      return "missing";
    }
    long abs = Math.abs(ms);
    String sign = ms < 0 ? "-" : "";
    if (abs < 60_000) {
      return sign + String.format(Locale.ROOT, "%.1f s", abs / 1000.0);
    }
    return sign + (abs / 60_000) + " min " + (abs % 60_000) / 1000 + " s";
  }
}
