package dev.faultline.server.api;

import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/tokens} (admin): the same as {@code faultline server token create|list|revoke}. */
final class TokenRoutes {
  private final Services s;

  TokenRoutes(Services s) {
    this.s = s;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/api/v1/tokens", Role.ADMIN, ctx -> {
          TeamScope.requireUnscoped(ctx, "listing tokens");
          ctx.json(Map.of("tokens", s.tokens().list().stream().map(TokenRoutes::info).toList()));
        }),
        Route.post("/api/v1/tokens", Role.ADMIN, "token.create", this::create),
        Route.delete("/api/v1/tokens/{id}", Role.ADMIN, "token.revoke", this::revoke));
  }

  private void create(Context ctx) {
    TeamScope.requireUnscoped(ctx, "creating tokens");
    Map<String, Object> body = Requests.jsonObject(ctx, s.maxBodyBytes());
    String roleName = Requests.optionalString(body, "role");
    Role role = Role.fromWireName(roleName == null ? "" : roleName).orElseThrow(() -> ApiException.badRequest(
        "'role' must be viewer, operator, admin or agent; got " + (roleName == null ? "nothing" : "'" + roleName + "'")));
    String name = Requests.optionalString(body, "name");
    if (name == null || name.isBlank() || name.length() > 100) {
      throw ApiException.badRequest("'name' is required, 1 to 100 characters: who or what will use the token");
    }
    String team = Requests.optionalString(body, "team");
    if (team != null && !TokenStore.TEAM.matcher(team).matches()) {
      throw ApiException.badRequest("'team' must be 1 to 64 lowercase letters, digits, '.', '_' or '-', starting "
          + "with a letter or digit; got '" + team + "'");
    }
    Long expiresMs = expiry(Requests.optionalString(body, "expires_in"));
    Map<String, Object> audited = new LinkedHashMap<>();
    audited.put("role", role.wireName());
    audited.put("name", name);
    audited.put("team", team);
    audited.put("expires", Times.iso(expiresMs));
    Requests.auditParameters(ctx, audited);
    TokenStore.Created c = s.tokens().create(name, role, Requests.actor(ctx).label(), team, expiresMs);
    Requests.auditTarget(ctx, c.info().id());
    Map<String, Object> m = info(c.info());
    m.put("token", c.token());
    ctx.status(201).json(m);
  }

  /** {@code expires_in} ("30d", "12h", "90m") as an epoch-millisecond deadline; null for none. */
  static Long expiry(String text) {
    if (text == null) {
      return null;
    }
    java.time.Duration d;
    try {
      d = dev.faultline.core.time.DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'expires_in': " + e.getMessage() + "; expected a duration such as 30d, 12h or 90m");
    }
    if (d.toSeconds() < 60 || d.toDays() > 3660) {
      throw ApiException.badRequest("'expires_in' must be between 1 minute and 10 years; got '" + text + "'");
    }
    return System.currentTimeMillis() + d.toMillis();
  }

  private void revoke(Context ctx) {
    TeamScope.requireUnscoped(ctx, "revoking tokens");
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    TokenStore.TokenInfo t = s.tokens().find(id).orElseThrow(() -> ApiException.notFound("token", id));
    if (t.revoked()) {
      throw new ApiException(409, "already_revoked", "token '" + id + "' was revoked at " + Times.iso(t.revokedMs()));
    }
    s.tokens().revoke(id);
    ctx.json(info(s.tokens().find(id).orElseThrow()));
  }

  static Map<String, Object> info(TokenStore.TokenInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("role", t.role().wireName());
    m.put("created", Times.iso(t.createdMs()));
    m.put("created_by", t.createdBy());
    m.put("revoked", Times.iso(t.revokedMs()));
    m.put("team", t.team());
    m.put("expires", Times.iso(t.expiresMs()));
    return m;
  }
}
