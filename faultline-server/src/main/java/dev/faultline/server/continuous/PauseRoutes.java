package dev.faultline.server.continuous;

import static dev.faultline.server.api.Times.iso;

import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/pauses}: the incident pauses, newest first — which signal paused which services,
 * whether the pause still holds, and the runs it aborted. Pauses are made by inbound signals only.
 */
public final class PauseRoutes {
  private final Continuous c;

  public PauseRoutes(Continuous c) {
    this.c = c;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/pauses", Role.VIEWER, this::list));
  }

  private void list(Context ctx) {
    long now = c.settings().clock().millis();
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
}
