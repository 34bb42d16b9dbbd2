package dev.faultline.server.api;

import dev.faultline.server.Json;
import dev.faultline.server.auth.Actor;
import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import dev.faultline.server.continuous.CalendarRoutes;
import dev.faultline.server.continuous.CoverageRoutes;
import dev.faultline.server.continuous.NotificationRoutes;
import dev.faultline.server.continuous.PauseRoutes;
import dev.faultline.server.continuous.ScheduleRoutes;
import dev.faultline.server.continuous.ServiceRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API: every route in one table, each wrapped the same way — authentication and role
 * check, bounded body, JSON errors, the audit entry of every mutation, latency metrics.
 */
public final class Api {
  /** Where the OpenAPI document is served. */
  public static final String OPENAPI_PATH = "/api/v1/openapi.json";
  private final Services s;
  private final List<Route> routes = new ArrayList<>();
  private final String openApi;
  private final HealthProbe healthProbe;

  public Api(Services s) {
    this.s = s;
    this.healthProbe = new HealthProbe(() -> s.halt().state().halted());
    this.openApi = loadOpenApi();
    routes.add(Route.get("/health", null, this::health));
    routes.add(Route.get("/metrics", null,
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(s.metrics().scrape())));
    routes.add(Route.get(OPENAPI_PATH, null, ctx -> ctx.contentType("application/json").result(openApi)));
    routes.addAll(new ExperimentRoutes(s).routes());
    routes.addAll(new RunRoutes(s).routes());
    routes.addAll(new HaltRoutes(s).routes());
    routes.addAll(new ReadRoutes(s).routes());
    routes.addAll(new TokenRoutes(s).routes());
    routes.addAll(new dev.faultline.server.fleet.AgentRoutes(s.agents()).routes());
    routes.addAll(new ServiceRoutes(s.continuous(), s.documents(), s.maxBodyBytes()).routes());
    routes.addAll(new ScheduleRoutes(s.continuous(), s.documents(), s.maxBodyBytes()).routes());
    routes.addAll(new CalendarRoutes(s.continuous(), s.maxBodyBytes()).routes());
    routes.addAll(new PauseRoutes(s.continuous()).routes());
    routes.addAll(new CoverageRoutes(s.continuous().coverage()).routes());
    routes.addAll(new NotificationRoutes(s.continuous(), s.maxBodyBytes()).routes());
    routes.addAll(s.response().routes(s));
  }

  /** What the handlers work with (tests subscribe to its signal bus). */
  public Services services() {
    return s;
  }

  /** Every route this API serves. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Registers the routes and the JSON error handlers on a Javalin configuration. */
  public void install(JavalinConfig config) {
    config.http.maxRequestSize = s.maxBodyBytes();
    config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    for (Route r : routes) {
      config.routes.addEndpoint(new Endpoint(r.method(), r.path(), wrap(r)));
    }
    s.agents().install(config);
    config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, switch (e.getStatus()) {
      case 404 -> noRoute(ctx);
      case 405 -> new ApiException(405, "method_not_allowed",
          ctx.method() + " is not allowed on " + ctx.path() + "; the API is described at " + OPENAPI_PATH);
      case 413 -> new ApiException(413, "body_too_large", "the request body exceeds the limit of "
          + s.maxBodyBytes() + " bytes");
      default -> new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage());
    }));
    config.routes.exception(Exception.class, (e, ctx) -> error(ctx,
        new ApiException(500, "internal", "the server failed to answer: " + e.getClass().getSimpleName()
            + "; the request may be retried")));
    // Error handlers also see the 404s routes answer themselves: only an empty answer is "no route".
    config.routes.error(404, "*", ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        error(ctx, noRoute(ctx));
      }
    });
    config.routes.error(405, "*", ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        error(ctx, new ApiException(405, "method_not_allowed",
            ctx.method() + " is not allowed on " + ctx.path() + "; the API is described at " + OPENAPI_PATH));
      }
    });
  }

  private Handler wrap(Route r) {
    return ctx -> {
      long start = System.nanoTime();
      Actor actor = null;
      String problem = null;
      try {
        if (r.role() != null) {
          actor = authenticate(ctx);
          ctx.attribute(Requests.ACTOR, actor);
          if (!actor.role().allows(r.role())) {
            throw new ApiException(403, "forbidden", r.method() + " " + r.path() + " needs the "
                + r.role().wireName() + " role; token '" + actor.tokenId() + "' (" + actor.name() + ") has "
                + actor.role().wireName());
          }
        }
        r.handler().handle(ctx);
      } catch (ApiException e) {
        problem = e.getMessage();
        error(ctx, e);
      } catch (HttpResponseException e) {
        problem = e.getMessage();
        error(ctx, new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage()));
      } finally {
        if (r.mutating()) {
          audit(r, ctx, actor, problem);
          healthProbe.invalidate(); // a halt or resume shows in /health at once
        }
        s.metrics().recordRequest(r.method().name(), r.path(), ctx.status().getCode(), System.nanoTime() - start);
      }
    };
  }

  private static ApiException noRoute(Context ctx) {
    return new ApiException(404, "no_route", "no route " + ctx.method() + " " + ctx.path()
        + "; the API is described at " + OPENAPI_PATH);
  }

  private Actor authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized("missing_token", "this route needs a bearer token: send 'Authorization: Bearer <token>' "
          + "(an admin creates one with 'faultline server token create --role viewer|operator|admin')");
    }
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("bad_authorization", "the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(7).strip();
    TokenStore.Lookup found = s.tokens().lookup(token);
    if (found instanceof TokenStore.Valid v) {
      return v.actor();
    }
    if (found instanceof TokenStore.Expired ex) {
      throw new ApiException(401, "expired_token", "the bearer token '" + ex.id() + "' expired at "
          + Instant.ofEpochMilli(ex.expiresMs()) + "; ask an admin for a new one",
          Map.of("expired", Instant.ofEpochMilli(ex.expiresMs()).toString()));
    }
    if (found instanceof TokenStore.Revoked rv) {
      throw unauthorized("revoked_token", "the bearer token '" + rv.id() + "' was revoked at "
          + Instant.ofEpochMilli(rv.revokedMs()) + "; ask an admin for a new one");
    }
    throw unauthorized("unknown_token", "the bearer token is not known to this server (mistyped, or from another "
        + "server's database)");
  }

  private static ApiException unauthorized(String code, String message) {
    return new ApiException(401, code, message);
  }

  private void audit(Route r, Context ctx, Actor actor, String problem) {
    int status = ctx.status().getCode();
    String outcome = status < 400 ? "ok" : status == 401 || status == 403 ? "denied" : "rejected";
    String target = ctx.attribute(Requests.AUDIT_TARGET);
    Map<String, ?> params = ctx.attribute(Requests.AUDIT_PARAMS);
    try {
      s.audit().append(actor == null ? "anonymous" : actor.label(), r.auditKind(), target, params, outcome,
          problem == null ? null : status + " " + problem);
    } catch (RuntimeException e) {
      // The mutation already happened or was refused; a failing audit write must not hide that answer.
    }
  }

  private void health(Context ctx) {
    HealthProbe.Outcome o = healthProbe.get();
    Map<String, Object> m = new LinkedHashMap<>();
    if (o.error() == null) {
      m.put("halted", o.halted());
      m.put("status", "ok");
      m.put("database", "ok");
    } else {
      m.put("status", "unavailable");
      m.put("database", "unreachable: " + o.error());
      ctx.status(503);
    }
    m.put("live_runs", s.runManager().liveCount());
    ctx.json(m);
  }

  static void error(Context ctx, ApiException e) {
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    ctx.status(e.status()).contentType("application/json").result(Json.write(e.body()));
  }

  private static String loadOpenApi() {
    try (InputStream in = Api.class.getResourceAsStream("/dev/faultline/server/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the server jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("openapi.json cannot be read", e);
    }
  }
}
