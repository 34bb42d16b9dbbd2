package dev.faultline.engine.tolerance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.core.tolerance.Tolerance.BoolTolerance;
import dev.faultline.core.tolerance.Tolerance.IntTolerance;
import dev.faultline.core.tolerance.Tolerance.JsonPathTolerance;
import dev.faultline.core.tolerance.Tolerance.ListTolerance;
import dev.faultline.core.tolerance.Tolerance.ProbeTolerance;
import dev.faultline.core.tolerance.Tolerance.RangeTolerance;
import dev.faultline.core.tolerance.Tolerance.RegexTolerance;
import dev.faultline.core.tolerance.Tolerance.StringTolerance;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.substitute.Substitutor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a probe's value against its tolerance the way Chaos Toolkit's {@code within_tolerance}
 * does in its code (which differs from its documentation in places):
 *
 * <ul>
 *   <li>{@code true}/{@code false}: Python equality, so {@code 1} matches {@code true} and an
 *       http/process result never does;
 *   <li>an integer: the {@code status} of an http/process result, otherwise equality;
 *   <li>a string: equality with a string, after {@code ${name}} substitution;
 *   <li>a list: membership of an http/process result's {@code status}, even with 2 items;
 *       otherwise a 2-item list is an inclusive range and other lengths are membership;
 *   <li>regex: a search (not a full match) in {@code value[target]} or the value itself;
 *   <li>jsonpath: all matches in {@code value[target]} or the value, JSON text being parsed
 *       first; passes with at least one match, or exactly {@code count}, or exactly
 *       {@code expect};
 *   <li>range: {@code value[target]} or the value as a decimal (numeric text counts), inclusive;
 *   <li>probe: another probe called with the value; passes when its output is truthy.
 * </ul>
 *
 * <p>Where Python would raise (a regex over a dict, a range over text that is not a number) the
 * tolerance is simply not met, and the explanation says what to change.
 */
public final class ToleranceEvaluator {

  /** Longest rendering of a value inside an explanation. */
  private static final int SHOWN_CHARS = 80;

  // Python's json.loads: rejects trailing garbage, accepts NaN and Infinity.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  // Every match as a list; a path that leads nowhere is zero matches rather than an error.
  private static final Configuration JSONPATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonProvider(JSON))
          .mappingProvider(new JacksonMappingProvider(JSON))
          .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
          .build();

  // Python's re on str: Unicode \d \w \s, and only \n ends a line for $ and '.'.
  private static final int PYTHON_REGEX_FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;

  private static final String TARGET_HINT = "set target to body, stdout or stderr";

  private static final Pattern INFINITY = Pattern.compile("(?i)[+-]?inf(inity)?");
  private static final Pattern NOT_A_NUMBER = Pattern.compile("(?i)[+-]?s?nan[0-9]*");

  private final ProbeToleranceCaller probeCaller;

  /**
   * @param probeCaller runs the probe of {@code {"type": "probe"}} tolerances
   */
  public ToleranceEvaluator(ProbeToleranceCaller probeCaller) {
    this.probeCaller = Objects.requireNonNull(probeCaller, "probeCaller");
  }

  /**
   * Checks {@code value} against {@code tolerance}.
   *
   * @param tolerance what the value must satisfy
   * @param value the probe's output: a JSON-like tree (an http result is a map with
   *     {@code status}, {@code headers}, {@code body}; a process result a map with
   *     {@code status}, {@code stdout}, {@code stderr})
   * @param substitutor resolves {@code ${name}} in string tolerances, regex patterns and jsonpath
   *     paths and expectations
   * @return whether the tolerance is met, with a one-sentence explanation
   * @throws InterruptedException when a tolerance probe is interrupted
   */
  public ToleranceCheck check(Tolerance tolerance, Object value, Substitutor substitutor)
      throws InterruptedException {
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(substitutor, "substitutor");
    if (tolerance instanceof BoolTolerance t) {
      return checkBool(t, value);
    }
    if (tolerance instanceof IntTolerance t) {
      return checkInt(t, value);
    }
    if (tolerance instanceof StringTolerance t) {
      return checkString(t, value, substitutor);
    }
    if (tolerance instanceof ListTolerance t) {
      return checkList(t, value);
    }
    if (tolerance instanceof RegexTolerance t) {
      return checkRegex(t, value, substitutor);
    }
    if (tolerance instanceof JsonPathTolerance t) {
      return checkJsonPath(t, value, substitutor);
    }
    if (tolerance instanceof RangeTolerance t) {
      return checkRange(t, value);
    }
    if (tolerance instanceof ProbeTolerance t) {
      return checkProbe(t, value);
    }
    throw new IllegalArgumentException("unknown tolerance kind: " + tolerance);
  }

  /**
   * Why {@code path} (jsonpath2 syntax, as Chaos Toolkit writes it) would not parse at run time,
   * or empty when it parses. Validation uses this so it accepts exactly what runs.
   */
  public static java.util.Optional<String> jsonPathProblem(String path) {
    try {
      JsonPath.compile(jaywaySyntax(path));
      return java.util.Optional.empty();
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null || e.getMessage().contains("Exception") ? "" : ": " + e.getMessage();
      return java.util.Optional.of("the JSONPath '" + path + "' does not parse" + reason);
    }
  }

  /** Why a Python regex {@code pattern} would not compile at run time, or empty when it compiles. */
  public static java.util.Optional<String> regexProblem(String pattern) {
    try {
      Pattern.compile(javaRegex(pattern), PYTHON_REGEX_FLAGS);
      return java.util.Optional.empty();
    } catch (PatternSyntaxException e) {
      return java.util.Optional.of("the pattern does not compile: " + e.getDescription());
    }
  }

  private static ToleranceCheck checkBool(BoolTolerance tolerance, Object value) {
    Boolean expected = tolerance.expected();
    if (isResult(value)) {
      return new ToleranceCheck(
          false,
          "value is a result with status " + show(((Map<?, ?>) value).get("status"))
              + ", never equal to "
              + expected + ": compare the status with an integer or list tolerance");
    }
    return equality("value", value, expected);
  }

  private static ToleranceCheck checkInt(IntTolerance tolerance, Object value) {
    Long expected = tolerance.expected();
    if (value instanceof Map<?, ?> result && result.containsKey("status")) {
      return equality("status", result.get("status"), expected);
    }
    return equality("value", value, expected);
  }

  private static ToleranceCheck checkString(
      StringTolerance tolerance, Object value, Substitutor substitutor) {
    String expected = substitutor.substituteText(tolerance.expected());
    if (isResult(value)) {
      return new ToleranceCheck(
          false,
          "value is a result with status " + show(((Map<?, ?>) value).get("status"))
              + ", never equal to "
              + show(expected) + ": match its body, stdout or stderr with a regex tolerance"
              + " and a target");
    }
    return equality("value", value, expected);
  }

  private static ToleranceCheck checkList(ListTolerance tolerance, Object value) {
    List<Object> items = tolerance.items();
    if (value instanceof Map<?, ?> result && result.containsKey("status")) {
      // Membership even for 2 items: [200, 503] does not accept 404.
      return membership("status", result.get("status"), items);
    }
    if (items.size() != 2) {
      return membership("value", value, items);
    }
    String shownValue = "value " + show(value);
    // Python's chained tol[0] <= value <= tol[1] stops at the first false comparison.
    OptionalInt fromLow = PythonTruth.compare(items.get(0), value);
    if (fromLow.isPresent() && fromLow.getAsInt() > 0) {
      return new ToleranceCheck(false, shownValue + " is not within " + show(items));
    }
    OptionalInt toHigh = fromLow.isPresent() ? PythonTruth.compare(value, items.get(1)) : fromLow;
    if (toHigh.isEmpty()) {
      return new ToleranceCheck(false, shownValue + " cannot be compared with the bounds " + show(items));
    }
    boolean met = toHigh.getAsInt() <= 0;
    return new ToleranceCheck(met, shownValue + (met ? " is within " : " is not within ") + show(items));
  }

  private static ToleranceCheck checkRegex(
      RegexTolerance tolerance, Object value, Substitutor substitutor) {
    String pattern = substitutor.substituteText(tolerance.pattern());
    Pattern compiled;
    try {
      compiled = Pattern.compile(javaRegex(pattern), PYTHON_REGEX_FLAGS);
    } catch (PatternSyntaxException e) {
      return new ToleranceCheck(
          false, "regex '" + pattern + "' is not a valid pattern: " + e.getDescription());
    }
    Targeted targeted = Targeted.of(value, tolerance.target());
    String text;
    if (targeted.value() instanceof String s) {
      text = s;
    } else if (targeted.value() instanceof Number n) {
      text = String.valueOf(n);
    } else {
      return new ToleranceCheck(false, targeted.wrongShape("regex needs a string"));
    }
    boolean found = compiled.matcher(text).find();
    return new ToleranceCheck(
        found, "regex '" + pattern + "' " + (found ? "found in " : "not found in ") + targeted.subject());
  }

  private static ToleranceCheck checkJsonPath(
      JsonPathTolerance tolerance, Object value, Substitutor substitutor) {
    String path = substitutor.substituteText(tolerance.path());
    JsonPath compiled;
    try {
      compiled = JsonPath.compile(jaywaySyntax(path));
    } catch (RuntimeException e) {
      // Jayway sometimes reports an internal exception instead of a reason; leave those out.
      String reason = e.getMessage() == null || e.getMessage().contains("Exception")
          ? "" : ": " + e.getMessage();
      return new ToleranceCheck(false, "jsonpath " + path + " does not parse" + reason);
    }
    Object document = parsedJson(Targeted.of(value, tolerance.target()).value());
    List<Object> found = matches(compiled, document);
    String matched = "jsonpath " + path + " matched ";
    if (tolerance.hasExpect()) {
      Object expect = substitutor.substitute(tolerance.expect());
      List<?> expected = expect instanceof List<?> list ? list : Collections.singletonList(expect);
      boolean met = PythonTruth.equal(found, expected);
      return new ToleranceCheck(
          met, matched + show(found) + (met ? ", as expected" : "; expected " + show(expected)));
    }
    String count = matched + found.size() + " value(s)";
    if (tolerance.count() != null) {
      boolean met = found.size() == tolerance.count();
      return new ToleranceCheck(
          met, count + (met ? ", as expected" : "; expected count " + tolerance.count()));
    }
    boolean met = !found.isEmpty();
    return new ToleranceCheck(met, count + (met ? "" : "; expected at least 1"));
  }

  private static ToleranceCheck checkRange(RangeTolerance tolerance, Object value) {
    String bounds =
        "[" + tolerance.low().toPlainString() + ", " + tolerance.high().toPlainString() + "]";
    Targeted targeted = Targeted.of(value, tolerance.target());
    Number number = pythonDecimal(targeted.value());
    if (number == null) {
      return new ToleranceCheck(false, targeted.wrongShape("range " + bounds + " needs a number"));
    }
    String shown =
        targeted.subject() + " "
            + (targeted.value() instanceof String s ? s.strip() : show(targeted.value()));
    OptionalInt fromLow = PythonTruth.compare(tolerance.low(), number);
    OptionalInt toHigh = PythonTruth.compare(number, tolerance.high());
    if (fromLow.isEmpty() || toHigh.isEmpty()) {
      return new ToleranceCheck(false, shown + " has no order; range " + bounds + " needs a number");
    }
    boolean met = fromLow.getAsInt() <= 0 && toHigh.getAsInt() <= 0;
    return new ToleranceCheck(met, shown + (met ? " is within " : " is not within ") + bounds);
  }

  private ToleranceCheck checkProbe(ProbeTolerance tolerance, Object value)
      throws InterruptedException {
    String probe = "tolerance probe '" + (tolerance.probe() == null ? "" : tolerance.probe().name()) + "'";
    Object output;
    try {
      output = probeCaller.call(tolerance, value);
    } catch (ActivityFailedException e) {
      return new ToleranceCheck(false, probe + " failed: " + e.getMessage());
    }
    boolean met = PythonTruth.truthy(output);
    return new ToleranceCheck(met, probe + " returned " + show(output) + (met ? "" : ", which is falsy"));
  }

  private static ToleranceCheck equality(String subject, Object actual, Object expected) {
    boolean met = PythonTruth.equal(actual, expected);
    return new ToleranceCheck(
        met, subject + " " + show(actual) + (met ? " equals " : " is not ") + show(expected));
  }

  private static ToleranceCheck membership(String subject, Object actual, List<Object> items) {
    boolean met = items.stream().anyMatch(item -> PythonTruth.equal(actual, item));
    return new ToleranceCheck(
        met, subject + " " + show(actual) + (met ? " is in " : " is not in ") + show(items));
  }

  /** Whether the value is an http/process result: a map with a {@code status}. */
  private static boolean isResult(Object value) {
    return value instanceof Map<?, ?> result && result.containsKey("status");
  }

  /**
   * The value a regex/jsonpath/range tolerance looks at: {@code value[target]} when the value is a
   * map holding the target, otherwise the value itself (Python's {@code value.get(target, value)}).
   *
   * @param subject how explanations name it: the target, or {@code value}
   * @param missingTarget the target when it was given but the map does not hold it
   */
  private record Targeted(String subject, Object value, String missingTarget) {

    static Targeted of(Object value, String target) {
      if (target == null || target.isEmpty() || !(value instanceof Map<?, ?> map)) {
        return new Targeted("value", value, null);
      }
      return map.containsKey(target)
          ? new Targeted(target, map.get(target), null)
          : new Targeted("value", value, target);
    }

    /** Why the value cannot be matched, starting with {@code need}, with what to change. */
    String wrongShape(String need) {
      String named = subject.equals("value") ? "the value" : subject;
      if (value instanceof Map) {
        if (!subject.equals("value")) {
          return need + "; " + named + " is an object: use a jsonpath tolerance to look inside it";
        }
        String without = missingTarget == null ? "" : " without key '" + missingTarget + "'";
        return need + "; the value is an object" + without + ": " + TARGET_HINT;
      }
      return need + "; " + named + " is " + kind(value);
    }

    private static String kind(Object value) {
      if (value == null) {
        return "null";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      if (value instanceof Collection) {
        return "a list";
      }
      return show(value);
    }
  }

  /** Python's {@code Decimal(value)}: a BigDecimal, a NaN or infinite Double, or null if refused. */
  private static Number pythonDecimal(Object value) {
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d) ? d : new BigDecimal(d);
    }
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Number n) {
      return decimalText(n.toString());
    }
    if (value instanceof String s) {
      return decimalText(s);
    }
    return null;
  }

  private static Number decimalText(String text) {
    // Decimal ignores surrounding whitespace, so a body of "580.5\n" is a number.
    String s = text.strip();
    if (INFINITY.matcher(s).matches()) {
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (NOT_A_NUMBER.matcher(s).matches()) {
      return Double.NaN;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A string (or UTF-8 bytes) holding JSON becomes its tree; anything else stays as is. */
  private static Object parsedJson(Object value) {
    String text =
        value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
            : value instanceof String s ? s : null;
    if (text == null) {
      return value;
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  private static List<Object> matches(JsonPath path, Object document) {
    if (document == null) {
      return List.of();
    }
    try {
      List<Object> found = path.read(document, JSONPATH);
      return found == null ? List.of() : new ArrayList<>(found);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Chaos Toolkit parses paths with jsonpath2, whose filters write {@code =}, {@code and},
   * {@code or} and {@code not (…)} where Jayway writes {@code ==}, {@code &&}, {@code ||} and
   * {@code !(…)}. Rewrites those outside string literals; Jayway's own operators pass unchanged.
   */
  static String jaywaySyntax(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    char quote = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && i + 1 < path.length()) {
          out.append(path.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        out.append(c);
      } else if (c == '=') {
        char before = i > 0 ? path.charAt(i - 1) : ' ';
        char after = i + 1 < path.length() ? path.charAt(i + 1) : ' ';
        boolean single = "=!<>".indexOf(before) < 0 && after != '=' && after != '~';
        out.append(single ? "==" : "=");
      } else if (Character.isLetter(c) && (i == 0 || !isWordChar(path.charAt(i - 1)))) {
        int end = i;
        while (end < path.length() && isWordChar(path.charAt(end))) {
          end++;
        }
        String word = path.substring(i, end);
        int next = end;
        while (next < path.length() && path.charAt(next) == ' ') {
          next++;
        }
        boolean member = previousNonSpace(path, i) == '.';
        String operator = member ? null : switch (word) {
          case "and" -> "&&";
          case "or" -> "||";
          // Only "not (...)": jsonpath2's "not @.a = 1" negates the comparison, Jayway's "!"
          // would negate the existence of @.a, so that form is left to fail parsing.
          case "not" -> next < path.length() && path.charAt(next) == '(' ? "!" : null;
          default -> null;
        };
        out.append(operator == null ? word : operator);
        i = (operator != null && operator.equals("!") ? next : end) - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static char previousNonSpace(String s, int index) {
    for (int i = index - 1; i >= 0; i--) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return s.charAt(i);
      }
    }
    return ' ';
  }

  /** Python's named groups {@code (?P<name>…)} and {@code (?P=name)} in Java's spelling. */
  private static String javaRegex(String python) {
    if (!python.contains("(?P")) {
      return python;
    }
    StringBuilder out = new StringBuilder(python.length());
    int i = 0;
    while (i < python.length()) {
      char c = python.charAt(i);
      int close = python.indexOf(')', i);
      if (c == '\\' && i + 1 < python.length()) {
        out.append(c).append(python.charAt(i + 1));
        i += 2;
      } else if (python.startsWith("(?P<", i)) {
        out.append("(?<");
        i += 4;
      } else if (python.startsWith("(?P=", i) && close > 0) {
        out.append("\\k<").append(python, i + 4, close).append('>');
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** A short JSON-like rendering of a value for explanations, cut at {@value #SHOWN_CHARS}. */
  static String show(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    if (out.length() > SHOWN_CHARS) {
      out.setLength(SHOWN_CHARS - 3);
      out.append("...");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (out.length() > SHOWN_CHARS) {
      return;
    }
    if (value instanceof String s) {
      appendQuoted(out, s);
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        appendQuoted(out, String.valueOf(e.getKey()));
        out.append(": ");
        append(out, e.getValue());
        separator = ", ";
        if (out.length() > SHOWN_CHARS) {
          return;
        }
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      String separator = "";
      for (Object item : list) {
        out.append(separator);
        append(out, item);
        separator = ", ";
        if (out.length() > SHOWN_CHARS) {
          return;
        }
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  private static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length() && out.length() <= SHOWN_CHARS; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
