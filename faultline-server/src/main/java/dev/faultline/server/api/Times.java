package dev.faultline.server.api;

import java.time.Instant;

/** Times in API answers: ISO-8601 UTC instants, null stays null. */
public final class Times {
  /** 9999-12-31T23:59:59.999Z: up to here {@link #isoChars} writes the text itself. */
  private static final long FAST_MAX_MS = 253_402_300_799_999L;
  /** Characters {@link #isoChars} needs at most ({@code 2026-12-05T17:03:18.123Z}). */
  static final int ISO_MAX_CHARS = 24;

  private Times() {}

  /** {@code epochMs} as an ISO-8601 UTC instant, exactly as {@code Instant.toString()} writes it; null stays null. */
  public static String iso(Long epochMs) {
    if (epochMs == null) {
      return null;
    }
    char[] buf = new char[ISO_MAX_CHARS];
    int n = isoChars(epochMs, buf);
    return n < 0 ? Instant.ofEpochMilli(epochMs).toString() : new String(buf, 0, n);
  }

  /**
   * Writes exactly what {@code Instant.ofEpochMilli(epochMs).toString()} would (no fraction when
   * the milliseconds are 0, else three digits) into {@code out} and returns its length; -1 outside
   * the years 1970–9999, where the caller uses {@code Instant.toString()}. A runs page formats 150
   * of these; the {@code DateTimeFormatter} behind {@code Instant.toString()} was a tenth of its CPU.
   */
  static int isoChars(long epochMs, char[] out) {
    if (epochMs < 0 || epochMs > FAST_MAX_MS) {
      return -1;
    }
    long days = epochMs / 86_400_000L;
    int msOfDay = (int) (epochMs - days * 86_400_000L);
    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
    long z = days + 719_468;
    long era = z / 146_097;
    int doe = (int) (z - era * 146_097);
    int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int day = doy - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
    int secOfDay = msOfDay / 1000;
    int ms = msOfDay % 1000;
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secOfDay % 60, 2);
    if (ms == 0) {
      out[19] = 'Z';
      return 20;
    }
    out[19] = '.';
    digits(out, 20, ms, 3);
    out[23] = 'Z';
    return 24;
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
