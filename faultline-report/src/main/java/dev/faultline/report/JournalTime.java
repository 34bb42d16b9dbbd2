package dev.faultline.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the journal's timestamps and turns them into offsets from the run start. */
final class JournalTime {
  private JournalTime() {}

  /**
   * Parses an ISO-8601 time. Older Chaos Toolkit versions wrote UTC times without an offset, so a
   * time without one is read as UTC.
   */
  static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
    } catch (DateTimeParseException withOffsetFailed) {
      try {
        return Optional.of(LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException naiveFailed) {
        return Optional.empty();
      }
    }
  }

  /** Milliseconds from {@code from} to {@code to}, with sub-millisecond precision. */
  static double millisBetween(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000d;
  }
}
