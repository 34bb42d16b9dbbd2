package dev.faultline.server.continuous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.server.continuous.calendar.Blackout;
import dev.faultline.server.continuous.monkey.ChaosMonkey;
import dev.faultline.server.continuous.monkey.MonkeyConfig;
import dev.faultline.server.continuous.schedule.CronSpec;
import dev.faultline.server.continuous.schedule.Launcher;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cron in time zones and across DST, blackout rules, levels, and Chaos Monkey's statistics. */
class SchedulingRulesTest {

  @Test
  void cronFiresAtTheSameLocalTimeAcrossTheDstChangeInEachZone() throws Exception {
    // Europe/Berlin springs forward on 2026-03-29 (CET+1 → CEST+2): 10:00 local is 09:00Z, then 08:00Z.
    CronSpec berlin = CronSpec.parse("0 10 * * *", "Europe/Berlin");
    List<Instant> fires = firings(berlin, Instant.parse("2026-03-27T00:00:00Z"), 4);
    assertThat(fires).containsExactly(Instant.parse("2026-03-27T09:00:00Z"), Instant.parse("2026-03-28T09:00:00Z"),
        Instant.parse("2026-03-29T08:00:00Z"), Instant.parse("2026-03-30T08:00:00Z"));
    // America/New_York falls back on 2026-11-01 (EDT-4 → EST-5).
    CronSpec ny = CronSpec.parse("30 9 * * 1-5", "America/New_York");
    assertThat(firings(ny, Instant.parse("2026-10-29T00:00:00Z"), 3)).containsExactly(
        Instant.parse("2026-10-29T13:30:00Z"), Instant.parse("2026-10-30T13:30:00Z"),
        Instant.parse("2026-11-02T14:30:00Z")); // weekend skipped by the expression, then EST
    // Asia/Kolkata has no DST and a half-hour offset.
    CronSpec kolkata = CronSpec.parse("0 12 * * *", "Asia/Kolkata");
    assertThat(kolkata.nextAfter(Instant.parse("2026-03-29T00:00:00Z"))).contains(Instant.parse("2026-03-29T06:30:00Z"));
  }

  @Test
  void aCronTimeInTheSkippedDstHourFiresOnceThatDayAndNeverTwiceInTheRepeatedHour() throws Exception {
    // 02:30 does not exist in Berlin on 2026-03-29; it exists twice on 2026-10-25.
    CronSpec spring = CronSpec.parse("30 2 * * *", "Europe/Berlin");
    List<Instant> march = firings(spring, Instant.parse("2026-03-28T00:00:00Z"), 3);
    assertThat(march).hasSize(3).doesNotHaveDuplicates();
    assertThat(march.stream().map(i -> i.atZone(ZoneId.of("Europe/Berlin")).toLocalDate()).distinct()).hasSize(3);
    CronSpec autumn = CronSpec.parse("30 2 * * *", "Europe/Berlin");
    List<Instant> october = firings(autumn, Instant.parse("2026-10-24T00:00:00Z"), 3);
    assertThat(october.stream().map(i -> i.atZone(ZoneId.of("Europe/Berlin")).toLocalDate()).distinct()).hasSize(3);
  }

  @Test
  void badCronAndUnknownZonesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> CronSpec.parse("61 * * * *", "UTC")).isInstanceOf(CronSpec.BadSpecException.class)
        .hasMessageContaining("'cron' is not a valid Unix cron expression '61 * * * *'");
    assertThatThrownBy(() -> CronSpec.parse("* * *", "UTC")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronSpec.parse("0 10 * * *", "Mars/Olympus"))
        .hasMessageContaining("'time_zone' names no known time zone: 'Mars/Olympus'");
  }

  private static List<Instant> firings(CronSpec spec, Instant from, int n) {
    List<Instant> out = new ArrayList<>();
    Instant at = from;
    for (int i = 0; i < n; i++) {
      at = spec.nextAfter(at).orElseThrow();
      out.add(at);
    }
    return out;
  }

  @Test
  void blackoutRulesReadDaysAndHoursInTheirZone() {
    Blackout weekends = new Blackout("w", null, Blackout.Kind.WEEKENDS, "Pacific/Auckland", null, null, null, null,
        null, "r", 0, "t");
    // Friday 20:00Z is Saturday morning in Auckland.
    assertThat(weekends.blocks(Instant.parse("2026-12-04T20:00:00Z"))).isTrue();
    assertThat(weekends.blocks(Instant.parse("2026-12-03T20:00:00Z"))).isFalse();
    Blackout hours = new Blackout("h", "payments", Blackout.Kind.OUTSIDE_HOURS, "Europe/Berlin", null, 9, 17, null,
        null, "r", 0, "t");
    assertThat(hours.blocks(Instant.parse("2026-07-01T07:30:00Z"))).isFalse(); // 09:30 CEST
    assertThat(hours.blocks(Instant.parse("2026-07-01T06:30:00Z"))).isTrue(); // 08:30 CEST
    assertThat(hours.blocks(Instant.parse("2026-07-01T15:00:00Z"))).isTrue(); // 17:00 CEST
    assertThat(hours.appliesTo("payments")).isTrue();
    assertThat(hours.appliesTo("search")).isFalse();
    Blackout holiday = new Blackout("x", null, Blackout.Kind.HOLIDAY, "Europe/Berlin", "2026-12-25", null, null, null,
        null, "Christmas", 0, "t");
    assertThat(holiday.blocks(Instant.parse("2026-12-24T23:30:00Z"))).isTrue(); // already the 25th in Berlin
    assertThat(holiday.blocks(Instant.parse("2026-12-25T23:30:00Z"))).isFalse();
    Blackout freeze = new Blackout("f", null, Blackout.Kind.FREEZE, "UTC", null, null, null,
        Instant.parse("2026-11-27T00:00:00Z").toEpochMilli(), Instant.parse("2026-11-30T00:00:00Z").toEpochMilli(),
        "Black Friday", 0, "t");
    assertThat(freeze.blocks(Instant.parse("2026-11-29T23:59:59Z"))).isTrue();
    assertThat(freeze.blocks(Instant.parse("2026-11-30T00:00:00Z"))).isFalse();
    assertThat(freeze.describe()).contains("Black Friday");
  }

  @Test
  void levelsGateFaultsAndUnknownActionsNeedTheTopLevel() {
    Map<String, Object> doc = Map.of("method", List.of(
        Map.of("type", "probe", "name", "p", "provider", Map.of("type", "http", "url", "http://x")),
        Map.of("type", "action", "name", "kill", "provider", Map.of("type", "fault", "fault", "host-kill")),
        Map.of("type", "action", "name", "lag", "provider", Map.of("type", "fault", "fault", "proxy-latency")),
        Map.of("type", "action", "name", "hide", "provider", Map.of("type", "fault", "fault", "file-move")),
        Map.of("type", "action", "name", "script", "provider", Map.of("type", "process", "path", "true"))));
    assertThat(Launcher.levelViolations(doc, 3)).isEmpty();
    assertThat(Launcher.levelViolations(doc, 2)).hasSize(1).first().asString().contains("'script'");
    assertThat(Launcher.levelViolations(doc, 1)).hasSize(2);
    assertThat(Launcher.levelViolations(doc, 0)).hasSize(3).anySatisfy(v -> assertThat(v).contains("proxy-latency",
        "needs level 1"));
    assertThat(Levels.of("host-cpu")).isEqualTo(2);
    assertThat(Levels.of("zone-outage")).isEqualTo(3);
    assertThat(Levels.of("something-new")).isEqualTo(3);
  }

  @Test
  void monkeyKillsWithProbabilityOneOverTheMeanOnWorkdaysInsideTheWindow() {
    MonkeyConfig config = MonkeyConfig.defaults(); // mean 2, min 1, 09:00-15:00, UTC
    long seed = 20261205L;
    Random random = new Random(seed);
    LocalDate day = LocalDate.of(2026, 1, 5);
    int workdays = 0;
    List<Instant> kills = new ArrayList<>();
    for (int i = 0; i < 2800; i++, day = day.plusDays(1)) { // ~7.7 simulated years, 2,000 workdays
      Instant last = kills.isEmpty() ? null : kills.get(kills.size() - 1);
      Optional<Instant> kill = ChaosMonkey.plan(day, config, last, random);
      if (ChaosMonkey.workday(day)) {
        workdays++;
      } else {
        assertThat(kill).as("no kill on " + day).isEmpty();
      }
      kill.ifPresent(kills::add);
    }
    // Binomial(n, 1/2): mean n/2, sd sqrt(n)/2; 4 sd is a bound a correct monkey breaks once in 15,000 seeds.
    double expected = workdays / config.meanTimeBetweenKillsInWorkDays();
    double sd = Math.sqrt(workdays * 0.5 * 0.5);
    assertThat((double) kills.size()).as("kills over " + workdays + " workdays, seed " + seed)
        .isBetween(expected - 4 * sd, expected + 4 * sd);
    for (Instant k : kills) {
      ZonedDateTime z = k.atZone(ZoneId.of("UTC"));
      assertThat(z.getHour()).as(k.toString()).isBetween(9, 14);
      assertThat(z.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }
    // the kill times spread over the window: each of the 6 hours gets about a sixth
    long firstHour = kills.stream().filter(k -> k.atZone(ZoneId.of("UTC")).getHour() == 9).count();
    assertThat((double) firstHour / kills.size()).as("seed " + seed).isBetween(0.12, 0.22);
  }

  @Test
  void monkeyNeverKillsTwiceWithinTheMinimumGapAndTheGapStretchesTheMean() {
    MonkeyConfig config = MonkeyConfig.parse(Map.of("meanTimeBetweenKillsInWorkDays", 2,
        "minTimeBetweenKillsInWorkDays", 3, "timeZone", "Europe/Berlin"));
    long seed = 42L;
    Random random = new Random(seed);
    LocalDate day = LocalDate.of(2026, 1, 5);
    List<Instant> kills = new ArrayList<>();
    int workdays = 0;
    for (int i = 0; i < 1400; i++, day = day.plusDays(1)) {
      workdays += ChaosMonkey.workday(day) ? 1 : 0;
      ChaosMonkey.plan(day, config, kills.isEmpty() ? null : kills.get(kills.size() - 1), random)
          .ifPresent(kills::add);
    }
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    for (int i = 1; i < kills.size(); i++) {
      long gap = ChaosMonkey.workdaysBetween(kills.get(i - 1).atZone(berlin).toLocalDate(),
          kills.get(i).atZone(berlin).toLocalDate());
      assertThat(gap).as("gap before kill " + i + " (seed " + seed + ")").isGreaterThanOrEqualTo(3);
    }
    // With a gap of at least 3 the mean distance is 3 + (2 - 1) = 4 workdays (geometric after the gap).
    double meanGap = (double) workdays / kills.size();
    assertThat(meanGap).as("seed " + seed).isBetween(3.6, 4.4);
    assertThat(ChaosMonkey.workdaysBetween(LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 7))).isEqualTo(1);
  }
}
