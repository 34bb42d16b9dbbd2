package dev.faultline.server.api;

import dev.faultline.server.auth.Actor;
import dev.faultline.server.auth.Role;
import dev.faultline.server.db.AuditLog;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only views: active faults, the audit log, the caller itself. */
final class ReadRoutes {
  private final Services s;

  ReadRoutes(Services s) {
    this.s = s;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/v1/faults", Role.VIEWER, ctx -> {
          String team = TeamScope.filter(ctx);
          ctx.json(Map.of("faults", (team == null ? s.faults().active() : s.faults().activeOfTeam(team)).stream()
              .map(RunRoutes::fault).toList()));
        }),
        Route.get("/api/v1/audit", Role.VIEWER, this::audit),
        Route.get("/api/v1/whoami", Role.VIEWER, this::whoami));
  }

  private void audit(Context ctx) {
    TeamScope.requireUnscoped(ctx, "the audit log");
    AuditLog.Filter f = new AuditLog.Filter(ctx.queryParam("actor"), ctx.queryParam("kind"),
        Requests.time(ctx, "since"), Requests.time(ctx, "until"), Requests.limit(ctx, 100, 1000));
    ctx.json(Map.of("entries", s.audit().list(f).stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("time", Times.iso(e.atMs()));
      m.put("actor", e.actor());
      m.put("kind", e.kind());
      m.put("target", e.target());
      m.put("parameters", e.parameters());
      m.put("outcome", e.outcome());
      m.put("detail", e.detail());
      return m;
    }).toList()));
  }

  private void whoami(Context ctx) {
    Actor a = Requests.actor(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_id", a.tokenId());
    m.put("name", a.name());
    m.put("role", a.role().wireName());
    m.put("actor", a.label());
    m.put("team", a.team());
    ctx.json(m);
  }
}
