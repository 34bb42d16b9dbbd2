package dev.faultline.core.fault;

import dev.faultline.core.time.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, checked access to the arguments an experiment file or CLI gives a fault. Each accessor
 * records a problem instead of throwing, so {@link #finish()} can report every bad argument at
 * once; strings stop here and typed values travel on.
 */
public final class FaultArguments {
  private final String faultName;
  private final Map<String, Object> raw;
  private final Set<String> read = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  public FaultArguments(String faultName, Map<String, Object> raw) {
    this.faultName = faultName;
    this.raw = new LinkedHashMap<>(raw);
  }

  /** A required string. */
  public String string(String name) {
    Object v = take(name, true);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      problems.add(name + ": expected a non-empty string, got " + describe(v));
      return null;
    }
    return s;
  }

  /** An optional string, or {@code fallback}. */
  public String optionalString(String name, String fallback) {
    return raw.containsKey(name) ? string(name) : mark(name, fallback);
  }

  /** A required integer within {@code [min, max]}. */
  public long integer(String name, long min, long max) {
    Object v = take(name, true);
    if (v == null) {
      return min;
    }
    Long n = asLong(v);
    if (n == null) {
      problems.add(name + ": expected an integer between " + min + " and " + max + ", got " + describe(v));
      return min;
    }
    if (n < min || n > max) {
      problems.add(name + ": " + n + " is out of range; allowed " + min + " to " + max);
      return min;
    }
    return n;
  }

  /** An optional integer within {@code [min, max]}, or {@code fallback}. */
  public long optionalInteger(String name, long min, long max, long fallback) {
    return raw.containsKey(name) ? integer(name, min, max) : mark(name, fallback);
  }

  /** A required number within {@code [min, max]}. */
  public double number(String name, double min, double max) {
    Object v = take(name, true);
    if (v == null) {
      return min;
    }
    if (!(v instanceof Number n)) {
      problems.add(name + ": expected a number between " + min + " and " + max + ", got " + describe(v));
      return min;
    }
    double d = n.doubleValue();
    if (d < min || d > max || Double.isNaN(d)) {
      problems.add(name + ": " + d + " is out of range; allowed " + min + " to " + max);
      return min;
    }
    return d;
  }

  /** An optional number within {@code [min, max]}, or {@code fallback}. */
  public double optionalNumber(String name, double min, double max, double fallback) {
    return raw.containsKey(name) ? number(name, min, max) : mark(name, fallback);
  }

  /** A required boolean. */
  public boolean bool(String name) {
    Object v = take(name, true);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v != null) {
      problems.add(name + ": expected true or false, got " + describe(v));
    }
    return false;
  }

  /** An optional boolean, or {@code fallback}. */
  public boolean optionalBool(String name, boolean fallback) {
    return raw.containsKey(name) ? bool(name) : mark(name, fallback);
  }

  /** A required duration ({@code 500ms}, {@code 30s}, {@code PT2M}, or seconds as a number) within bounds. */
  public Duration duration(String name, Duration min, Duration max) {
    Object v = take(name, true);
    if (v == null) {
      return min;
    }
    Duration d;
    try {
      d = DurationText.ofValue(v);
    } catch (IllegalArgumentException e) {
      problems.add(name + ": " + e.getMessage());
      return min;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(name + ": " + DurationText.format(d) + " is out of range; allowed "
          + DurationText.format(min) + " to " + DurationText.format(max));
      return min;
    }
    return d;
  }

  /** A required filesystem path. */
  public Path path(String name) {
    String s = string(name);
    return s == null ? Path.of(".") : Path.of(s);
  }

  /** Records a problem found by the fault itself (cross-parameter checks). */
  public void problem(String message) {
    problems.add(message);
  }

  /**
   * Ends reading: any unknown key or recorded problem raises one exception listing all of them.
   */
  public void finish() throws InvalidFaultArgumentsException {
    for (String key : raw.keySet()) {
      if (!read.contains(key)) {
        problems.add(key + ": unknown parameter; known: " + String.join(", ", read));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidFaultArgumentsException(faultName, problems);
    }
  }

  private Object take(String name, boolean required) {
    read.add(name);
    Object v = raw.get(name);
    if (v == null && required) {
      problems.add(name + ": required parameter is missing");
    }
    return v;
  }

  private <T> T mark(String name, T fallback) {
    read.add(name);
    return fallback;
  }

  private static Long asLong(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    return null;
  }

  private static String describe(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }
}
