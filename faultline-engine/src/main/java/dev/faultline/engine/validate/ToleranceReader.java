package dev.faultline.engine.validate;

import dev.faultline.core.experiment.Activity;
import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.engine.tolerance.ToleranceEvaluator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Reads a {@code tolerance} value into its typed form, with Chaos Toolkit's validation rules. */
final class ToleranceReader {
  private final Problems problems;
  private final BiFunction<Object, String, Activity> probeReader;

  /**
   * @param probeReader reads a probe-tolerance's activity (value, path)
   */
  ToleranceReader(Problems problems, BiFunction<Object, String, Activity> probeReader) {
    this.problems = problems;
    this.probeReader = probeReader;
  }

  Tolerance read(Object value, String path) {
    if (value instanceof Boolean b) {
      return new Tolerance.BoolTolerance(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return new Tolerance.IntTolerance(((Number) value).longValue());
    }
    if (value instanceof String s) {
      return new Tolerance.StringTolerance(s);
    }
    if (value instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) l;
      return new Tolerance.ListTolerance(items);
    }
    if (value instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return readObject(map, path);
    }
    problems.error(path, "a tolerance must be a boolean, an integer, a string, a list or an object; found "
        + Problems.typeOf(value) + (value instanceof Double ? " (Chaos Toolkit rejects floats: use a range)" : ""));
    return null;
  }

  private Tolerance readObject(Map<String, Object> map, String path) {
    Object type = map.get("type");
    String target = map.get("target") instanceof String t ? t : null;
    if ("regex".equals(type)) {
      if (!(map.get("pattern") instanceof String pattern) || pattern.isEmpty()) {
        problems.error(path + ".pattern", "a regex tolerance needs a 'pattern' string");
        return null;
      }
      if (!pattern.contains("${")) {
        var problem = ToleranceEvaluator.regexProblem(pattern);
        if (problem.isPresent()) {
          problems.error(path + ".pattern", problem.get());
          return null;
        }
      }
      return new Tolerance.RegexTolerance(pattern, target);
    }
    if ("jsonpath".equals(type)) {
      if (!(map.get("path") instanceof String jp) || jp.isEmpty()) {
        problems.error(path + ".path", "a jsonpath tolerance needs a non-empty 'path' string");
        return null;
      }
      if (!jp.contains("${")) {
        var problem = ToleranceEvaluator.jsonPathProblem(jp);
        if (problem.isPresent()) {
          problems.error(path + ".path", problem.get());
          return null;
        }
      }
      Integer count = null;
      if (map.containsKey("count")) {
        if (map.get("count") instanceof Integer c) {
          count = c;
        } else {
          problems.error(path + ".count", "count must be an integer; found " + Problems.typeOf(map.get("count")));
        }
      }
      return new Tolerance.JsonPathTolerance(jp, target, count, map.get("expect"), map.containsKey("expect"));
    }
    if ("range".equals(type)) {
      Object r = map.get("range");
      if (!(r instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number) || !(l.get(1) instanceof Number)) {
        problems.error(path + ".range", "a range tolerance needs 'range': [low, high] with two numbers; found "
            + Problems.typeOf(r));
        return null;
      }
      BigDecimal low = decimal(l.get(0));
      BigDecimal high = decimal(l.get(1));
      if (low == null || high == null) {
        // 1e400, .inf, .nan: the loader has reported the number where it is written.
        return null;
      }
      return new Tolerance.RangeTolerance(low, high, target);
    }
    if ("probe".equals(type)) {
      Activity probe = probeReader.apply(map, path);
      return probe == null ? null : new Tolerance.ProbeTolerance(probe);
    }
    if (type == null && !map.containsKey("type")) {
      problems.error(path, "a tolerance object needs 'type' (probe, regex, jsonpath or range); it is missing");
      return null;
    }
    problems.error(path + ".type", "a tolerance object needs 'type' probe, regex, jsonpath or range; found "
        + Problems.typeOf(type));
    return null;
  }

  /** A number as an exact decimal; null for a non-finite double, which a BigDecimal cannot hold. */
  private static BigDecimal decimal(Object n) {
    if (n instanceof Double d && (d.isNaN() || d.isInfinite()) || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return null;
    }
    return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
  }
}
