package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.server.TestServer.Response;
import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.schedule.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six simulated weeks on an injected clock through the real server: a daily cron in Berlin across
 * the DST change, weekends and a holiday skipped and recorded, the 7-day expiry warning, one
 * schedule expiring after 30 days and one renewed, the service's opt-in renewed too.
 */
class ContinuousClockTest {
  @TempDir
  Path dir;

  @Test
  void sixSimulatedWeeksOfADailyScheduleInBerlin() throws Exception {
    Instant start = Instant.parse("2026-03-23T06:00:00Z"); // a Monday, CET
    ContinuousFixtures.MutableClock clock = new ContinuousFixtures.MutableClock(start);
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withClock(clock)
        .withSchedulerRunning(false)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health();
        ContinuousFixtures.Receiver receiver = new ContinuousFixtures.Receiver()) {
      String admin = t.adminToken;
      for (String id : List.of("blk-default-weekends", "blk-default-hours")) {
        assertThat(t.call("DELETE", "/api/v1/calendars/" + id, admin, null).status()).isEqualTo(204);
      }
      post(t, "/api/v1/calendars", "{\"kind\": \"weekends\", \"time_zone\": \"Europe/Berlin\"}");
      post(t, "/api/v1/calendars", "{\"kind\": \"outside_hours\", \"time_zone\": \"Europe/Berlin\", \"start_hour\": 9, "
          + "\"end_hour\": 17}");
      post(t, "/api/v1/calendars", "{\"kind\": \"holiday\", \"time_zone\": \"Europe/Berlin\", \"day\": \"2026-04-03\", "
          + "\"reason\": \"Good Friday\"}");
      post(t, "/api/v1/notifications", "{\"kind\": \"webhook\", \"url\": \"" + receiver.base() + "/hook\"}");
      post(t, "/api/v1/services", ContinuousFixtures.service("inventory", "stock", 0, health.url()));
      String doc = "{\"title\": \"inventory answers\", \"description\": \"d\", \"method\": [{\"type\": \"probe\", "
          + "\"name\": \"get\", \"provider\": {\"type\": \"http\", \"url\": \"" + health.url() + "\"}}]}";
      String body = "{\"service\": \"inventory\", \"cron\": \"0 10 * * *\", \"time_zone\": \"Europe/Berlin\", "
          + "\"document\": " + doc + "}";
      String lapsing = (String) post(t, "/api/v1/schedules", body).get("id");
      String renewed = (String) post(t, "/api/v1/schedules", body).get("id");

      Instant end = start.plus(Duration.ofDays(42));
      Instant renewAt = start.plus(Duration.ofDays(25));
      boolean didRenew = false;
      long tickNs = 0;
      long idleNs = 0;
      for (Instant now = start; now.isBefore(end); now = now.plus(Duration.ofMinutes(30))) {
        clock.set(now);
        if (!didRenew && !now.isBefore(renewAt)) {
          assertThat(t.call("POST", "/api/v1/schedules/" + renewed + "/renew", admin, null).status()).isEqualTo(200);
          assertThat(t.call("POST", "/api/v1/services/inventory/opt-in", admin, null).status()).isEqualTo(200);
          didRenew = true;
        }
        long t0 = System.nanoTime();
        int due = t.server.continuous().scheduler().tick();
        long t1 = System.nanoTime();
        tickNs += t1 - t0;
        if (due > 0) {
          awaitIdle(t);
          idleNs += System.nanoTime() - t1;
        }
      }

      System.out.println("[continuous] simulated weeks: ticks " + tickNs / 1_000_000 + " ms, runs " + idleNs / 1_000_000
          + " ms");
      Map<LocalDate, String> lapsingDays = byDay(t, lapsing);
      Map<LocalDate, String> renewedDays = byDay(t, renewed);
      // Before 2026-03-29 10:00 Berlin is 09:00Z; after the switch to CEST it is 08:00Z.
      assertThat(lapsingDays.get(LocalDate.of(2026, 3, 23))).isEqualTo("run@09:00");
      assertThat(lapsingDays.get(LocalDate.of(2026, 3, 27))).isEqualTo("run@09:00");
      assertThat(lapsingDays.get(LocalDate.of(2026, 3, 28))).startsWith("skipped@09:00: blackout: weekend");
      assertThat(lapsingDays.get(LocalDate.of(2026, 3, 29))).startsWith("skipped@08:00: blackout: weekend");
      assertThat(lapsingDays.get(LocalDate.of(2026, 3, 30))).isEqualTo("run@08:00");
      assertThat(lapsingDays.get(LocalDate.of(2026, 4, 3))).startsWith("skipped@08:00: blackout: holiday 2026-04-03")
          .contains("Good Friday");
      // Created 2026-03-23T06:00Z: expires 30 days later, before that day's 10:00 run.
      assertThat(lapsingDays.get(LocalDate.of(2026, 4, 21))).isEqualTo("run@08:00");
      assertThat(lapsingDays.get(LocalDate.of(2026, 4, 22))).startsWith("expired@06:00");
      assertThat(lapsingDays.keySet()).allMatch(d -> !d.isAfter(LocalDate.of(2026, 4, 22)));
      assertThat(t.get("/api/v1/schedules/" + lapsing, admin).json()).containsEntry("state", "expired")
          .containsEntry("next_due", null);
      // The renewed one (and the renewed opt-in) go on past the 30 days.
      assertThat(renewedDays.get(LocalDate.of(2026, 4, 22))).isEqualTo("run@08:00");
      assertThat(renewedDays.get(LocalDate.of(2026, 5, 1))).isEqualTo("run@08:00");
      long runs = renewedDays.values().stream().filter(v -> v.startsWith("run")).count();
      assertThat(runs).as(renewedDays.toString()).isEqualTo(29); // 30 weekdays, less Good Friday
      Map<String, Object> service = t.get("/api/v1/services/inventory", admin).json();
      assertThat(service).containsEntry("opted_in", true);
      assertThat(service.get("coverage").toString()).contains("pass_rate=1.0");

      // The 7-day warnings went out once each (schedules and the opt-in), and the expiry itself.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!receiver.received().toString().contains("schedule_expired") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String notes = receiver.received().toString();
      assertThat(count(notes, "\"event\":\"schedule_expiring\"")).isEqualTo(2);
      assertThat(count(notes, "\"event\":\"opt_in_expiring\"")).isEqualTo(1);
      assertThat(count(notes, "\"event\":\"schedule_expired\"")).isEqualTo(1);
      assertThat(notes).contains(lapsing + "/renew");
    }
  }

  @Test
  void theMonkeyKillsOnWorkdaysInItsWindowLeashedOrNotThroughTheScheduler() throws Exception {
    Instant start = Instant.parse("2026-06-01T00:00:00Z"); // a Monday
    ContinuousFixtures.MutableClock clock = new ContinuousFixtures.MutableClock(start);
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withClock(clock)
        .withSchedulerRunning(false).withMonkeySeed(7L)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health()) {
      String probeOnly = "{\"title\": \"kill ${instance}\", \"description\": \"d\", \"configuration\": "
          + "{\"instance\": \"none\"}, \"method\": [{\"type\": \"probe\", \"name\": \"p\", \"provider\": "
          + "{\"type\": \"http\", \"url\": \"" + health.url() + "?kill=${instance}\"}}]}";
      String leashed = ContinuousFixtures.service("cart", "shop", 0, health.url()).strip();
      leashed = leashed.substring(0, leashed.length() - 1) + ", \"monkey\": {\"instances\": [\"cart-1\", \"cart-2\"]}}";
      post(t, "/api/v1/services", leashed);
      String unleashed = ContinuousFixtures.service("search", "shop", 0, health.url()).strip();
      unleashed = unleashed.substring(0, unleashed.length() - 1) + ", \"monkey\": {\"leashed\": false, "
          + "\"meanTimeBetweenKillsInWorkDays\": 1, \"instances\": [\"search-1\"], \"experiment\": " + probeOnly + "}}";
      post(t, "/api/v1/services", unleashed);
      for (Instant now = start; now.isBefore(start.plus(Duration.ofDays(21))); now = now.plus(Duration.ofMinutes(30))) {
        clock.set(now);
        t.server.continuous().scheduler().tick();
        awaitIdle(t);
      }
      List<EventStore.Event> cart = t.server.continuous().events().ofService("cart", 100);
      List<EventStore.Event> search = t.server.continuous().events().ofService("search", 100);
      assertThat(cart).isNotEmpty().allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(EventStore.MONKEY_LEASHED);
        assertThat(e.detail()).containsPattern("would kill instance cart-[12]");
      });
      assertThat(cart.size()).as("15 workdays at p = 1/2").isBetween(3, 12);
      // mean 1: a kill every workday, at a time inside 09:00-15:00 UTC
      assertThat(search).hasSize(15).allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(EventStore.MONKEY_KILL);
        java.time.ZonedDateTime at = Instant.ofEpochMilli(e.atMs()).atZone(java.time.ZoneOffset.UTC);
        assertThat(at.getDayOfWeek()).isNotIn(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
        assertThat(at.getHour()).isBetween(9, 15);
        assertThat(e.runId()).isNotNull();
      });
      String runId = search.get(0).runId();
      Map<String, Object> run = t.awaitEnd(runId, t.adminToken, Duration.ofSeconds(10));
      assertThat(run).containsEntry("status", "completed").containsEntry("submitted_by", "monkey:search");
      assertThat(health.queries).as("the kill experiment ran with the picked instance").contains("kill=search-1")
          .doesNotContain("kill=none");
    }
  }

  private static Map<String, Object> post(TestServer t, String path, String body) throws Exception {
    Response r = t.call("POST", path, t.adminToken, body);
    assertThat(r.status()).as(path + " " + r).isEqualTo(201);
    return r.json();
  }

  private static void awaitIdle(TestServer t) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!t.server.continuous().launcher().live().isEmpty()) {
      t.server.continuous().scheduler().tick(); // notices ended runs
      if (System.nanoTime() > deadline) {
        throw new AssertionError("scheduled runs still live: " + t.server.continuous().launcher().live());
      }
      Thread.sleep(10);
    }
  }

  /** What happened to a schedule, per Berlin day: kind@HH:MM (UTC) and the detail of skips. */
  private static Map<LocalDate, String> byDay(TestServer t, String scheduleId) {
    Map<LocalDate, String> out = new TreeMap<>();
    for (EventStore.Event e : t.server.continuous().events().ofSchedule(scheduleId, 1000)) {
      Instant at = Instant.ofEpochMilli(e.atMs());
      String hhmm = at.toString().substring(11, 16);
      out.put(at.atZone(ZoneId.of("Europe/Berlin")).toLocalDate(), e.kind() + "@" + hhmm
          + (EventStore.RUN.equals(e.kind()) ? "" : ": " + e.detail()));
    }
    return out;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
