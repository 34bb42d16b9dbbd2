package dev.faultline.core.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration forms people type: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * {@code 1m30s}, and ISO-8601 such as {@code PT30S}. A bare number is seconds, as in Chaos Toolkit.
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw invalid(text);
    }
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      Duration d;
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
      if (d.isNegative()) {
        throw new IllegalArgumentException("'" + text + "' is negative; a duration must be zero or more");
      }
      return withinRange(d, text);
    }
    if (t.matches("\\d+(\\.\\d+)?")) {
      return ofSeconds(Double.parseDouble(t));
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw invalid(text);
      }
      double amount = Double.parseDouble(m.group(1));
      double seconds = amount * switch (m.group(2)) {
        case "us", "µs" -> 1e-6;
        case "ms" -> 1e-3;
        case "s" -> 1;
        case "m" -> 60;
        case "h" -> 3600;
        default -> 86400;
      };
      if (seconds >= MAX_SECONDS) {
        throw tooLarge(text);
      }
      total = total.plus(ofSeconds(seconds));
      end = m.end();
    }
    if (end != t.length() || end == 0) {
      throw invalid(text);
    }
    return withinRange(total, text);
  }

  /**
   * A value from an experiment file: a number is seconds (as Chaos Toolkit's pauses and timeouts),
   * anything else is parsed as text.
   */
  public static Duration ofValue(Object value) {
    return value instanceof Number n ? ofSeconds(n.doubleValue()) : parse(String.valueOf(value));
  }

  /** Seconds as a double (Chaos Toolkit pauses and timeouts) to a {@link Duration}. */
  public static Duration ofSeconds(double seconds) {
    if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("a duration must be a non-negative number of seconds, got " + seconds);
    }
    if (seconds >= MAX_SECONDS) {
      // Duration.ofNanos would silently saturate at Long.MAX_VALUE nanoseconds (292 years).
      throw tooLarge(seconds + " seconds");
    }
    return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
  }

  /** The longest duration this class represents: what fits in a long of nanoseconds (292 years). */
  private static final double MAX_SECONDS = Long.MAX_VALUE / 1e9;

  /** {@code d}, when its nanoseconds fit in a long (timers and deadlines count in nanoseconds). */
  private static Duration withinRange(Duration d, String text) {
    if (d.getSeconds() >= MAX_SECONDS) {
      throw tooLarge(text);
    }
    return d;
  }

  private static TooLongException tooLarge(String text) {
    return new TooLongException("'" + text + "' is too long; a duration must be under 292 years");
  }

  /** A duration past what a {@link Duration} of nanoseconds holds, so callers can word their own limit. */
  public static final class TooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLongException(String message) {
      super(message);
    }
  }

  /** Renders a duration briefly for people: {@code 1.5s}, {@code 250ms}, {@code 2m}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 60_000 == 0) {
      return (ms / 60_000) + "m";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return String.format(Locale.ROOT, "%.3fs", ms / 1000d).replaceAll("0+s$", "s");
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration; expected a number of seconds or forms such as 500ms, 30s, 2m, 1h or PT30S");
  }
}
