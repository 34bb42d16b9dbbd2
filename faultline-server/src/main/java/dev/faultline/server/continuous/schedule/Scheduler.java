package dev.faultline.server.continuous.schedule;

import dev.faultline.server.Json;
import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.calendar.Blackout;
import dev.faultline.server.continuous.calendar.Calendar;
import dev.faultline.server.continuous.monkey.ChaosMonkey;
import dev.faultline.server.continuous.monkey.MonkeyConfig;
import dev.faultline.server.continuous.notify.Notifier;
import dev.faultline.server.continuous.pause.IncidentPauser;
import dev.faultline.server.continuous.pause.PauseStore.Pause;
import dev.faultline.server.continuous.schedule.ScheduleStore.Schedule;
import dev.faultline.server.continuous.services.ServiceStore;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.run.HaltSwitch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The continuous-chaos scheduler. Each {@link #tick} (every {@code tickMs} on its thread, or
 * called by tests with a simulated clock): expiry and its warnings, due schedules (started, or
 * skipped with the reason recorded), the Chaos Monkey's kills, and the scheduled runs in progress
 * (halted when a blackout begins, notified when they end). Schedules are kept in memory, so a
 * tick costs no database read per schedule; every change goes through {@link #reload}.
 */
public final class Scheduler implements AutoCloseable {
  private final ScheduleStore schedules;
  private final ServiceStore services;
  private final EventStore events;
  private final Calendar calendar;
  private final IncidentPauser pauser;
  private final Launcher launcher;
  private final Notifier notifier;
  private final HaltSwitch halt;
  private final RunStore runs;
  private final AuditLog audit;
  private final ContinuousSettings settings;
  private final Map<String, Schedule> cache = new ConcurrentHashMap<>();
  private volatile Map<String, Service> serviceCache = Map.of();
  private final Map<String, MonkeyDay> monkeyDays = new HashMap<>();
  private final Random monkeyRandom;
  private Set<String> pausesInForce = new HashSet<>();
  private Boolean halted;
  private Thread thread;
  private volatile boolean closed;

  /** The monkey's plan for one service on one day. */
  private record MonkeyDay(LocalDate day, Instant killAt, boolean done) {}

  public Scheduler(ScheduleStore schedules, ServiceStore services, EventStore events, Calendar calendar,
      IncidentPauser pauser, Launcher launcher, Notifier notifier, HaltSwitch halt, RunStore runs, AuditLog audit,
      ContinuousSettings settings) {
    this.schedules = schedules;
    this.services = services;
    this.events = events;
    this.calendar = calendar;
    this.pauser = pauser;
    this.launcher = launcher;
    this.notifier = notifier;
    this.halt = halt;
    this.runs = runs;
    this.audit = audit;
    this.settings = settings;
    this.monkeyRandom = new Random(settings.monkeySeed());
    reloadAll();
  }

  /** Starts the tick thread (when the settings say it runs). */
  public void start() {
    if (!settings.schedulerRunning()) {
      return;
    }
    thread = new Thread(this::loop, "faultline-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        tick();
      } catch (RuntimeException e) {
        // A failing tick (database briefly unreachable) must not end scheduling; the next tick retries.
      }
      try {
        Thread.sleep(settings.tickMs());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reloads every schedule and service from the database. */
  public void reloadAll() {
    cache.clear();
    for (Schedule s : schedules.list()) {
      cache.put(s.id(), s);
    }
    reloadServices();
  }

  /** Reloads one schedule (after the API changed it); removes it from memory when it is gone. */
  public void reload(String scheduleId) {
    Optional<Schedule> s = schedules.find(scheduleId);
    if (s.isPresent()) {
      cache.put(scheduleId, s.get());
    } else {
      cache.remove(scheduleId);
    }
  }

  /** Reloads the services (after the API changed one). */
  public void reloadServices() {
    Map<String, Service> m = new HashMap<>();
    for (Service s : services.list()) {
      m.put(s.name(), s);
    }
    serviceCache = m;
    cache.values().removeIf(s -> !m.containsKey(s.service()));
  }

  /** One pass over everything; returns how many due runs it looked at. */
  public synchronized int tick() {
    long now = settings.clock().millis();
    haltTransitions();
    pauseTransitions(now);
    optInExpiry(now);
    int due = 0;
    for (Schedule s : cache.values()) {
      if (!ScheduleStore.ACTIVE.equals(s.state())) {
        continue;
      }
      if (now >= s.expiresMs()) {
        expire(s, now);
        continue;
      }
      if (s.warnedMs() == null && now >= s.expiresMs() - settings.warning().toMillis()) {
        schedules.markWarned(s.id(), now);
        cache.put(s.id(), withWarned(s, now));
        notifier.send(Notifier.Event.SCHEDULE_EXPIRING, s.service(), "schedule " + s.id() + " of " + s.service()
            + " expires at " + Instant.ofEpochMilli(s.expiresMs()) + "; renew it with POST /api/v1/schedules/"
            + s.id() + "/renew", Map.of("schedule", s.id(), "owner", s.owner()));
      }
      if (s.nextDueMs() != null && now >= s.nextDueMs()) {
        due++;
        fire(s, now);
      }
    }
    monkey(now);
    watchLive(now);
    return due;
  }

  private static Schedule withWarned(Schedule s, long now) {
    return new Schedule(s.id(), s.service(), s.owner(), s.kind(), s.cron(), s.timeZone(), s.windowStartMs(),
        s.windowEndMs(), s.experimentId(), s.document(), s.force(), s.state(), s.nextDueMs(), s.createdMs(),
        s.createdBy(), s.renewedMs(), s.expiresMs(), now, s.lastRunId(), s.lastRunMs());
  }

  private void expire(Schedule s, long now) {
    schedules.setState(s.id(), ScheduleStore.EXPIRED, null);
    reload(s.id());
    String why = "schedule " + s.id() + " expired at " + Instant.ofEpochMilli(s.expiresMs()) + " (30 days after it "
        + "was created or last renewed); renew it with POST /api/v1/schedules/" + s.id() + "/renew";
    events.append(now, s.service(), s.id(), EventStore.EXPIRED, null, why);
    audit.append("faultline", "schedule.expired", s.id(), Map.of("service", s.service()), "ok", why);
    notifier.send(Notifier.Event.SCHEDULE_EXPIRED, s.service(), why, Map.of("schedule", s.id()));
  }

  private void optInExpiry(long now) {
    boolean changed = false;
    for (Service svc : serviceCache.values()) {
      if (!svc.optedIn()) {
        continue;
      }
      long expires = svc.optedMs() + settings.lifetime().toMillis();
      if (now >= expires) {
        String why = "opt-in expired at " + Instant.ofEpochMilli(expires) + " (30 days after it was made or renewed); "
            + "opt in again with POST /api/v1/services/" + svc.name() + "/opt-in";
        services.expire(svc.name(), why, now);
        events.append(now, svc.name(), null, EventStore.EXPIRED, null, why);
        audit.append("faultline", "service.opt_in_expired", svc.name(), Map.of(), "ok", why);
        notifier.send(Notifier.Event.OPT_IN_EXPIRED, svc.name(), why, Map.of());
        changed = true;
      } else if (svc.warnedMs() == null && now >= expires - settings.warning().toMillis()) {
        services.markWarned(svc.name(), now);
        notifier.send(Notifier.Event.OPT_IN_EXPIRING, svc.name(), "the opt-in of " + svc.name() + " expires at "
            + Instant.ofEpochMilli(expires) + "; renew it with POST /api/v1/services/" + svc.name() + "/opt-in",
            Map.of());
        changed = true;
      }
    }
    if (changed) {
      reloadServices();
    }
  }

  /** Why a run of {@code svc} may not start now, or empty when it may. */
  private Optional<String> blocked(Service svc, boolean force, long now) {
    if (!svc.optedIn()) {
      return Optional.of("service " + svc.name() + " is opted out" + (svc.optReason() == null ? ""
          : " (" + svc.optReason() + ", by " + svc.optOwner() + ")"));
    }
    Optional<Pause> pause = pauser.pausing(svc.name(), svc.team(), now);
    if (pause.isPresent()) {
      Pause p = pause.get();
      return Optional.of("chaos is paused by " + p.cause() + (p.endsMs() == null ? " (still open)"
          : " until " + Instant.ofEpochMilli(p.endsMs())) + " [" + p.id() + "]");
    }
    if (Boolean.TRUE.equals(halted)) {
      return Optional.of("chaos is halted (DELETE /api/v1/halt resumes)");
    }
    if (!force) {
      Optional<Blackout> b = calendar.blackout(svc.team(), Instant.ofEpochMilli(now));
      if (b.isPresent()) {
        return Optional.of("blackout: " + b.get().describe());
      }
    }
    return Optional.empty();
  }

  private void fire(Schedule s, long now) {
    Long next = null;
    String state = ScheduleStore.ACTIVE;
    if ("cron".equals(s.kind())) {
      try {
        next = CronSpec.parse(s.cron(), s.timeZone()).nextAfter(Instant.ofEpochMilli(now)).map(Instant::toEpochMilli)
            .orElse(null);
      } catch (CronSpec.BadSpecException e) {
        next = null; // validated when stored; a zone removed from the tz database since stops the schedule
      }
    } else {
      state = ScheduleStore.DONE;
    }
    Service svc = serviceCache.get(s.service());
    String runId = null;
    String skip;
    if (svc == null) {
      skip = "service " + s.service() + " no longer exists";
    } else {
      skip = blocked(svc, s.force(), now).orElse(null);
    }
    if (skip == null) {
      try {
        Map<String, Object> doc = launcher.document(s.experimentId(), s.document());
        RunRecord run = launcher.launch(svc, s.id(), s.force(), doc, "schedule:" + s.id(), Map.of(), now);
        runId = run.id();
        events.append(now, s.service(), s.id(), EventStore.RUN, runId, "due at " + Instant.ofEpochMilli(s.nextDueMs())
            + ", started " + (now - s.nextDueMs()) + " ms later");
        if (s.force()) {
          Optional<Blackout> b = calendar.blackout(svc.team(), Instant.ofEpochMilli(now));
          audit.append("schedule:" + s.id(), "schedule.forced_run", runId, Map.of("service", s.service(),
              "schedule", s.id()), "ok", b.map(x -> "forced through blackout: " + x.describe())
              .orElse("forced schedule (no blackout in force)"));
        }
        notifier.send(Notifier.Event.RUN_STARTED, s.service(), "scheduled run " + runId + " of " + s.service()
            + " started (schedule " + s.id() + ")", Map.of("run", runId, "schedule", s.id()));
      } catch (Launcher.RefusedException | RuntimeException e) {
        skip = e.getMessage();
      }
    }
    if (skip != null) {
      events.append(now, s.service(), s.id(), EventStore.SKIPPED, null, skip);
      notifier.send(Notifier.Event.RUN_SKIPPED, s.service(), "scheduled run of " + s.service() + " skipped: " + skip,
          Map.of("schedule", s.id()));
    }
    schedules.fired(s.id(), runId, runId == null ? null : now, next, state);
    reload(s.id());
  }

  private void monkey(long now) {
    for (Service svc : serviceCache.values()) {
      if (svc.monkey() == null) {
        continue;
      }
      MonkeyConfig config = MonkeyConfig.parse(Json.readMap(svc.monkey()));
      if (!config.enabled()) {
        continue;
      }
      LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneId.of(config.timeZone())).toLocalDate();
      MonkeyDay plan = monkeyDays.get(svc.name());
      if (plan == null || !plan.day().equals(today)) {
        Instant last = lastKill(svc.name());
        plan = new MonkeyDay(today, ChaosMonkey.plan(today, config, last, monkeyRandom).orElse(null), false);
        monkeyDays.put(svc.name(), plan);
      }
      if (plan.done() || plan.killAt() == null || now < plan.killAt().toEpochMilli()) {
        continue;
      }
      monkeyDays.put(svc.name(), new MonkeyDay(plan.day(), plan.killAt(), true));
      kill(svc, config, now);
    }
  }

  private Instant lastKill(String service) {
    Long last = null;
    for (String kind : List.of(EventStore.MONKEY_KILL, EventStore.MONKEY_LEASHED)) {
      for (EventStore.Event e : events.ofServiceAndKind(service, kind, 1)) {
        last = last == null ? e.atMs() : Math.max(last, e.atMs());
      }
    }
    return last == null ? null : Instant.ofEpochMilli(last);
  }

  private void kill(Service svc, MonkeyConfig config, long now) {
    String instance = victim(svc, config);
    Optional<String> skip = blocked(svc, false, now);
    if (skip.isPresent()) {
      events.append(now, svc.name(), null, EventStore.SKIPPED, null, "monkey kill of " + instance + ": "
          + skip.get());
      return;
    }
    if (config.leashed() || config.experiment() == null) {
      String why = "leashed: would kill instance " + instance + (config.experiment() == null
          ? " (no kill experiment configured)" : "");
      events.append(now, svc.name(), null, EventStore.MONKEY_LEASHED, null, why);
      notifier.send(Notifier.Event.MONKEY_LEASHED, svc.name(), "Chaos Monkey (" + why + ")", Map.of("instance",
          instance));
      return;
    }
    try {
      RunRecord run = launcher.launch(svc, null, false, config.experiment(), "monkey:" + svc.name(),
          Map.of("instance", instance), now);
      events.append(now, svc.name(), null, EventStore.MONKEY_KILL, run.id(), "killed instance " + instance);
      notifier.send(Notifier.Event.MONKEY_KILL, svc.name(), "Chaos Monkey kills instance " + instance + " (run "
          + run.id() + ")", Map.of("instance", instance, "run", run.id()));
    } catch (Launcher.RefusedException | RuntimeException e) {
      events.append(now, svc.name(), null, EventStore.SKIPPED, null, "monkey kill of " + instance + ": "
          + e.getMessage());
    }
  }

  /**
   * Chaos Monkey's "one random instance": a connected fleet agent carrying every tag of the service
   * (the fleet as it is now), else one of the monkey's static {@code instances}, else the service.
   */
  private String victim(Service svc, MonkeyConfig config) {
    List<String> agents = svc.tags().isEmpty() ? List.of() : launcher.runManager().fleet().agents().stream()
        .filter(a -> a.tags().entrySet().containsAll(svc.tags().entrySet()))
        .map(dev.faultline.core.target.Target::id).sorted().toList();
    if (!agents.isEmpty()) {
      return agents.get(monkeyRandom.nextInt(agents.size()));
    }
    return config.instances().isEmpty() ? svc.name()
        : config.instances().get(monkeyRandom.nextInt(config.instances().size()));
  }

  private void watchLive(long now) {
    for (Launcher.LiveRun run : launcher.live()) {
      if (launcher.runManager().live(run.runId()).isEmpty()) {
        launcher.forget(run.runId());
        runs.find(run.runId()).ifPresent(r -> ended(run, r));
        continue;
      }
      if (!run.force()) {
        Optional<Blackout> b = calendar.blackout(run.team(), Instant.ofEpochMilli(now));
        if (b.isPresent()) {
          String why = "halted: a blackout began: " + b.get().describe();
          if (launcher.runManager().abort(run.runId(), why)) {
            events.append(now, run.service(), run.scheduleId(), EventStore.HALTED, run.runId(), why);
            notifier.send(Notifier.Event.RUN_HALTED, run.service(), "scheduled run " + run.runId() + " " + why,
                Map.of("run", run.runId()));
          }
        }
      }
    }
  }

  private void ended(Launcher.LiveRun live, RunRecord r) {
    boolean deviated = Boolean.TRUE.equals(r.deviated()) || !"completed".equals(r.status());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("run", r.id());
    details.put("status", r.status());
    details.put("deviated", r.deviated());
    notifier.send(deviated ? Notifier.Event.RUN_DEVIATED : Notifier.Event.RUN_ENDED, live.service(), "scheduled run "
        + r.id() + " of " + live.service() + " ended " + r.status() + (deviated ? " (deviated: " + r.verdict() + ")"
        : ""), details);
  }

  private void haltTransitions() {
    boolean now = halt.state().halted();
    if (halted != null && now != halted) {
      notifier.send(now ? Notifier.Event.HALT : Notifier.Event.RESUME, null, now
          ? "chaos halted: " + halt.state().reason() : "chaos resumed", Map.of());
    }
    halted = now;
  }

  private void pauseTransitions(long now) {
    pauser.expire();
    Set<String> current = new HashSet<>();
    for (Pause p : pauser.inForce()) {
      current.add(p.id());
    }
    for (String gone : pausesInForce) {
      if (!current.contains(gone)) {
        audit.append("faultline", "chaos.resume", gone, Map.of(), "ok", "the cool-down after the incident ended");
        notifier.send(Notifier.Event.PAUSE_ENDED, null, "scheduled chaos resumes: pause " + gone + " ended",
            Map.of("pause", gone));
      }
    }
    pausesInForce = current;
  }

  /** The first firing of a new or renewed schedule at or after {@code nowMs}, or null. */
  public static Long firstDue(String kind, String cron, String timeZone, Long windowStartMs, Long windowEndMs,
      long nowMs, Random random) throws CronSpec.BadSpecException {
    if ("cron".equals(kind)) {
      return CronSpec.parse(cron, timeZone).nextAfter(Instant.ofEpochMilli(nowMs - 1)).map(Instant::toEpochMilli)
          .orElse(null);
    }
    long start = Math.max(windowStartMs, nowMs);
    return start + (long) (random.nextDouble() * (windowEndMs - start));
  }

  public int cachedSchedules() {
    return cache.size();
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
