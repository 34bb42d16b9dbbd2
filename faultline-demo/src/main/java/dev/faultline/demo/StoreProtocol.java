package dev.faultline.demo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The inventory store's line protocol and its data. One request line gets one reply line:
 *
 * <ul>
 *   <li>{@code GET <key>} → {@code OK <value>}
 *   <li>{@code DECR <key>} → {@code OK <value after decrement>}; a value never goes below zero
 *   <li>{@code SET <key> <value>} → {@code OK <value>}, the value a whole number {@code >= 0}
 * </ul>
 *
 * <p>Anything else, or a request that cannot be served, gets {@code ERR <what went wrong>}.
 * Command names are case-insensitive; keys are case-sensitive and contain no whitespace. Values
 * are whole numbers because the store holds stock counts.
 */
final class StoreProtocol {

  /** The accepted forms, quoted in every "malformed" reply. */
  static final String EXPECTED_FORMS = "GET <key>, DECR <key> or SET <key> <value>";
  /** Reply prefix of a served request. */
  static final String OK = "OK ";
  /** Reply prefix of a refused request. */
  static final String ERR = "ERR ";
  /** What follows {@link #ERR} when the key does not exist. */
  static final String NO_SUCH_KEY = "no such key";
  /** What follows {@link #ERR} when a decrement would go below zero. */
  static final String OUT_OF_STOCK = "out of stock";

  private static final int MAX_ECHO_CHARS = 80;

  private final Map<String, Long> values = new HashMap<>();

  StoreProtocol(Map<String, Long> initialValues) {
    initialValues.forEach(
        (key, value) -> {
          if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                "store key '" + key + "' must be non-empty and contain no whitespace");
          }
          if (value == null || value < 0) {
            throw new IllegalArgumentException(
                "store value of '" + key + "' must be a whole number >= 0, was " + value);
          }
          put(key, value);
        });
  }

  /** The reply line (without line terminator) to one request line. */
  String reply(String line) {
    String[] words = line.trim().split("\\s+");
    if (words[0].isEmpty()) {
      return ERR + "empty command: expected " + EXPECTED_FORMS;
    }
    String command = words[0].toUpperCase(Locale.ROOT);
    switch (command) {
      case "GET":
        return words.length == 2 ? get(words[1]) : malformed(line, "GET <key>");
      case "DECR":
        return words.length == 2 ? decrement(words[1]) : malformed(line, "DECR <key>");
      case "SET":
        return words.length == 3 ? set(line, words[1], words[2]) : malformed(line, "SET <key> <value>");
      default:
        return ERR + "unknown command '" + echo(words[0]) + "': expected " + EXPECTED_FORMS;
    }
  }

  /** The current value of {@code key}, read directly rather than over the protocol. */
  synchronized OptionalLong value(String key) {
    Long value = values.get(key);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private synchronized String get(String key) {
    Long value = values.get(key);
    return value == null ? noSuchKey(key) : OK + value;
  }

  private synchronized String decrement(String key) {
    Long value = values.get(key);
    if (value == null) {
      return noSuchKey(key);
    }
    if (value <= 0) {
      return ERR + OUT_OF_STOCK + " '" + echo(key) + "'";
    }
    values.put(key, value - 1);
    return OK + (value - 1);
  }

  private String set(String line, String key, String valueText) {
    long value;
    try {
      value = Long.parseLong(valueText);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0) {
      return ERR + "malformed SET '" + echo(line.trim()) + "': the value must be a whole number >= 0;"
          + " expected SET <key> <value>";
    }
    put(key, value);
    return OK + value;
  }

  private synchronized void put(String key, long value) {
    values.put(key, value);
  }

  private static String noSuchKey(String key) {
    return ERR + NO_SUCH_KEY + " '" + echo(key) + "'";
  }

  private static String malformed(String line, String expectedForm) {
    String command = line.trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
    return ERR + "malformed " + command + " '" + echo(line.trim()) + "': expected " + expectedForm;
  }

  /** Keeps replies one short line even when a client sends a very long one. */
  private static String echo(String text) {
    return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "…";
  }
}
