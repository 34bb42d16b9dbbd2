package dev.faultline.server.continuous.monkey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Random;

/**
 * Netflix Chaos Monkey's schedule, as its docs describe it: on each workday, for each group, flip
 * a coin weighted 1/meanTimeBetweenKillsInWorkDays; on heads, kill at a uniformly random time in
 * [startHour, endHour); never kill when the last kill was fewer than
 * minTimeBetweenKillsInWorkDays workdays before. The number of days between kills is then
 * geometric with mean {@code meanTimeBetweenKillsInWorkDays}. Pure: the randomness comes in.
 */
public final class ChaosMonkey {
  private ChaosMonkey() {}

  /** Whether {@code day} is a workday (Monday to Friday). */
  public static boolean workday(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** Workdays in (from, to]: Monday's distance to the previous Friday is 1. */
  public static long workdaysBetween(LocalDate from, LocalDate to) {
    long n = 0;
    for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      if (workday(d)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The day's kill time, or empty: not a workday, tails, or too soon after {@code lastKill}.
   * Flips the coin and draws the time whatever the gap says, so a day's draw does not depend on
   * earlier days (a seed gives the same coin for the same day sequence).
   */
  public static Optional<Instant> plan(LocalDate day, MonkeyConfig config, Instant lastKill, Random random) {
    if (!workday(day)) {
      return Optional.empty();
    }
    boolean heads = random.nextDouble() < 1.0 / config.meanTimeBetweenKillsInWorkDays();
    long windowMs = (config.endHour() - config.startHour()) * 3_600_000L;
    long offsetMs = (long) (random.nextDouble() * windowMs);
    if (!heads) {
      return Optional.empty();
    }
    ZoneId zone = ZoneId.of(config.timeZone());
    if (lastKill != null) {
      LocalDate lastDay = lastKill.atZone(zone).toLocalDate();
      if (workdaysBetween(lastDay, day) < config.minTimeBetweenKillsInWorkDays()) {
        return Optional.empty();
      }
    }
    return Optional.of(day.atTime(config.startHour(), 0).atZone(zone).toInstant().plusMillis(offsetMs));
  }
}
