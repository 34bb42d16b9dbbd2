package dev.faultline.jvm;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.time.DurationText;
import java.time.Duration;

/** Duration text as {@link DurationText} reads it, optionally with a leading minus (clock skew). */
public final class SignedDuration {
  /** The furthest a clock may be skewed, either way (the agent's limit too). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(36_525);
  /** The longest rule length (the agent's limit too). */
  public static final Duration MAX_LENGTH = Duration.ofDays(366);
  /** The longest latency plus jitter (the agent's limit too). */
  public static final Duration MAX_LATENCY = Duration.ofHours(1);

  private SignedDuration() {}

  /**
   * As {@link #parse(String, boolean)}, refusing a magnitude above {@code max} with the text as
   * given: durations too large to represent are otherwise clamped silently (to about 292 years).
   */
  public static Duration parse(String text, boolean signed, Duration max) {
    Duration d;
    try {
      d = parse(text, signed);
    } catch (DurationText.TooLongException e) {
      throw tooLarge(text, max);
    }
    if (d.abs().compareTo(max) > 0) {
      throw tooLarge(text, max);
    }
    return d;
  }

  private static IllegalArgumentException tooLarge(String text, Duration max) {
    return new IllegalArgumentException("'" + text.trim() + "' is too large; at most " + words(max));
  }

  private static String words(Duration max) {
    if (max.toDays() >= 1 && max.toHours() % 24 == 0) {
      long years = max.toDays() / 365;
      return max.toDays() + "d" + (years == 0 ? "" : " (" + years + (years == 1 ? " year)" : " years)"));
    }
    return max.toHours() + "h";
  }

  /**
   * Parses {@code text} such as {@code 500ms}, {@code 2m}, {@code PT30S}, or {@code -30s} when
   * {@code signed}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text, boolean signed) {
    String t = text.trim();
    if (signed && t.startsWith("-")) {
      return DurationText.parse(t.substring(1)).negated();
    }
    return DurationText.parse(t);
  }

  static Duration parse(String text, boolean signed, Duration max, String name, FaultArguments a) {
    try {
      return parse(text, signed, max);
    } catch (IllegalArgumentException e) {
      a.problem(name + ": " + e.getMessage());
      return null;
    }
  }
}
