package dev.faultline.engine.tolerance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Python's truthiness, equality and ordering for the value trees Jackson produces from JSON
 * (maps, lists, strings, numbers, booleans, null), so that Chaos Toolkit's checks behave as they
 * do in Python: {@code 1 == 1.0}, {@code True == 1}, {@code bool([]) is False}.
 */
public final class PythonTruth {

  private PythonTruth() {}

  /**
   * Python's {@code bool(value)}: false for null, {@code false}, any zero, the empty string, the
   * empty map and the empty list; true for everything else (NaN included, as in Python).
   */
  public static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Double d) {
      return d != 0.0;
    }
    if (value instanceof Float f) {
      return f != 0.0f;
    }
    if (value instanceof Number n) {
      BigDecimal exact = exact(n);
      return exact == null || exact.signum() != 0;
    }
    if (value instanceof CharSequence s) {
      return !s.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    return true;
  }

  /**
   * Python's {@code a == b}: numbers and booleans compare by numeric value whatever their Java
   * type ({@code True == 1 == 1.0}); strings only equal strings; maps and lists compare deeply;
   * null only equals null.
   */
  public static boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (isNumeric(a) && isNumeric(b)) {
      OptionalInt order = compareNumbers(a, b);
      return order.isPresent() && order.getAsInt() == 0;
    }
    if (a instanceof String sa && b instanceof String sb) {
      return sa.equals(sb);
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !equal(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      Iterator<?> ia = la.iterator();
      Iterator<?> ib = lb.iterator();
      while (ia.hasNext()) {
        if (!equal(ia.next(), ib.next())) {
          return false;
        }
      }
      return true;
    }
    if (isNumeric(a) || isNumeric(b) || a instanceof String || b instanceof String) {
      return false;
    }
    return a.equals(b);
  }

  /**
   * Python's ordering of {@code a} and {@code b}: numbers (booleans count as 0 and 1) with
   * numbers, strings with strings (by code point), lists with lists (lexicographically).
   *
   * @return negative, zero or positive as {@code a} is less than, equal to or greater than
   *     {@code b}; empty where Python raises {@code TypeError} (a string against a number, null,
   *     maps) or where no order exists (NaN)
   */
  public static OptionalInt compare(Object a, Object b) {
    if (a == null || b == null) {
      return OptionalInt.empty();
    }
    if (isNumeric(a) && isNumeric(b)) {
      return compareNumbers(a, b);
    }
    if (a instanceof String sa && b instanceof String sb) {
      return OptionalInt.of(compareCodePoints(sa, sb));
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      // Python compares the first pair of elements that are not equal; if there is none, the
      // shorter list is the smaller.
      int common = Math.min(la.size(), lb.size());
      for (int i = 0; i < common; i++) {
        if (!equal(la.get(i), lb.get(i))) {
          return compare(la.get(i), lb.get(i));
        }
      }
      return OptionalInt.of(Integer.compare(la.size(), lb.size()));
    }
    return OptionalInt.empty();
  }

  /** Whether Python treats the value as a number: any {@link Number} or a boolean. */
  public static boolean isNumeric(Object value) {
    return value instanceof Number || value instanceof Boolean;
  }

  private static OptionalInt compareNumbers(Object a, Object b) {
    // Python compares int and float exactly (2**53 + 1 != 2.0**53), so compare exact decimals.
    BigDecimal ea = exactNumber(a);
    BigDecimal eb = exactNumber(b);
    if (ea != null && eb != null) {
      return OptionalInt.of(ea.compareTo(eb));
    }
    // At least one side is a NaN or infinite float.
    double da = ea == null ? ((Number) a).doubleValue() : 0;
    double db = eb == null ? ((Number) b).doubleValue() : 0;
    if (Double.isNaN(da) || Double.isNaN(db)) {
      return OptionalInt.empty();
    }
    if (ea == null && eb == null) {
      return OptionalInt.of(Double.compare(da, db));
    }
    return ea == null ? OptionalInt.of(da > 0 ? 1 : -1) : OptionalInt.of(db > 0 ? -1 : 1);
  }

  /** The exact value of a number or boolean, or null for a NaN or infinite float. */
  private static BigDecimal exactNumber(Object numeric) {
    if (numeric instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    return exact((Number) numeric);
  }

  /** The exact decimal value of a finite number, or null for NaN and the infinities. */
  private static BigDecimal exact(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return null;
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(d);
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return new BigDecimal(d);
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
