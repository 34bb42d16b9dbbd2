package dev.faultline.server;

import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.schedule.ScheduleStore;
import dev.faultline.server.continuous.schedule.Scheduler;
import dev.faultline.server.signal.InboundSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Continuous chaos's numbers (issue 13), a harness run by hand, not a test:
 *
 * <ul>
 *   <li>scheduler tick over 10,000 active schedules (none due: the evaluation itself), p50/p99;
 *   <li>a due run's start after its due time, with the default 500 ms tick, p50/p99;
 *   <li>incident signal published on the bus → the scheduled run's real {@code file-move} fault
 *       reverted (the file back in place), p50/p99.
 * </ul>
 *
 * <pre>
 * mvn -o -q -pl faultline-server -am test-compile
 * mvn -o -q -pl faultline-server dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp "faultline-server/target/test-classes:faultline-server/target/classes:$(cat faultline-server/cp.txt)" \
 *   dev.faultline.server.ContinuousBenchmark [schedules 10000] [trials 30]
 * </pre>
 */
public final class ContinuousBenchmark {
  private ContinuousBenchmark() {}

  public static void main(String[] args) throws Exception {
    int schedules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Files.createTempDirectory("faultline-continuous-bench");
    tick(dir.resolve("tick"), schedules);
    dueAndAbort(dir.resolve("live"), trials);
  }

  private static void tick(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(c.continuous().withSchedulerRunning(false)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health()) {
      t.call("POST", "/api/v1/services", t.adminToken, ContinuousFixtures.service("bench", "b", 0, health.url()));
      ScheduleStore store = t.server.continuous().schedules();
      long now = System.currentTimeMillis();
      String doc = "{\"title\": \"t\", \"description\": \"d\", \"method\": []}";
      for (int i = 0; i < n; i++) {
        store.insert(new ScheduleStore.Schedule("sch_bench_" + i, "bench", "bench", "cron", "0 10 * * 1-5", "UTC",
            null, null, null, doc, false, ScheduleStore.ACTIVE, now + Duration.ofDays(1).toMillis() + i, now, "bench",
            now, now + Duration.ofDays(30).toMillis(), null, null, null));
      }
      long loadStart = System.nanoTime();
      Scheduler scheduler = t.server.continuous().scheduler();
      scheduler.reloadAll();
      long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
      List<Long> us = new ArrayList<>();
      for (int i = 0; i < 220; i++) {
        long s = System.nanoTime();
        scheduler.tick();
        if (i >= 20) {
          us.add((System.nanoTime() - s) / 1_000);
        }
      }
      System.out.printf("tick over %d schedules (%d cached, loaded in %d ms): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          n, scheduler.cachedSchedules(), loadMs, pct(us, 50) / 1000.0, pct(us, 99) / 1000.0,
          Collections.max(us) / 1000.0);
    }
  }

  private static void dueAndAbort(Path dir, int trials) throws Exception {
    Files.createDirectories(dir);
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults()
        .withCooldown(Duration.ZERO)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health()) {
      for (String id : List.of("blk-default-weekends", "blk-default-hours")) {
        t.call("DELETE", "/api/v1/calendars/" + id, t.adminToken, null);
      }
      t.call("POST", "/api/v1/services", t.adminToken, ContinuousFixtures.service("bench", "b", 2, health.url()));
      List<Long> lateMs = new ArrayList<>();
      List<Long> revertUs = new ArrayList<>();
      for (int i = 0; i < trials; i++) {
        Path file = Files.writeString(dir.resolve("f" + i), "x");
        Instant now = Instant.now();
        Map<String, Object> sch = t.call("POST", "/api/v1/schedules", t.adminToken, "{\"service\": \"bench\", "
            + "\"window_start\": \"" + now.plusMillis(100) + "\", \"window_end\": \"" + now.plusMillis(600)
            + "\", \"document\": " + ContinuousFixtures.hideFile(file, 30) + "}").json();
        Instant due = Instant.parse((String) sch.get("next_due"));
        String runId = awaitRun(t, (String) sch.get("id"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        Map<String, Object> run = t.get("/api/v1/runs/" + runId, t.adminToken).json();
        lateMs.add(Duration.between(due, Instant.parse((String) run.get("submitted"))).toMillis());
        long published = System.nanoTime();
        t.server.continuous().signals().publish(new InboundSignal("generic", InboundSignal.Kind.INCIDENT_TRIGGERED,
            "inc-" + i, "bench incident", Map.of("service", "bench"), Instant.now(), Instant.now()));
        while (!Files.exists(file) && System.nanoTime() - published < Duration.ofSeconds(10).toNanos()) {
          Thread.onSpinWait();
        }
        revertUs.add((System.nanoTime() - published) / 1_000);
        t.server.continuous().signals().publish(new InboundSignal("generic", InboundSignal.Kind.INCIDENT_RESOLVED,
            "inc-" + i, "bench incident", Map.of("service", "bench"), Instant.now(), Instant.now()));
        t.awaitEnd(runId, t.adminToken, Duration.ofSeconds(10));
        Thread.sleep(600); // the scheduler's next tick ends the zero cool-down
      }
      System.out.printf("due -> run submitted (tick %d ms, %d trials): p50 %d ms, p99 %d ms, max %d ms%n",
          ContinuousSettings.defaults().tickMs(), trials, pct(lateMs, 50), pct(lateMs, 99), Collections.max(lateMs));
      System.out.printf("signal published -> fault reverted (%d trials): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          trials, pct(revertUs, 50) / 1000.0, pct(revertUs, 99) / 1000.0, Collections.max(revertUs) / 1000.0);
    }
  }

  @SuppressWarnings("unchecked")
  private static String awaitRun(TestServer t, String scheduleId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (Map<String, Object> e : (List<Map<String, Object>>) t.get("/api/v1/schedules/" + scheduleId, t.adminToken)
          .json().get("events")) {
        if ("run".equals(e.get("kind"))) {
          return (String) e.get("run_id");
        }
        if ("skipped".equals(e.get("kind"))) {
          throw new IllegalStateException("skipped: " + e.get("detail"));
        }
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("schedule " + scheduleId + " did not run");
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
