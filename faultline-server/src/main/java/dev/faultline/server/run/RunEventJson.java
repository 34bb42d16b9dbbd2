package dev.faultline.server.run;

import dev.faultline.core.event.RunEvent;
import dev.faultline.server.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A run event as one JSON object, in exactly the shape {@code faultline run --json} prints. */
public final class RunEventJson {
  private RunEventJson() {}

  public static Map<String, Object> toMap(RunEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", kind(e));
    m.put("subject", e.subject());
    m.put("time", e.wallTime().toString());
    m.put("offset_ms", e.monotonicNanos() / 1e6);
    m.put("attributes", e.attributes());
    return m;
  }

  public static String kind(RunEvent e) {
    return e.kind().name().toLowerCase(Locale.ROOT);
  }

  public static String line(RunEvent e) {
    return Json.write(toMap(e));
  }
}
