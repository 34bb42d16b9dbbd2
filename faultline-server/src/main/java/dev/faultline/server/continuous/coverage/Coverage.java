package dev.faultline.server.continuous.coverage;

import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.Levels;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.ScheduleStore;
import dev.faultline.server.continuous.services.ServiceStore;
import dev.faultline.server.db.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is at which level and what keeps failing: per service (level, opted in or out, last run,
 * pass rate over its last 50 scheduled runs, last deviation) and per organisation (services per
 * level, the opt-out list, schedules and opt-ins expiring within the warning period).
 */
public final class Coverage {
  private static final int RECENT_RUNS = 50;
  private final ServiceStore services;
  private final ScheduleStore schedules;
  private final EventStore events;
  private final RunStore runs;
  private final ContinuousSettings settings;

  public Coverage(ServiceStore services, ScheduleStore schedules, EventStore events, RunStore runs,
      ContinuousSettings settings) {
    this.services = services;
    this.schedules = schedules;
    this.events = events;
    this.runs = runs;
    this.settings = settings;
  }

  /** The whole answer of {@code GET /api/v1/coverage}. */
  public Map<String, Object> report() {
    long now = settings.clock().millis();
    long soon = now + settings.warning().toMillis();
    List<Map<String, Object>> perService = new ArrayList<>();
    Map<String, Integer> perLevel = new LinkedHashMap<>();
    for (int l = Levels.MIN; l <= Levels.MAX; l++) {
      perLevel.put(String.valueOf(l), 0);
    }
    List<Map<String, Object>> optedOut = new ArrayList<>();
    List<Map<String, Object>> expiring = new ArrayList<>();
    for (ServiceStore.Service s : services.list()) {
      perService.add(service(s));
      perLevel.merge(String.valueOf(s.level()), 1, Integer::sum);
      if (!s.optedIn()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.name());
        m.put("team", s.team());
        m.put("reason", s.optReason());
        m.put("owner", s.optOwner());
        optedOut.add(m);
      } else if (s.optedMs() + settings.lifetime().toMillis() <= soon) {
        expiring.add(Map.of("kind", "opt_in", "service", s.name(), "expires",
            Instant.ofEpochMilli(s.optedMs() + settings.lifetime().toMillis()).toString()));
      }
    }
    for (ScheduleStore.Schedule sc : schedules.list()) {
      if (ScheduleStore.ACTIVE.equals(sc.state()) && sc.expiresMs() <= soon) {
        expiring.add(Map.of("kind", "schedule", "id", sc.id(), "service", sc.service(), "owner", sc.owner(),
            "expires", Instant.ofEpochMilli(sc.expiresMs()).toString()));
      }
    }
    Map<String, Object> org = new LinkedHashMap<>();
    org.put("services", perService.size());
    org.put("services_per_level", perLevel);
    org.put("opted_out", optedOut);
    org.put("expiring_soon", expiring);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("organisation", org);
    out.put("services", perService);
    return out;
  }

  /** One service's coverage. */
  public Map<String, Object> service(ServiceStore.Service s) {
    List<RunStore.RunRecord> recent = new ArrayList<>();
    for (EventStore.Event e : events.ofService(s.name(), RECENT_RUNS * 4)) {
      if (e.runId() != null && (EventStore.RUN.equals(e.kind()) || EventStore.MONKEY_KILL.equals(e.kind()))) {
        runs.find(e.runId()).ifPresent(recent::add);
        if (recent.size() == RECENT_RUNS) {
          break;
        }
      }
    }
    int ended = 0;
    int passed = 0;
    Optional<RunStore.RunRecord> lastDeviation = Optional.empty();
    for (RunStore.RunRecord r : recent) {
      if (RunStore.LIVE_STATUSES.contains(r.status())) {
        continue;
      }
      ended++;
      boolean ok = "completed".equals(r.status()) && !Boolean.TRUE.equals(r.deviated());
      if (ok) {
        passed++;
      } else if (lastDeviation.isEmpty()) {
        lastDeviation = Optional.of(r);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", s.name());
    m.put("team", s.team());
    m.put("level", s.level());
    m.put("opted_in", s.optedIn());
    m.put("opt_out_reason", s.optReason());
    m.put("last_run", recent.isEmpty() ? null : run(recent.get(0)));
    m.put("runs_ended", ended);
    m.put("pass_rate", ended == 0 ? null : (double) passed / ended);
    m.put("last_deviation", lastDeviation.map(Coverage::run).orElse(null));
    return m;
  }

  private static Map<String, Object> run(RunStore.RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("status", r.status());
    m.put("deviated", r.deviated());
    m.put("verdict", r.verdict());
    m.put("submitted", Instant.ofEpochMilli(r.submittedMs()).toString());
    return m;
  }
}
