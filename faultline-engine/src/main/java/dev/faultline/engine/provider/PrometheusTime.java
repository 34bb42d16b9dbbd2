package dev.faultline.engine.provider;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times a Prometheus query takes ({@code time}, {@code start}, {@code end}), written the way
 * chaosprometheus accepts them through {@code dateparser}: an RFC 3339 date
 * ({@code 2024-05-01T12:00:00Z}; without an offset, the local time zone), unix seconds (a number
 * or its text), {@code "now"}, or {@code "<n> seconds|minutes|hours|days|weeks ago"} (singular
 * and short forms such as {@code min}, {@code h} too). dateparser understands more phrases; those
 * are the ones experiments use.
 */
public final class PrometheusTime {
  /** How the accepted forms read in error messages. */
  public static final String EXPECTED =
      "expected RFC 3339 (2024-05-01T12:00:00Z), unix seconds, \"now\" or \"<n> minutes ago\"";

  private static final Pattern AGO = Pattern.compile(
      "(\\d+(?:\\.\\d+)?)\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\\s+ago");
  private static final Pattern UNIX = Pattern.compile("-?\\d+(?:\\.\\d+)?");

  private PrometheusTime() {}

  /** The instant {@code value} names, relative forms counted from {@code now}; empty if unreadable. */
  public static Optional<Instant> parse(Object value, Instant now) {
    if (value instanceof Number n) {
      return Optional.of(fromUnixSeconds(new BigDecimal(n.toString())));
    }
    if (!(value instanceof String raw)) {
      return Optional.empty();
    }
    String text = raw.trim().toLowerCase(Locale.ROOT);
    if (text.equals("now")) {
      return Optional.of(now);
    }
    if (UNIX.matcher(text).matches()) {
      return Optional.of(fromUnixSeconds(new BigDecimal(text)));
    }
    Matcher ago = AGO.matcher(text);
    if (ago.matches()) {
      double amount = Double.parseDouble(ago.group(1));
      return Optional.of(now.minus(Duration.ofNanos(Math.round(amount * unitSeconds(ago.group(2)) * 1e9))));
    }
    String iso = raw.trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
    try {
      return Optional.of(OffsetDateTime.parse(iso).toInstant());
    } catch (DateTimeException e) {
      // not with an offset; try local time below
    }
    try {
      return Optional.of(LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Instant fromUnixSeconds(BigDecimal seconds) {
    BigDecimal whole = new BigDecimal(seconds.toBigInteger());
    long nanos = seconds.subtract(whole).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  private static double unitSeconds(String unit) {
    return switch (unit.charAt(0)) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86_400;
      default -> 604_800; // weeks
    };
  }
}
