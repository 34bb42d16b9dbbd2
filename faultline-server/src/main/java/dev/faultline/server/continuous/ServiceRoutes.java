package dev.faultline.server.continuous;

import static dev.faultline.server.api.Times.iso;

import dev.faultline.server.Json;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.services.ServiceStore;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/services}: the services continuous chaos knows, their level, health check, tags and
 * Chaos Monkey settings, and opting out (which aborts the service's live scheduled runs) and back in.
 * Every body is checked whole before anything is written, so a refused request changes nothing.
 */
public final class ServiceRoutes {
  private final Continuous c;
  private final ServiceBody bodies;
  private final long maxBodyBytes;

  public ServiceRoutes(Continuous c, ExperimentDocuments documents, long maxBodyBytes) {
    this.c = c;
    this.bodies = new ServiceBody(documents, c.settings().clock());
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/services", Role.VIEWER, this::list),
        Route.post("/api/v1/services", Role.OPERATOR, "service.create", this::create),
        Route.get("/api/v1/services/{name}", Role.VIEWER, this::get),
        Route.put("/api/v1/services/{name}", Role.OPERATOR, "service.update", this::update),
        Route.delete("/api/v1/services/{name}", Role.OPERATOR, "service.delete", this::delete),
        Route.post("/api/v1/services/{name}/opt-out", Role.OPERATOR, "service.opt_out", this::optOut),
        Route.post("/api/v1/services/{name}/opt-in", Role.OPERATOR, "service.opt_in", this::optIn));
  }

  /** The service named {@code name}; 404 pointing at the list when there is none. */
  static Service require(ServiceStore services, String name) {
    return services.find(name).orElseThrow(() -> new ApiException(404, "not_found", "no service named '" + name
        + "'; GET /api/v1/services lists them"));
  }

  /** 422 {@code level_too_low}: what the service's level does not allow, with the level table. */
  static ApiException levelError(String service, int level, List<String> violations) {
    return new ApiException(422, "level_too_low", "service '" + service + "' is at level " + level
        + ", which does not allow: " + String.join("; ", violations) + " (levels: 0 kill processes/instances, 1 + "
        + "network, 2 + resources and clock, 3 + zone/region loss)", Map.of("violations", violations));
  }

  private void list(Context ctx) {
    ctx.json(Map.of("services", c.services().list().stream().map(this::service).toList()));
  }

  private void get(Context ctx) {
    Service s = require(c.services(), ctx.pathParam("name"));
    Map<String, Object> m = service(s);
    m.put("coverage", c.coverage().service(s));
    m.put("events", c.events().ofService(s.name(), 20).stream().map(ScheduleRoutes::event).toList());
    ctx.json(m);
  }

  private void create(Context ctx) {
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Body b = new Body(raw, ServiceBody.KEYS);
    String name = ServiceBody.name(b);
    Requests.auditTarget(ctx, name);
    Service s = bodies.read(b, name, null, Requests.actor(ctx).label());
    if (!c.services().insert(s)) {
      throw new ApiException(409, "exists", "a service named '" + name + "' exists; change it with PUT "
          + "/api/v1/services/" + name);
    }
    c.scheduler().reloadServices();
    ctx.header("Location", "/api/v1/services/" + name);
    ctx.status(201).json(service(c.services().find(name).orElseThrow()));
  }

  private void update(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    Map<String, Object> raw = Requests.jsonObject(ctx, maxBodyBytes);
    Requests.auditParameters(ctx, raw);
    Service old = require(c.services(), name);
    Body b = new Body(raw, ServiceBody.KEYS);
    if (b.has("name") && !name.equals(b.string("name"))) {
      throw ApiException.badRequest("'name' is '" + b.string("name") + "' but the path names '" + name
          + "'; a service cannot be renamed (create the new one, delete the old one)");
    }
    if (b.has("opted_in")) {
      throw ApiException.badRequest("'opted_in' cannot be changed with PUT; use POST /api/v1/services/" + name
          + "/opt-out (with a reason) or /opt-in");
    }
    Service s = bodies.read(b, name, old, Requests.actor(ctx).label());
    c.services().update(s, c.settings().clock().millis());
    c.scheduler().reloadServices();
    ctx.json(service(c.services().find(name).orElseThrow()));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    Requests.auditTarget(ctx, name);
    require(c.services(), name);
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
    String owner = b.stringOr("owner", Requests.actor(ctx).label());
    require(c.services(), name);
    c.services().optOut(name, reason, owner, c.settings().clock().millis());
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
    require(c.services(), name);
    c.services().optIn(name, Requests.actor(ctx).label(), c.settings().clock().millis());
    c.scheduler().reloadServices();
    ctx.json(service(c.services().find(name).orElseThrow()));
  }

  /** Aborts the service's live scheduled runs, recording each as halted; their ids. */
  private List<String> stopRuns(String service, String reason) {
    List<String> stopped = new ArrayList<>();
    for (Launcher.LiveRun run : c.launcher().live()) {
      if (run.service().equals(service) && c.launcher().runManager().abort(run.runId(), reason)) {
        stopped.add(run.runId());
        c.events().append(c.settings().clock().millis(), service, run.scheduleId(), EventStore.HALTED, run.runId(),
            reason);
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
}
