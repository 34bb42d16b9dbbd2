package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation-time checks of one provider object, reported through {@link ProviderValidation} with
 * paths relative to the provider. Values are checked as written: a string that holds a
 * {@code ${name}} reference is accepted wherever a number or boolean is expected, because it is
 * only substituted at run time.
 */
public final class PropertyChecks {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]+\\}");
  /**
   * The longest pause or timeout accepted, in seconds: 7 days. A longer one is a typo or an attack
   * (1e400 or 2^63 seconds used to pause for 292 years), never a chaos experiment.
   */
  public static final long MAX_SECONDS = 7L * 24 * 3600;

  private final ProviderSpec spec;
  private final ProviderValidation validation;

  public PropertyChecks(ProviderSpec spec, ProviderValidation validation) {
    this.spec = spec;
    this.validation = validation;
  }

  /** Whether {@code value} is a string holding a {@code ${name}} reference. */
  public static boolean isReference(Object value) {
    return value instanceof String s && REFERENCE.matcher(s).find();
  }

  /** How a document value reads in a message: {@code the string "abc"}, {@code a list}, … */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      // Shortened: a message quotes the value, it need not repeat a megabyte of it.
      return "the string \"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
    }
    if (value instanceof Boolean b) {
      return "the boolean " + b;
    }
    if (value instanceof Number n) {
      return "the number " + n;
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return "a " + value.getClass().getSimpleName();
  }

  /** Warns about every key that is not in {@code known}. */
  public void unknownKeys(Set<String> known) {
    for (String key : spec.properties().keySet()) {
      if (!known.contains(key)) {
        validation.warning(key, "unknown key '" + key + "' for the " + spec.type()
            + " provider, so it is ignored; the known keys are " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /**
   * Requires a non-empty string.
   *
   * @param expected what the key should hold, for the message ({@code the address to call, e.g. …})
   * @return the string when it is valid
   */
  public Optional<String> requiredString(String key, String expected) {
    Object value = spec.get(key);
    if (value == null) {
      validation.error(key, key + " is missing; expected " + expected);
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      validation.error(key, key + " must be a string, found " + describe(value) + "; expected " + expected);
      return Optional.empty();
    }
    if (s.isBlank()) {
      validation.error(key, key + " is empty; expected " + expected);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Accepts an absent value or a string. */
  public void optionalString(String key) {
    Object value = spec.get(key);
    if (value != null && !(value instanceof String)) {
      validation.error(key, key + " must be a string, found " + describe(value));
    }
  }

  /** Accepts an absent value, a positive number of seconds or a reference. */
  public void seconds(String key) {
    Object value = spec.get(key);
    if (value != null) {
      secondsValue(key, value, key + " must be a positive number of seconds");
    }
  }

  /** Checks one value that must be a positive number of seconds; {@code expectation} starts the message. */
  void secondsValue(String path, Object value, String expectation) {
    if (isReference(value)) {
      return;
    }
    if (!(value instanceof Number n)) {
      validation.error(path, expectation + ", found " + describe(value));
    } else if (!(n.doubleValue() > 0) && !(n instanceof Double d && (d.isNaN() || d.isInfinite()))) {
      validation.error(path, expectation + ", found " + n);
    } else if (!withinMaxSeconds(n)) {
      validation.error(path, expectation + "; at most " + MAX_SECONDS + " seconds (7 days) is accepted, found " + n);
    }
  }

  /**
   * Whether {@code seconds} is at most {@link #MAX_SECONDS}. A non-finite double passes: the loader
   * has already reported it where it is written (1e400, .inf, .nan), once is enough.
   */
  public static boolean withinMaxSeconds(Number seconds) {
    double d = seconds.doubleValue();
    return seconds instanceof Double && (Double.isNaN(d) || Double.isInfinite(d)) || d <= MAX_SECONDS;
  }

  /** Accepts an absent value, a boolean or a reference. */
  public void bool(String key) {
    Object value = spec.get(key);
    if (value != null && !(value instanceof Boolean) && !isReference(value)) {
      validation.error(key, key + " must be true or false, found " + describe(value));
    }
  }

  /** Accepts an absent value, a whole number within {@code [min, max]} or a reference. */
  public void integer(String key, long min, long max) {
    Object value = spec.get(key);
    if (value == null || isReference(value)) {
      return;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      validation.error(key, key + " must be a whole number from " + min + " to " + max + ", found " + describe(value));
    } else if (((Number) value).longValue() < min || ((Number) value).longValue() > max) {
      validation.error(key, key + " must be from " + min + " to " + max + ", found " + value);
    }
  }

  /** Accepts an absent value, an object or a reference. */
  public void object(String key) {
    Object value = spec.get(key);
    if (value != null && !(value instanceof Map<?, ?>) && !isReference(value)) {
      validation.error(key, key + " must be an object (a mapping of names to values), found " + describe(value));
    }
  }
}
