package dev.faultline.server.continuous;

import static dev.faultline.server.api.Times.iso;

import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.Json;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.schedule.CronSpec;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.schedule.ScheduleStore;
import dev.faultline.server.continuous.schedule.ScheduleStore.Schedule;
import dev.faultline.server.continuous.schedule.Scheduler;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import dev.faultline.server.db.Ids;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code /api/v1/schedules}: when a service's experiment runs — on a cron in a time zone, or once at a
 * random time inside a window — checked against the service's level; renewing one before it expires.
 * Every body is checked whole before anything is written, so a refused request changes nothing.
 */
public final class ScheduleRoutes {
  private static final Set<String> KEYS = Set.of("service", "owner", "cron", "time_zone", "window_start",
      "window_end", "experiment", "document", "force");
  private final Continuous c;
  private final ExperimentDocuments documents;
  private final long maxBodyBytes;
  private final Random random = new Random();

  public ScheduleRoutes(Continuous c, ExperimentDocuments documents, long maxBodyBytes) {
    this.c = c;
    this.documents = documents;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/schedules", Role.VIEWER, this::list),
        Route.post("/api/v1/schedules", Role.OPERATOR, "schedule.create", this::create),
        Route.get("/api/v1/schedules/{id}", Role.VIEWER, this::get),
        Route.delete("/api/v1/schedules/{id}", Role.OPERATOR, "schedule.delete", this::delete),
        Route.post("/api/v1/schedules/{id}/renew", Role.OPERATOR, "schedule.renew", this::renew));
  }

  private void list(Context ctx) {
    String service = ctx.queryParam("service");
    ctx.json(Map.of("schedules", c.schedules().list().stream()
        .filter(s -> service == null || s.service().equals(service)).map(ScheduleRoutes::schedule).toList()));
  }

  private Schedule require(String id) {
    return c.schedules().find(id).orElseThrow(() -> ApiException.notFound("schedule", id));
  }

  private void get(Context ctx) {
    Schedule s = require(ctx.pathParam("id"));
    Map<String, Object> m = schedule(s);
    m.put("events", c.events().ofSchedule(s.id(), 50).stream().map(ScheduleRoutes::event).toList());
    ctx.json(m);
  }

  private void create(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Map<String, Object> audited = new LinkedHashMap<>(raw);
    audited.remove("document");
    Requests.auditParameters(ctx, audited);
    Body b = new Body(raw, KEYS);
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
    long now = c.settings().clock().millis();
    String kind = kind(cron, tz, ws, we, now);
    String experimentId = b.string("experiment");
    Map<String, Object> document = b.object("document");
    if ((experimentId == null) == (document == null)) {
      throw ApiException.badRequest("give exactly one of 'experiment' (a stored experiment's id) or 'document' (an "
          + "experiment as a JSON object)");
    }
    Service svc = ServiceRoutes.require(c.services(), serviceName);
    Map<String, Object> doc = experimentId != null ? c.launcher().document(experimentId, null) : document;
    List<String> violations = Launcher.levelViolations(doc, svc.level());
    if (!violations.isEmpty()) {
      throw ServiceRoutes.levelError(svc.name(), svc.level(), violations);
    }
    documents.validate("schedule.json", Json.write(doc), DocumentLoader.Syntax.JSON, Overrides.NONE);
    String owner = b.stringOr("owner", Requests.actor(ctx).label());
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

  /**
   * {@code cron} or {@code window}: which of 'cron' (in 'time_zone') and 'window_start' with
   * 'window_end' the body gives; 400 unless exactly one, valid, and a window that ends after now.
   */
  private static String kind(String cron, String tz, Long ws, Long we, long now) {
    try {
      CronSpec.zone(tz);
      if (cron != null) {
        if (ws != null || we != null) {
          throw ApiException.badRequest("give either 'cron' (with 'time_zone') or 'window_start' and 'window_end' "
              + "(once at a random time inside), not both");
        }
        CronSpec.parse(cron, tz);
        return "cron";
      }
      if (ws == null || we == null) {
        throw ApiException.badRequest("give 'cron' (e.g. \"30 10 * * 1-5\" with 'time_zone') or both "
            + "'window_start' and 'window_end' (ISO-8601 instants; once at a random time inside)");
      }
      if (we <= ws) {
        throw ApiException.badRequest("'window_end' (" + iso(we) + ") must be after 'window_start' (" + iso(ws)
            + ")");
      }
      if (we <= now) {
        throw ApiException.badRequest("'window_end' (" + iso(we) + ") is in the past; the window must end after "
            + "now (" + iso(now) + ")");
      }
      return "window";
    } catch (CronSpec.BadSpecException e) {
      throw new ApiException(400, "bad_" + e.field(), e.getMessage());
    }
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    require(id);
    c.schedules().delete(id);
    c.scheduler().reload(id);
    ctx.status(204);
  }

  private void renew(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    Schedule s = require(id);
    if (ScheduleStore.DONE.equals(s.state())) {
      throw new ApiException(409, "done", "schedule '" + id + "' ran once in its window and is done; create a new one");
    }
    long now = c.settings().clock().millis();
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
}
