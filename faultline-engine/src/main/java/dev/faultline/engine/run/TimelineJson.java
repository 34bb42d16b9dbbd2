package dev.faultline.engine.run;

import dev.faultline.core.event.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The journal's {@code timeline}: one object per event with wall time and monotonic offset. */
final class TimelineJson {
  private TimelineJson() {}

  static List<Map<String, Object>> of(List<RunEvent> events) {
    List<Map<String, Object>> out = new ArrayList<>(events.size());
    for (RunEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
      m.put("subject", e.subject());
      m.put("time", JournalTime.format(e.wallTime()));
      m.put("offset_ms", e.monotonicNanos() / 1e6);
      m.put("attributes", e.attributes());
      out.add(m);
    }
    return out;
  }
}
