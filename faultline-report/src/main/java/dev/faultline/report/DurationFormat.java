package dev.faultline.report;

import java.util.Locale;

/** Formats milliseconds for people: {@code 0.4 ms}, {@code 12 ms}, {@code 2.35 s}, {@code 3 min 5 s}. */
final class DurationFormat {
  private DurationFormat() {}

  /** A duration, e.g. {@code 459 ms} or {@code 4.08 s}. */
  static String millis(double ms) {
    if (ms < 0 || Double.isNaN(ms)) {
      return "?";
    }
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }
    long seconds = Math.round(ms / 1000);
    return String.format(Locale.ROOT, "%d min %d s", seconds / 60, seconds % 60);
  }

  /** An offset since the run start, fixed-width friendly: {@code +12.345 s}. */
  static String offset(double ms) {
    return String.format(Locale.ROOT, "+%.3f s", ms / 1000);
  }

  /** An axis tick label in seconds, without trailing zeros: {@code 0 s}, {@code 2.5 s}. */
  static String tickSeconds(double seconds) {
    String text = String.format(Locale.ROOT, "%.3f", seconds).replaceAll("\\.?0+$", "");
    return text + " s";
  }
}
