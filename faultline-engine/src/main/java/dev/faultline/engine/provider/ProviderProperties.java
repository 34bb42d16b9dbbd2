package dev.faultline.engine.provider;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a provider object after substitution. A value of the wrong type is an
 * {@link ActivityFailedException} naming the provider and the key. Numbers and booleans are also
 * accepted as text ({@code "3"}, {@code "false"}), because a {@code ${name}} reference to an
 * environment configuration value substitutes a string.
 */
public final class ProviderProperties {
  private final String providerType;
  private final Map<String, Object> properties;

  public ProviderProperties(String providerType, Map<String, Object> properties) {
    this.providerType = providerType;
    this.properties = properties;
  }

  /** The value of {@code key} as it is, or null. */
  public Object raw(String key) {
    return properties.get(key);
  }

  /** Whether {@code key} is present (even with a null value). */
  public boolean has(String key) {
    return properties.containsKey(key);
  }

  /** A non-empty string. */
  public String requiredString(String key) throws ActivityFailedException {
    Object value = properties.get(key);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw wrongType(key, value, "a non-empty string");
    }
    return s;
  }

  /** A string, or empty when absent. */
  public Optional<String> optionalString(String key) throws ActivityFailedException {
    Object value = properties.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw wrongType(key, value, "a string");
    }
    return Optional.of(s);
  }

  /** A positive number of seconds, or empty when absent. */
  public Optional<Duration> seconds(String key) throws ActivityFailedException {
    Object value = properties.get(key);
    return value == null ? Optional.empty() : Optional.of(secondsOf(key, value));
  }

  /** Converts one value that must be a positive number of seconds; {@code path} names it in messages. */
  Duration secondsOf(String path, Object value) throws ActivityFailedException {
    double seconds = number(path, value, "a positive number of seconds");
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw wrongType(path, value, "a positive number of seconds");
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** A boolean, {@code fallback} when absent. */
  public boolean bool(String key, boolean fallback) throws ActivityFailedException {
    Object value = properties.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw wrongType(key, value, "true or false");
  }

  /** A whole number within {@code [min, max]}, {@code fallback} when absent. */
  public long integer(String key, long fallback, long min, long max) throws ActivityFailedException {
    Object value = properties.get(key);
    if (value == null) {
      return fallback;
    }
    String expected = "a whole number from " + min + " to " + max;
    double d = number(key, value, expected);
    if (d != Math.rint(d) || d < min || d > max) {
      throw wrongType(key, value, expected);
    }
    return (long) d;
  }

  /** An object (copied), empty when absent. */
  public Map<String, Object> object(String key) throws ActivityFailedException {
    Object value = properties.get(key);
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw wrongType(key, value, "an object");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }

  private double number(String path, Object value, String expected) throws ActivityFailedException {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw wrongType(path, value, expected);
      }
    }
    throw wrongType(path, value, expected);
  }

  private ActivityFailedException wrongType(String path, Object value, String expected) {
    return new ActivityFailedException(providerType + " provider: " + path + " must be " + expected
        + ", found " + PropertyChecks.describe(value));
  }
}
