package dev.faultline.server.continuous.schedule;

import dev.faultline.server.continuous.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Schedules ({@code chaos_schedules}). */
public final class ScheduleStore {
  /** A schedule that may fire. */
  public static final String ACTIVE = "active";
  /** 30 days passed without a renewal: it stopped. */
  public static final String EXPIRED = "expired";
  /** A once-in-a-window schedule that has fired. */
  public static final String DONE = "done";

  private final Jdbi jdbi;

  public ScheduleStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One schedule.
   *
   * @param kind {@code cron} or {@code window} (once at a random time inside [windowStartMs, windowEndMs))
   * @param experimentId a stored experiment, or null when {@code document} holds the experiment
   * @param force run even in a blackout (admin only; every such run is audited)
   * @param nextDueMs when it fires next, or null when it will not
   */
  public record Schedule(String id, String service, String owner, String kind, String cron, String timeZone,
      Long windowStartMs, Long windowEndMs, String experimentId, String document, boolean force, String state,
      Long nextDueMs, long createdMs, String createdBy, long renewedMs, long expiresMs, Long warnedMs, String lastRunId,
      Long lastRunMs) {}

  public void insert(Schedule s) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_schedules (id, service, owner, kind, cron, time_zone, "
            + "window_start_ms, window_end_ms, experiment_id, document, force_run, state, next_due_ms, created_ms, "
            + "created_by, renewed_ms, expires_ms) VALUES (:id, :service, :owner, :kind, :cron, :tz, :ws, :we, :exp, "
            + ":doc, :force, :state, :next, :created, :by, :renewed, :expires)")
        .bind("id", s.id()).bind("service", s.service()).bind("owner", s.owner()).bind("kind", s.kind())
        .bind("cron", s.cron()).bind("tz", s.timeZone()).bind("ws", s.windowStartMs()).bind("we", s.windowEndMs())
        .bind("exp", s.experimentId()).bind("doc", s.document()).bind("force", s.force()).bind("state", s.state())
        .bind("next", s.nextDueMs()).bind("created", s.createdMs()).bind("by", s.createdBy())
        .bind("renewed", s.renewedMs()).bind("expires", s.expiresMs()).execute());
  }

  public List<Schedule> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_schedules ORDER BY created_ms, id")
        .map((rs, ctx) -> row(rs)).list());
  }

  public Optional<Schedule> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_schedules WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> row(rs)).findOne());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM chaos_schedules WHERE id = :id").bind("id", id)
        .execute()) == 1;
  }

  public void deleteOfService(String service) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM chaos_schedules WHERE service = :s").bind("s", service).execute());
  }

  /** Records a firing (a run started or a skip) and the next due time. */
  public void fired(String id, String runId, Long runMs, Long nextDueMs, String state) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_schedules SET last_run_id = COALESCE(:run, last_run_id), "
            + "last_run_ms = COALESCE(:runMs, last_run_ms), next_due_ms = :next, state = :state WHERE id = :id")
        .bind("id", id).bind("run", runId).bind("runMs", runMs).bind("next", nextDueMs).bind("state", state)
        .execute());
  }

  public void setState(String id, String state, Long nextDueMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_schedules SET state = :state, next_due_ms = :next WHERE id = :id")
        .bind("id", id).bind("state", state).bind("next", nextDueMs).execute());
  }

  /** Renews: the schedule lives 30 days from now again, active, without a warning sent. */
  public void renew(String id, long nowMs, long expiresMs, Long nextDueMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_schedules SET renewed_ms = :now, expires_ms = :expires, "
            + "warned_ms = NULL, state = :state, next_due_ms = :next WHERE id = :id")
        .bind("id", id).bind("now", nowMs).bind("expires", expiresMs).bind("state", ACTIVE).bind("next", nextDueMs)
        .execute());
  }

  public void markWarned(String id, long nowMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_schedules SET warned_ms = :now WHERE id = :id")
        .bind("id", id).bind("now", nowMs).execute());
  }

  private static Schedule row(ResultSet rs) throws SQLException {
    return new Schedule(rs.getString("id"), rs.getString("service"), rs.getString("owner"), rs.getString("kind"),
        rs.getString("cron"), rs.getString("time_zone"), Rows.nullableLong(rs, "window_start_ms"),
        Rows.nullableLong(rs, "window_end_ms"), rs.getString("experiment_id"), rs.getString("document"),
        rs.getBoolean("force_run"), rs.getString("state"), Rows.nullableLong(rs, "next_due_ms"),
        rs.getLong("created_ms"), rs.getString("created_by"), rs.getLong("renewed_ms"), rs.getLong("expires_ms"),
        Rows.nullableLong(rs, "warned_ms"), rs.getString("last_run_id"), Rows.nullableLong(rs, "last_run_ms"));
  }
}
