package dev.faultline.core.tolerance;

import dev.faultline.core.experiment.Activity;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a hypothesis probe's value must satisfy, in Chaos Toolkit's forms. The evaluation rules
 * (for example that an integer compares an http/process result's {@code status}) live in the
 * engine; these records only say what was written.
 */
public sealed interface Tolerance {

  /** {@code true}/{@code false}: equality. */
  record BoolTolerance(boolean expected) implements Tolerance {}

  /** An integer: equality, or the {@code status} of an http/process result. */
  record IntTolerance(long expected) implements Tolerance {}

  /** A string: equality after {@code ${name}} substitution. */
  record StringTolerance(String expected) implements Tolerance {}

  /**
   * A list: status membership for http/process results; for other values a 2-item list is an
   * inclusive range and any other length is membership.
   */
  record ListTolerance(List<Object> items) implements Tolerance {
    public ListTolerance {
      items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }
  }

  /** {@code {"type": "regex", "pattern": P, "target": T}}: a search, not a full match. */
  record RegexTolerance(String pattern, String target) implements Tolerance {}

  /**
   * {@code {"type": "jsonpath", "path": P, "target": T, "count": N, "expect": E}}.
   *
   * @param count required number of matches, or null
   * @param expect required matched values; meaningful only when {@code hasExpect}
   * @param hasExpect whether {@code expect} was given (it overrides {@code count})
   */
  record JsonPathTolerance(String path, String target, Integer count, Object expect, boolean hasExpect)
      implements Tolerance {}

  /** {@code {"type": "range", "range": [lo, hi], "target": T}}: inclusive. */
  record RangeTolerance(BigDecimal low, BigDecimal high, String target) implements Tolerance {}

  /**
   * {@code {"type": "probe", …}}: another probe called with the value as its {@code value}
   * argument; it passes when it returns something truthy.
   */
  record ProbeTolerance(Activity probe) implements Tolerance {}
}
