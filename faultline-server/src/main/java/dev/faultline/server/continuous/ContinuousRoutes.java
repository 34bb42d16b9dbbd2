package dev.faultline.server.continuous;

import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.Json;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.calendar.Blackout;
import dev.faultline.server.continuous.monkey.MonkeyConfig;
import dev.faultline.server.continuous.notify.Notifier;
import dev.faultline.server.continuous.notify.NotifyStore;
import dev.faultline.server.continuous.schedule.CronSpec;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.schedule.ScheduleStore;
import dev.faultline.server.continuous.schedule.ScheduleStore.Schedule;
import dev.faultline.server.continuous.schedule.Scheduler;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import dev.faultline.server.db.Ids;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Continuous chaos over HTTP: {@code /api/v1/services}, {@code /schedules}, {@code /calendars},
 * {@code /pauses}, {@code /coverage}, {@code /notifications}. Every body is checked whole before
 * anything is written, so a refused request changes nothing.
 */
public final class ContinuousRoutes {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Set<String> SERVICE_KEYS = Set.of("name", "team", "level", "health_check", "tags", "monkey",
      "opted_in");
  private static final Set<String> SCHEDULE_KEYS = Set.of("service", "owner", "cron", "time_zone", "window_start",
      "window_end", "experiment", "document", "force");
  private static final Set<String> CALENDAR_KEYS = Set.of("kind", "team", "time_zone", "day", "start_hour", "end_hour",
      "start", "end", "reason");
  private final Continuous c;
  private final ExperimentDocuments documents;
  private final long maxBodyBytes;
  private final Random random = new Random();

  public ContinuousRoutes(Continuous c, ExperimentDocuments documents, long maxBodyBytes) {
    this.c = c;
    this.documents = documents;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/services", Role.VIEWER, this::listServices),
        Route.post("/api/v1/services", Role.OPERATOR, "service.create", this::createService),
        Route.get("/api/v1/services/{name}", Role.VIEWER, this::getService),
        Route.put("/api/v1/services/{name}", Role.OPERATOR, "service.update", this::updateService),
        Route.delete("/api/v1/services/{name}", Role.OPERATOR, "service.delete", this::deleteService),
        Route.post("/api/v1/services/{name}/opt-out", Role.OPERATOR, "service.opt_out", this::optOut),
        Route.post("/api/v1/services/{name}/opt-in", Role.OPERATOR, "service.opt_in", this::optIn),
        Route.get("/api/v1/schedules", Role.VIEWER, this::listSchedules),
        Route.post("/api/v1/schedules", Role.OPERATOR, "schedule.create", this::createSchedule),
        Route.get("/api/v1/schedules/{id}", Role.VIEWER, this::getSchedule),
        Route.delete("/api/v1/schedules/{id}", Role.OPERATOR, "schedule.delete", this::deleteSchedule),
        Route.post("/api/v1/schedules/{id}/renew", Role.OPERATOR, "schedule.renew", this::renewSchedule),
        Route.get("/api/v1/calendars", Role.VIEWER, this::listCalendars),
        Route.post("/api/v1/calendars", Role.OPERATOR, "calendar.create", this::createCalendar),
        Route.delete("/api/v1/calendars/{id}", Role.ADMIN, "calendar.delete", this::deleteCalendar),
        Route.get("/api/v1/pauses", Role.VIEWER, this::listPauses),
        Route.get("/api/v1/coverage", Role.VIEWER, ctx -> ctx.json(c.coverage().report())),
        Route.get("/api/v1/notifications", Role.VIEWER, this::listNotifications),
        Route.post("/api/v1/notifications", Role.ADMIN, "notification.create", this::createNotification),
        Route.delete("/api/v1/notifications/{id}", Role.ADMIN, "notification.delete", this::deleteNotification));
  }

  private long now() {
    return c.settings().clock().millis();
  }

  // ---- services ----

  private void listServices(Context ctx) {
    ctx.json(Map.of("services", c.services().list().stream().map(this::service).toList()));
  }

  private Service requireService(String name) {
    return c.services().find(name).orElseThrow(() -> new ApiException(404, "not_found", "no service named '" + name
        + "'; GET /api/v1/services lists them"));
  }

  private void getService(Context ctx) {
    Service s = requireService(ctx.pathParam("name"));
    Map<String, Object> m = service(s);
    m.put("coverage", c.coverage().service(s));
    m.put("events", c.events().ofService(s.name(), 20).stream().map(ContinuousRoutes::event).toList());
    ctx.json(m);
  }

  private void createService(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, SERVICE_KEYS);
    String name = b.requiredString("name", "the service's name, e.g. \"checkout\"");
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest("'name' must be 1-100 characters of a-z, 0-9, '.', '_', '-', starting with a "
          + "letter or digit; got '" + name + "'");
    }
    Requests.auditTarget(ctx, name);
    Service s = readService(b, name, null, Requests.actor(ctx).label());
    if (!c.services().insert(s)) {
      throw new ApiException(409, "exists", "a service named '" + name + "' exists; change it with PUT "
          + "/api/v1/services/" + name);
    }
    c.scheduler().reloadServices();
    ctx.header("Location", "/api/v1/services/" + name);
    ctx.status(201).json(service(c.services().find(name).orElseThrow()));
  }

  private void updateService(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Service old = requireService(name);
    Body b = new Body(raw, SERVICE_KEYS);
    if (b.has("name") && !name.equals(b.string("name"))) {
      throw ApiException.badRequest("'name' is '" + b.string("name") + "' but the path names '" + name
          + "'; a service cannot be renamed (create the new one, delete the old one)");
    }
    if (b.has("opted_in")) {
      throw ApiException.badRequest("'opted_in' cannot be changed with PUT; use POST /api/v1/services/" + name
          + "/opt-out (with a reason) or /opt-in");
    }
    Service s = readService(b, name, old, Requests.actor(ctx).label());
    c.services().update(s, now());
    c.scheduler().reloadServices();
    ctx.json(service(c.services().find(name).orElseThrow()));
  }

  private Service readService(Body b, String name, Service old, String actor) {
    String team = b.has("team") || old == null ? b.requiredString("team", "the owning team, e.g. \"payments\"")
        : old.team();
    Integer level = b.integer("level");
    if (level == null && old == null) {
      throw ApiException.badRequest("'level' is required: 0 (kill processes/instances), 1 (+ network faults), 2 (+ "
          + "resources and clock) or 3 (+ zone/region loss)");
    }
    int lvl = level == null ? old.level() : level;
    if (lvl < Levels.MIN || lvl > Levels.MAX) {
      throw ApiException.badRequest("'level' must be 0, 1, 2 or 3; got " + lvl);
    }
    String health;
    if (b.has("health_check") || old == null) {
      Map<String, Object> probe = b.object("health_check");
      if (probe == null) {
        throw ApiException.badRequest("'health_check' is required: an experiment probe with a tolerance, e.g. "
            + "{\"type\": \"probe\", \"name\": \"up\", \"tolerance\": 200, \"provider\": {\"type\": \"http\", "
            + "\"url\": \"http://checkout:8080/health\"}}");
      }
      health = validateHealthCheck(name, probe);
    } else {
      health = old.healthCheck();
    }
    Map<String, String> tags = old == null ? Map.of() : old.tags();
    if (b.has("tags")) {
      Map<String, Object> t = b.object("tags");
      Map<String, String> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : t.entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw ApiException.badRequest("'tags." + e.getKey() + "' must be a string; found " + Requests.describe(e.getValue()));
        }
        copy.put(e.getKey(), v);
      }
      tags = copy;
    }
    String monkey = old == null ? null : old.monkey();
    if (b.has("monkey")) {
      MonkeyConfig config = MonkeyConfig.parse(b.object("monkey"));
      if (config.experiment() != null) {
        List<String> violations = Launcher.levelViolations(config.experiment(), lvl);
        if (!violations.isEmpty()) {
          throw levelError(name, lvl, violations);
        }
      }
      monkey = Json.write(config.toMap());
    }
    long now = now();
    boolean optedIn = b.bool("opted_in", true);
    return new Service(name, team, lvl, health, tags, old == null ? optedIn : old.optedIn(),
        old == null ? (optedIn ? null : "created opted out") : old.optReason(), old == null ? actor : old.optOwner(),
        old == null ? now : old.optedMs(), old == null ? null : old.warnedMs(), monkey,
        old == null ? now : old.createdMs(), old == null ? actor : old.createdBy(), now);
  }

  private String validateHealthCheck(String name, Map<String, Object> probe) {
    if (!"probe".equals(probe.get("type"))) {
      throw ApiException.badRequest("'health_check.type' must be \"probe\"; found " + probe.get("type"));
    }
    if (!probe.containsKey("tolerance")) {
      throw ApiException.badRequest("'health_check' needs a 'tolerance' (what a healthy answer is, e.g. 200)");
    }
    Map<String, Object> p = new LinkedHashMap<>(probe);
    p.putIfAbsent("name", "health");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", "health check of " + name);
    doc.put("description", "validates the health check");
    doc.put("steady-state-hypothesis", Map.of("title", "healthy", "probes", List.of(p)));
    Map<String, Object> m = new LinkedHashMap<>(p);
    m.remove("tolerance");
    doc.put("method", List.of(m));
    try {
      documents.validate("health_check.json", Json.write(doc), DocumentLoader.Syntax.JSON, Overrides.NONE);
    } catch (ApiException e) {
      throw new ApiException(400, "bad_health_check", "'health_check' is not a valid probe: " + e.getMessage(),
          Map.of("problems", e.body().getOrDefault("problems", List.of())));
    }
    return Json.write(p);
  }

  private void deleteService(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    requireService(name);
    stopRuns(name, "service " + name + " was deleted");
    c.schedules().deleteOfService(name);
    c.services().delete(name);
    c.scheduler().reloadAll();
    ctx.status(204);
  }

  private void optOut(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, Set.of("reason", "owner"));
    String reason = b.requiredString("reason", "why the service is opted out, e.g. \"migrating to new cluster\"");
    String owner = b.string("owner");
    owner = owner == null || owner.isBlank() ? Requests.actor(ctx).label() : owner.strip();
    requireService(name);
    c.services().optOut(name, reason, owner, now());
    c.scheduler().reloadServices();
    List<String> stopped = stopRuns(name, "service " + name + " opted out by " + owner + ": " + reason);
    Map<String, Object> m = service(c.services().find(name).orElseThrow());
    m.put("aborted_runs", stopped);
    ctx.json(m);
  }

  private void optIn(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    String text = Requests.body(ctx, maxBodyBytes);
    if (!text.isBlank()) {
      new Body(Requests.jsonObject(ctx, maxBodyBytes), Set.of("owner"));
    }
    requireService(name);
    c.services().optIn(name, Requests.actor(ctx).label(), now());
    c.scheduler().reloadServices();
    ctx.json(service(c.services().find(name).orElseThrow()));
  }

  private List<String> stopRuns(String service, String reason) {
    List<String> stopped = new java.util.ArrayList<>();
    for (Launcher.LiveRun run : c.launcher().live()) {
      if (run.service().equals(service) && c.launcher().runManager().abort(run.runId(), reason)) {
        stopped.add(run.runId());
        c.events().append(now(), service, run.scheduleId(), EventStore.HALTED, run.runId(), reason);
      }
    }
    return stopped;
  }

  private Map<String, Object> service(Service s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("team", s.team());
    m.put("level", s.level());
    m.put("health_check", Json.readMap(s.healthCheck()));
    m.put("tags", s.tags());
    m.put("opted_in", s.optedIn());
    m.put("opt_out_reason", s.optReason());
    m.put("opt_owner", s.optOwner());
    m.put("opted_in_since", s.optedIn() ? iso(s.optedMs()) : null);
    m.put("opt_in_expires", s.optedIn() ? iso(s.optedMs() + c.settings().lifetime().toMillis()) : null);
    m.put("monkey", s.monkey() == null ? null : Json.readMap(s.monkey()));
    m.put("created", iso(s.createdMs()));
    m.put("updated", iso(s.updatedMs()));
    return m;
  }

  // ---- schedules ----

  private void listSchedules(Context ctx) {
    String service = ctx.queryParam("service");
    ctx.json(Map.of("schedules", c.schedules().list().stream()
        .filter(s -> service == null || s.service().equals(service)).map(ContinuousRoutes::schedule).toList()));
  }

  private Schedule requireSchedule(String id) {
    return c.schedules().find(id).orElseThrow(() -> ApiException.notFound("schedule", id));
  }

  private void getSchedule(Context ctx) {
    Schedule s = requireSchedule(ctx.pathParam("id"));
    Map<String, Object> m = schedule(s);
    m.put("events", c.events().ofSchedule(s.id(), 50).stream().map(ContinuousRoutes::event).toList());
    ctx.json(m);
  }

  private void createSchedule(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Map<String, Object> audited = new LinkedHashMap<>(raw);
    audited.remove("document");
    Requests.auditParameters(ctx, audited);
    Body b = new Body(raw, SCHEDULE_KEYS);
    String serviceName = b.requiredString("service", "the name of a registered service");
    boolean force = b.bool("force", false);
    if (force && !Requests.actor(ctx).role().allows(Role.ADMIN)) {
      throw new ApiException(403, "forbidden", "'force': true (run even in blackouts) needs the admin role; token '"
          + Requests.actor(ctx).tokenId() + "' has " + Requests.actor(ctx).role().wireName());
    }
    String tz = b.string("time_zone") == null ? "UTC" : b.string("time_zone");
    String cron = b.string("cron");
    Long ws = b.instant("window_start");
    Long we = b.instant("window_end");
    String kind;
    long now = now();
    try {
      CronSpec.zone(tz);
      if (cron != null) {
        if (ws != null || we != null) {
          throw ApiException.badRequest("give either 'cron' (with 'time_zone') or 'window_start' and 'window_end' "
              + "(once at a random time inside), not both");
        }
        CronSpec.parse(cron, tz);
        kind = "cron";
      } else {
        if (ws == null || we == null) {
          throw ApiException.badRequest("give 'cron' (e.g. \"30 10 * * 1-5\" with 'time_zone') or both "
              + "'window_start' and 'window_end' (ISO-8601 instants; once at a random time inside)");
        }
        if (we <= ws) {
          throw ApiException.badRequest("'window_end' (" + iso(we) + ") must be after 'window_start' (" + iso(ws)
              + ")");
        }
        if (we <= now) {
          throw ApiException.badRequest("'window_end' (" + iso(we) + ") is in the past; the window must end after now ("
              + iso(now) + ")");
        }
        kind = "window";
      }
    } catch (CronSpec.BadSpecException e) {
      throw new ApiException(400, "bad_" + e.field(), e.getMessage());
    }
    String experimentId = b.string("experiment");
    Map<String, Object> document = b.object("document");
    if ((experimentId == null) == (document == null)) {
      throw ApiException.badRequest("give exactly one of 'experiment' (a stored experiment's id) or 'document' (an "
          + "experiment as a JSON object)");
    }
    Service svc = requireService(serviceName);
    Map<String, Object> doc = experimentId != null ? c.launcher().document(experimentId, null) : document;
    List<String> violations = Launcher.levelViolations(doc, svc.level());
    if (!violations.isEmpty()) {
      throw levelError(svc.name(), svc.level(), violations);
    }
    documents.validate("schedule.json", Json.write(doc), DocumentLoader.Syntax.JSON, Overrides.NONE);
    String owner = b.string("owner");
    owner = owner == null || owner.isBlank() ? Requests.actor(ctx).label() : owner.strip();
    Long first;
    try {
      first = Scheduler.firstDue(kind, cron, tz, ws, we, now, random);
    } catch (CronSpec.BadSpecException e) {
      throw new ApiException(400, "bad_" + e.field(), e.getMessage());
    }
    String id = Ids.next("sch");
    Schedule s = new Schedule(id, svc.name(), owner, kind, cron == null ? null : cron.strip(), tz.strip(), ws, we,
        experimentId, document == null ? null : Json.write(document), force, ScheduleStore.ACTIVE, first, now,
        Requests.actor(ctx).label(), now, now + c.settings().lifetime().toMillis(), null, null, null);
    c.schedules().insert(s);
    c.scheduler().reload(id);
    Requests.auditTarget(ctx, id);
    ctx.header("Location", "/api/v1/schedules/" + id);
    ctx.status(201).json(schedule(c.schedules().find(id).orElseThrow()));
  }

  private static ApiException levelError(String service, int level, List<String> violations) {
    return new ApiException(422, "level_too_low", "service '" + service + "' is at level " + level
        + ", which does not allow: " + String.join("; ", violations) + " (levels: 0 kill processes/instances, 1 + "
        + "network, 2 + resources and clock, 3 + zone/region loss)", Map.of("violations", violations));
  }

  private void deleteSchedule(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    requireSchedule(id);
    c.schedules().delete(id);
    c.scheduler().reload(id);
    ctx.status(204);
  }

  private void renewSchedule(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    Schedule s = requireSchedule(id);
    if (ScheduleStore.DONE.equals(s.state())) {
      throw new ApiException(409, "done", "schedule '" + id + "' ran once in its window and is done; create a new one");
    }
    long now = now();
    Long next = s.nextDueMs();
    if ("cron".equals(s.kind())) {
      try {
        next = Scheduler.firstDue("cron", s.cron(), s.timeZone(), null, null, now, random);
      } catch (CronSpec.BadSpecException e) {
        throw new ApiException(409, "bad_" + e.field(), e.getMessage());
      }
    }
    c.schedules().renew(id, now, now + c.settings().lifetime().toMillis(), next);
    c.scheduler().reload(id);
    ctx.json(schedule(c.schedules().find(id).orElseThrow()));
  }

  static Map<String, Object> schedule(Schedule s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("service", s.service());
    m.put("owner", s.owner());
    m.put("kind", s.kind());
    m.put("cron", s.cron());
    m.put("time_zone", s.timeZone());
    m.put("window_start", iso(s.windowStartMs()));
    m.put("window_end", iso(s.windowEndMs()));
    m.put("experiment", s.experimentId());
    m.put("document", s.document() == null ? null : Json.readMap(s.document()));
    m.put("force", s.force());
    m.put("state", s.state());
    m.put("next_due", iso(s.nextDueMs()));
    m.put("created", iso(s.createdMs()));
    m.put("created_by", s.createdBy());
    m.put("renewed", iso(s.renewedMs()));
    m.put("expires", iso(s.expiresMs()));
    m.put("expiry_warned", iso(s.warnedMs()));
    m.put("last_run_id", s.lastRunId());
    m.put("last_run", iso(s.lastRunMs()));
    return m;
  }

  static Map<String, Object> event(EventStore.Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", iso(e.atMs()));
    m.put("service", e.service());
    m.put("schedule_id", e.scheduleId());
    m.put("kind", e.kind());
    m.put("run_id", e.runId());
    m.put("detail", e.detail());
    return m;
  }

  // ---- calendars ----

  private void listCalendars(Context ctx) {
    ctx.json(Map.of("calendars", c.calendar().rules().stream().map(ContinuousRoutes::blackout).toList()));
  }

  private void createCalendar(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, CALENDAR_KEYS);
    String kindName = b.requiredString("kind", "one of weekends, outside_hours, holiday, freeze");
    Blackout.Kind kind = Blackout.Kind.parse(kindName).orElseThrow(() -> ApiException.badRequest("'kind' must be one "
        + "of weekends, outside_hours, holiday, freeze; got '" + kindName + "'"));
    String team = b.string("team");
    team = team == null || team.isBlank() ? null : team.strip();
    String tz = b.string("time_zone") == null ? "UTC" : b.string("time_zone").strip();
    try {
      CronSpec.zone(tz);
    } catch (CronSpec.BadSpecException e) {
      throw new ApiException(400, "bad_time_zone", e.getMessage());
    }
    String reason = b.string("reason");
    String day = null;
    Integer sh = null;
    Integer eh = null;
    Long sm = null;
    Long em = null;
    switch (kind) {
      case WEEKENDS -> reason = reason == null ? "no chaos on weekends" : reason;
      case OUTSIDE_HOURS -> {
        sh = b.integer("start_hour");
        eh = b.integer("end_hour");
        if (sh == null || eh == null || sh < 0 || eh > 24 || sh >= eh) {
          throw ApiException.badRequest("outside_hours needs 'start_hour' and 'end_hour' with 0 <= start_hour < "
              + "end_hour <= 24 (the business hours chaos may run in); got " + sh + " and " + eh);
        }
        reason = reason == null ? "chaos only in business hours" : reason;
      }
      case HOLIDAY -> {
        day = b.requiredString("day", "the holiday's date, e.g. \"2026-12-25\"");
        try {
          LocalDate.parse(day);
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest("'day' must be a date yyyy-mm-dd such as 2026-12-25; got '" + day + "'");
        }
        reason = b.requiredString("reason", "the holiday's name, e.g. \"Christmas\"");
      }
      case FREEZE -> {
        sm = b.instant("start");
        em = b.instant("end");
        if (sm == null || em == null || em <= sm) {
          throw ApiException.badRequest("freeze needs 'start' and 'end' (ISO-8601 instants, end after start)");
        }
        reason = b.requiredString("reason", "why chaos is frozen, e.g. \"Black Friday\"");
      }
    }
    Blackout candidate = new Blackout(Ids.next("blk"), team, kind, tz, day, sh, eh, sm, em, reason, now(),
        Requests.actor(ctx).label());
    for (Blackout other : c.calendar().rules()) {
      if (overlaps(candidate, other)) {
        throw new ApiException(409, "overlapping_window", "this " + kind.wireName() + " rule overlaps blackout '"
            + other.id() + "' (" + other.describe() + ") for the same scope; change or delete that one instead",
            Map.of("overlaps", other.id()));
      }
    }
    c.calendarStore().insert(candidate);
    c.calendar().refresh();
    Requests.auditTarget(ctx, candidate.id());
    ctx.status(201).json(blackout(candidate));
  }

  /** Two rules for the same scope that say the same thing twice, or two freezes sharing time. */
  static boolean overlaps(Blackout a, Blackout b) {
    if (!java.util.Objects.equals(a.team(), b.team()) || a.kind() != b.kind()) {
      return false;
    }
    return switch (a.kind()) {
      case WEEKENDS, OUTSIDE_HOURS -> true;
      case HOLIDAY -> a.day().equals(b.day());
      case FREEZE -> a.startMs() < b.endMs() && b.startMs() < a.endMs();
    };
  }

  private void deleteCalendar(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    if (!c.calendarStore().delete(id)) {
      throw ApiException.notFound("blackout rule", id);
    }
    c.calendar().refresh();
    ctx.status(204);
  }

  static Map<String, Object> blackout(Blackout b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("team", b.team());
    m.put("scope", b.team() == null ? "global" : "team");
    m.put("kind", b.kind().wireName());
    m.put("time_zone", b.timeZone());
    m.put("day", b.day());
    m.put("start_hour", b.startHour());
    m.put("end_hour", b.endHour());
    m.put("start", iso(b.startMs()));
    m.put("end", iso(b.endMs()));
    m.put("reason", b.reason());
    m.put("description", b.describe());
    m.put("created_by", b.createdBy());
    return m;
  }

  // ---- pauses ----

  private void listPauses(Context ctx) {
    long now = now();
    ctx.json(Map.of("pauses", c.pauses().list(Requests.limit(ctx, 100, 1000)).stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("source", p.source());
      m.put("signal_key", p.signalKey());
      m.put("cause", p.cause());
      m.put("services", p.services());
      m.put("active", p.activeAt(now));
      m.put("started", iso(p.startedMs()));
      m.put("resolved", iso(p.resolvedMs()));
      m.put("ends", iso(p.endsMs()));
      m.put("aborted_runs", p.abortedRuns());
      return m;
    }).toList()));
  }

  // ---- notifications ----

  private void listNotifications(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("notifications", c.notifyTargets().list().stream().map(ContinuousRoutes::target).toList());
    m.put("deliveries", c.notifier().deliveries().stream().map(d -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("target_id", d.targetId());
      x.put("kind", d.kind());
      x.put("event", d.event());
      x.put("status", d.status());
      x.put("error", d.error());
      x.put("at", iso(d.atMs()));
      return x;
    }).toList());
    m.put("events", java.util.Arrays.stream(Notifier.Event.values()).map(Notifier.Event::wireName).toList());
    ctx.json(m);
  }

  private void createNotification(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, Set.of("kind", "url", "token"));
    String kind = b.requiredString("kind", "slack, webhook or grafana");
    if (!Set.of("slack", "webhook", "grafana").contains(kind)) {
      throw ApiException.badRequest("'kind' must be slack, webhook or grafana; got '" + kind + "'");
    }
    String url = b.requiredString("url", "where to send, e.g. https://hooks.slack.com/services/… or Grafana's base "
        + "URL http://grafana:3000");
    try {
      URI u = new URI(url);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new java.net.URISyntaxException(url, "not an http(s) URL with a host");
      }
    } catch (java.net.URISyntaxException e) {
      throw ApiException.badRequest("'url' must be an http:// or https:// URL with a host; got '" + url + "'");
    }
    NotifyStore.Target t = new NotifyStore.Target(Ids.next("ntf"), kind, url, b.string("token"), now(),
        Requests.actor(ctx).label());
    c.notifyTargets().insert(t);
    Requests.auditTarget(ctx, t.id());
    ctx.status(201).json(target(t));
  }

  private void deleteNotification(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    if (!c.notifyTargets().delete(id)) {
      throw ApiException.notFound("notification target", id);
    }
    ctx.status(204);
  }

  static Map<String, Object> target(NotifyStore.Target t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("kind", t.kind());
    // A Slack webhook URL is itself the credential: show only where it goes.
    m.put("url", "slack".equals(t.kind()) ? t.url().replaceAll("^(https?://[^/]+).*$", "$1/…") : t.url());
    m.put("has_token", t.token() != null && !t.token().isBlank());
    m.put("created", iso(t.createdMs()));
    m.put("created_by", t.createdBy());
    return m;
  }

  static String iso(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms).toString();
  }
}
