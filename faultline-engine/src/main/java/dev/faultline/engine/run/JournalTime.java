package dev.faultline.engine.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Journal timestamps as Chaos Toolkit writes them: ISO-8601 UTC, microseconds, {@code +00:00}. */
public final class JournalTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private JournalTime() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** Seconds between two monotonic readings, as the journal's float {@code duration}. */
  public static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }
}
