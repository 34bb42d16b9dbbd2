package dev.faultline.server.continuous.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One blackout rule: while it holds, scheduled chaos does not start and scheduled runs in
 * progress are halted.
 *
 * @param team the team it applies to, or null for every team (global)
 * @param kind what it blocks
 * @param timeZone the zone its days and hours are read in
 * @param day a holiday's date (yyyy-mm-dd), for {@link Kind#HOLIDAY}
 * @param startHour business hours start (0–23), for {@link Kind#OUTSIDE_HOURS}
 * @param endHour business hours end (1–24, exclusive), for {@link Kind#OUTSIDE_HOURS}
 * @param startMs a freeze window's start, for {@link Kind#FREEZE}
 * @param endMs a freeze window's end (exclusive), for {@link Kind#FREEZE}
 * @param reason why, shown with every skip it causes
 */
public record Blackout(String id, String team, Kind kind, String timeZone, String day, Integer startHour,
    Integer endHour, Long startMs, Long endMs, String reason, long createdMs, String createdBy) {

  /** What a rule blocks. */
  public enum Kind {
    /** Saturdays and Sundays. */
    WEEKENDS("weekends"),
    /** Every hour outside [startHour, endHour). */
    OUTSIDE_HOURS("outside_hours"),
    /** One whole day. */
    HOLIDAY("holiday"),
    /** [startMs, endMs): a change freeze. */
    FREEZE("freeze");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind fromWireName(String name) {
      return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown blackout kind '" + name + "'"));
    }

    public static Optional<Kind> parse(String name) {
      return Arrays.stream(values()).filter(k -> k.wireName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }
  }

  /** Whether this rule applies to {@code team} (a global rule applies to all). */
  public boolean appliesTo(String team) {
    return this.team == null || this.team.equals(team);
  }

  /** Whether {@code at} is blacked out by this rule. */
  public boolean blocks(Instant at) {
    ZonedDateTime local = at.atZone(ZoneId.of(timeZone));
    return switch (kind) {
      case WEEKENDS -> local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
      case OUTSIDE_HOURS -> local.getHour() < startHour || local.getHour() >= endHour;
      case HOLIDAY -> local.toLocalDate().equals(LocalDate.parse(day));
      case FREEZE -> at.toEpochMilli() >= startMs && at.toEpochMilli() < endMs;
    };
  }

  /** What a skip caused by this rule says. */
  public String describe() {
    String scope = team == null ? "global" : "team " + team;
    return switch (kind) {
      case WEEKENDS -> "weekend (" + scope + " blackout " + id + ", " + timeZone + ")";
      case OUTSIDE_HOURS -> "outside business hours " + startHour + ":00-" + endHour + ":00 " + timeZone + " ("
          + scope + " blackout " + id + ")";
      case HOLIDAY -> "holiday " + day + " (" + scope + " blackout " + id + "): " + reason;
      case FREEZE -> "freeze " + Instant.ofEpochMilli(startMs) + " to " + Instant.ofEpochMilli(endMs) + " ("
          + scope + " blackout " + id + "): " + reason;
    };
  }
}
