package dev.faultline.server.response;

import dev.faultline.server.api.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's response over its last runs: the mean time to detect (MTTD) and to recover (MTTR,
 * fault injected → steady state back), with median and worst, since one mean hides the shape.
 */
public final class Trends {
  private Trends() {}

  public static Map<String, Object> of(String service, List<RunResponse> responses) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("runs", responses.size());
    List<Long> detect = new ArrayList<>();
    List<Long> recover = new ArrayList<>();
    int gaps = 0;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunResponse r : responses) {
      Long ttd = r.durations().get("time_to_detect_ms");
      Long ttr = r.durations().get("time_to_recover_ms");
      if (ttd != null) {
        detect.add(ttd);
      }
      if (ttr != null) {
        recover.add(ttr);
      }
      gaps += r.monitoringGap() ? 1 : 0;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run_id", r.facts().runId());
      row.put("ended", Times.iso(r.facts().endedMs()));
      row.put("time_to_detect_ms", ttd);
      row.put("time_to_recover_ms", ttr);
      row.put("time_to_all_clear_ms", r.durations().get("time_to_all_clear_ms"));
      row.put("monitoring_gap", r.monitoringGap());
      rows.add(row);
    }
    m.put("detected", detect.size());
    m.put("monitoring_gaps", gaps);
    m.put("time_to_detect", stats(detect));
    m.put("time_to_recover", stats(recover));
    m.put("history", rows);
    return m;
  }

  /** mean_ms (MTTD/MTTR), median_ms, max_ms and the count; nulls when there is nothing to average. */
  static Map<String, Object> stats(List<Long> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", values.size());
    if (values.isEmpty()) {
      m.put("mean_ms", null);
      m.put("median_ms", null);
      m.put("max_ms", null);
      return m;
    }
    List<Long> sorted = values.stream().sorted().toList();
    m.put("mean_ms", Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0)));
    m.put("median_ms", sorted.get(sorted.size() / 2));
    m.put("max_ms", sorted.get(sorted.size() - 1));
    return m;
  }
}
