package dev.faultline.jvm;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.time.DurationText;
import java.time.Duration;

/** Duration text as {@link DurationText} reads it, optionally with a leading minus (clock skew). */
public final class SignedDuration {
  private SignedDuration() {}

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

  static Duration parse(String text, boolean signed, String name, FaultArguments a) {
    try {
      return parse(text, signed);
    } catch (IllegalArgumentException e) {
      a.problem(name + ": " + e.getMessage());
      return null;
    }
  }
}
