package dev.faultline.core.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies document value trees defensively while keeping key order and null values. */
final class Values {
  private Values() {}

  static Map<String, Object> unmodifiableMap(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
