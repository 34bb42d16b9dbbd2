package dev.faultline.server.continuous.schedule;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** What the scheduler and the monkey did ({@code chaos_events}): runs started, skipped, halted; kills. */
public final class EventStore {
  /** A scheduled run started. */
  public static final String RUN = "run";
  /** A due run did not start; the detail says why (blackout, pause, opted out, level, expired…). */
  public static final String SKIPPED = "skipped";
  /** A scheduled run was stopped while running (a blackout began, an incident). */
  public static final String HALTED = "halted";
  /** The schedule or the opt-in expired. */
  public static final String EXPIRED = "expired";
  /** The monkey killed (started its kill run). */
  public static final String MONKEY_KILL = "monkey_kill";
  /** The leashed monkey would have killed. */
  public static final String MONKEY_LEASHED = "monkey_leashed";

  private final Jdbi jdbi;

  public EventStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One event. */
  public record Event(long id, long atMs, String service, String scheduleId, String kind, String runId,
      String detail) {}

  public void append(long atMs, String service, String scheduleId, String kind, String runId, String detail) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_events (at_ms, service, schedule_id, kind, run_id, detail) "
            + "VALUES (:at, :service, :schedule, :kind, :run, :detail)")
        .bind("at", atMs).bind("service", service).bind("schedule", scheduleId).bind("kind", kind).bind("run", runId)
        .bind("detail", detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail)
        .execute());
  }

  /** The latest events of a schedule, newest first. */
  public List<Event> ofSchedule(String scheduleId, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_events WHERE schedule_id = :s ORDER BY id DESC "
            + "LIMIT :limit").bind("s", scheduleId).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
  }

  /** The latest events of a service, newest first. */
  public List<Event> ofService(String service, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_events WHERE service = :s ORDER BY id DESC "
            + "LIMIT :limit").bind("s", service).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
  }

  /** The latest events of a kind, newest first (the monkey's memory of its last kill, for example). */
  public List<Event> ofServiceAndKind(String service, String kind, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_events WHERE service = :s AND kind = :kind "
            + "ORDER BY id DESC LIMIT :limit").bind("s", service).bind("kind", kind).bind("limit", limit)
        .map((rs, ctx) -> row(rs)).list());
  }

  private static Event row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Event(rs.getLong("id"), rs.getLong("at_ms"), rs.getString("service"), rs.getString("schedule_id"),
        rs.getString("kind"), rs.getString("run_id"), rs.getString("detail"));
  }
}
