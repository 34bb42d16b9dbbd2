package dev.faultline.server.continuous;

import static dev.faultline.server.api.Times.iso;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.notify.Notifier;
import dev.faultline.server.continuous.notify.NotifyStore;
import dev.faultline.server.db.Ids;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/notifications}: where continuous chaos reports (Slack, a webhook, Grafana
 * annotations), the recent deliveries, and the events it reports. Targets are admin-only.
 */
public final class NotificationRoutes {
  private final Continuous c;
  private final long maxBodyBytes;

  public NotificationRoutes(Continuous c, long maxBodyBytes) {
    this.c = c;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/notifications", Role.VIEWER, this::list),
        Route.post("/api/v1/notifications", Role.ADMIN, "notification.create", this::create),
        Route.delete("/api/v1/notifications/{id}", Role.ADMIN, "notification.delete", this::delete));
  }

  private void list(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("notifications", c.notifyTargets().list().stream().map(NotificationRoutes::target).toList());
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
    m.put("events", Arrays.stream(Notifier.Event.values()).map(Notifier.Event::wireName).toList());
    ctx.json(m);
  }

  private void create(Context ctx) {
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
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("'url' must be an http:// or https:// URL with a host; got '" + url + "'");
    }
    NotifyStore.Target t = new NotifyStore.Target(Ids.next("ntf"), kind, url, b.string("token"),
        c.settings().clock().millis(), Requests.actor(ctx).label());
    c.notifyTargets().insert(t);
    Requests.auditTarget(ctx, t.id());
    ctx.status(201).json(target(t));
  }

  private void delete(Context ctx) {
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
}
