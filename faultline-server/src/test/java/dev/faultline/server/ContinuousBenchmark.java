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
 *       reverted (the file back in place), p50/p99;
 *   <li>the same through the real HTTP route: an Alertmanager v4 webhook POSTed to
 *       {@code /api/v1/webhooks/alertmanager} (bearer token, parsed, stored, published) → the
 *       fault reverted, p50/p99, with {@code GET /health} round trips on the same client and
 *       server in the same trials as the baseline.
 * </ul>
 *
 * <pre>
 * # one reactor call: the sibling modules resolve to their target/classes (they are not in ~/.m2)
 * mvn -o -q -pl faultline-server -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp "faultline-server/target/test-classes:faultline-server/target/classes:$(cat faultline-server/cp.txt)" \
 *   dev.faultline.server.ContinuousBenchmark [schedules 10000] [trials 30] [--only webhook]
 * </pre>
 */
public final class ContinuousBenchmark {
  private ContinuousBenchmark() {}

  public static void main(String[] args) throws Exception {
    int schedules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    boolean webhookOnly = List.of(args).contains("--only") && List.of(args).contains("webhook");
    Path dir = Files.createTempDirectory("faultline-continuous-bench");
    if (!webhookOnly) {
      tick(dir.resolve("tick"), schedules);
      dueAndAbort(dir.resolve("live"), trials);
    }
    webhookAbort(dir.resolve("webhook"), trials);
  }

  /**
   * Issue 13's "incident webhook received → matching runs aborted and their faults reverted"
   * through the real route: per trial a scheduled run hides a file, then an Alertmanager v4
   * firing alert for its service is POSTed; the clock stops when the file is back. Each trial
   * first times {@code GET /health} on the same HTTP client (the route-independent baseline).
   */
  private static void webhookAbort(Path dir, int trials) throws Exception {
    Files.createDirectories(dir);
    try (TestServer t = TestServer.start(dir, c -> c.withContinuous(ContinuousSettings.defaults().withTickMs(100)
        .withCooldown(Duration.ZERO)));
        ContinuousFixtures.Health health = new ContinuousFixtures.Health()) {
      ContinuousFixtures.clearBlackouts(t);
      t.call("POST", "/api/v1/services", t.adminToken, ContinuousFixtures.service("bench", "b", 2, health.url()));
      for (int i = 0; i < 20; i++) {
        t.get("/health", null); // warm the connection and the route
      }
      List<Long> healthUs = new ArrayList<>();
      List<Long> acceptedUs = new ArrayList<>();
      List<Long> revertUs = new ArrayList<>();
      for (int i = 0; i < trials; i++) {
        Path file = Files.writeString(dir.resolve("f" + i), "x");
        String scheduleId = (String) ContinuousFixtures.scheduleSoon(t, t.adminToken, "bench",
            ContinuousFixtures.hideFile(file, 30)).get("id");
        String runId = awaitRun(t, scheduleId);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        long h = System.nanoTime();
        if (t.get("/health", null).status() != 200) {
          throw new IllegalStateException("/health failed");
        }
        healthUs.add((System.nanoTime() - h) / 1_000);
        Instant starts = Instant.now();
        String firing = WebhookClient.alertmanager("firing", "BenchDown", "fpBench" + i, starts, null,
            Map.of("service", "bench"));
        long posted = System.nanoTime();
        TestServer.Response r = WebhookClient.withToken(t, "alertmanager", firing, t.adminToken);
        long accepted = System.nanoTime();
        if (r.status() != 202) {
          throw new IllegalStateException("webhook refused: " + r);
        }
        while (!Files.exists(file) && System.nanoTime() - posted < Duration.ofSeconds(10).toNanos()) {
          Thread.onSpinWait();
        }
        revertUs.add((System.nanoTime() - posted) / 1_000);
        acceptedUs.add((accepted - posted) / 1_000);
        WebhookClient.withToken(t, "alertmanager", WebhookClient.alertmanager("resolved", "BenchDown", "fpBench" + i,
            starts, Instant.now(), Map.of("service", "bench")), t.adminToken);
        t.awaitEnd(runId, t.adminToken, Duration.ofSeconds(10));
        Thread.sleep(250); // the scheduler's next tick ends the zero cool-down
      }
      System.out.printf("GET /health round trip, baseline (%d trials): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          trials, pct(healthUs, 50) / 1000.0, pct(healthUs, 99) / 1000.0, Collections.max(healthUs) / 1000.0);
      System.out.printf("Alertmanager webhook POST -> 202 (%d trials): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          trials, pct(acceptedUs, 50) / 1000.0, pct(acceptedUs, 99) / 1000.0, Collections.max(acceptedUs) / 1000.0);
      System.out.printf("Alertmanager webhook POST -> fault reverted (%d trials): p50 %.1f ms, p99 %.1f ms, "
          + "max %.1f ms%n", trials, pct(revertUs, 50) / 1000.0, pct(revertUs, 99) / 1000.0,
          Collections.max(revertUs) / 1000.0);
    }
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
