package dev.faultline.engine.run;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Finds the number a person would chart in a probe's output: the output itself, an http body that
 * is a number (or numeric text), or the first sample of a Prometheus query result.
 */
final class NumericValue {
  private NumericValue() {}

  static BigDecimal of(Object output) {
    if (output instanceof Boolean) {
      return null;
    }
    if (output instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (output instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (output instanceof Map<?, ?> m) {
      if (m.containsKey("body")) {
        return of(m.get("body"));
      }
      if (m.get("data") instanceof Map<?, ?> data && data.get("result") instanceof List<?> result && !result.isEmpty()
          && result.get(0) instanceof Map<?, ?> series) {
        if (series.get("value") instanceof List<?> sample && sample.size() == 2) {
          return of(sample.get(1));
        }
        if (series.get("values") instanceof List<?> samples && !samples.isEmpty()
            && samples.get(samples.size() - 1) instanceof List<?> last && last.size() == 2) {
          return of(last.get(1));
        }
      }
    }
    return null;
  }
}
