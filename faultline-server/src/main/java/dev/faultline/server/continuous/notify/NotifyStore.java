package dev.faultline.server.continuous.notify;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Notification targets ({@code chaos_notify_targets}). */
public final class NotifyStore {
  private final Jdbi jdbi;

  public NotifyStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Where notifications go.
   *
   * @param kind {@code slack}, {@code webhook} or {@code grafana}
   * @param url the Slack incoming webhook, the webhook, or Grafana's base URL
   * @param token Grafana's API token (sent as a bearer token; never shown), or null
   */
  public record Target(String id, String kind, String url, String token, long createdMs, String createdBy) {}

  public void insert(Target t) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_notify_targets (id, kind, url, token, created_ms, created_by) "
            + "VALUES (:id, :kind, :url, :token, :created, :by)")
        .bind("id", t.id()).bind("kind", t.kind()).bind("url", t.url()).bind("token", t.token())
        .bind("created", t.createdMs()).bind("by", t.createdBy()).execute());
  }

  public List<Target> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_notify_targets ORDER BY created_ms, id")
        .map((rs, ctx) -> new Target(rs.getString("id"), rs.getString("kind"), rs.getString("url"),
            rs.getString("token"), rs.getLong("created_ms"), rs.getString("created_by"))).list());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM chaos_notify_targets WHERE id = :id").bind("id", id)
        .execute()) == 1;
  }
}
