package dev.faultline.server.continuous;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What scheduled chaos may do at each level (docs/continuous.md has the same table):
 * 0 kill processes or instances; 1 + network faults; 2 + resources and clock; 3 + zone or region loss.
 * A fault type's level is the least service level that allows it; a fault this table does not
 * know needs level 3, so a new fault type is never allowed by accident.
 */
public final class Levels {
  public static final int MIN = 0;
  public static final int MAX = 3;
  private static final Map<String, Integer> EXACT = new LinkedHashMap<>();
  private static final Map<String, Integer> PREFIXES = new LinkedHashMap<>();

  static {
    EXACT.put("host-kill", 0);
    EXACT.put("host-pause", 0);
    EXACT.put("kill-instance", 0);
    EXACT.put("host-blackhole", 1);
    EXACT.put("host-loss", 1);
    EXACT.put("host-latency", 1);
    EXACT.put("host-bandwidth", 1);
    EXACT.put("host-dns", 1);
    EXACT.put("host-partition", 1);
    PREFIXES.put("proxy-", 1);
    EXACT.put("host-cpu", 2);
    EXACT.put("host-memory", 2);
    EXACT.put("host-disk", 2);
    EXACT.put("host-io", 2);
    EXACT.put("host-forkbomb", 2);
    EXACT.put("file-move", 2);
    EXACT.put("jvm", 2);
    PREFIXES.put("clock-", 2);
    PREFIXES.put("zone-", 3);
    PREFIXES.put("region-", 3);
  }

  private Levels() {}

  /** The least service level that allows fault type {@code fault}. */
  public static int of(String fault) {
    Integer exact = EXACT.get(fault);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Integer> p : PREFIXES.entrySet()) {
      if (fault.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    return MAX;
  }

  /** One row of the level table per known fault type or prefix ({@code proxy-*}). */
  public static List<Map.Entry<String, Integer>> table() {
    Map<String, Integer> all = new LinkedHashMap<>(EXACT);
    PREFIXES.forEach((k, v) -> all.put(k + "*", v));
    return List.copyOf(all.entrySet());
  }
}
