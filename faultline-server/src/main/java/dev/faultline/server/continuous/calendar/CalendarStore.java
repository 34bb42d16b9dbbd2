package dev.faultline.server.continuous.calendar;

import dev.faultline.server.continuous.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Blackout rules ({@code chaos_blackouts}). */
public final class CalendarStore {
  private final Jdbi jdbi;

  public CalendarStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Blackout b) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_blackouts (id, team, kind, time_zone, on_date, start_hour, "
            + "end_hour, start_ms, end_ms, reason, created_ms, created_by) VALUES (:id, :team, :kind, :tz, :day, :sh, "
            + ":eh, :sm, :em, :reason, :created, :by)")
        .bind("id", b.id()).bind("team", b.team()).bind("kind", b.kind().wireName()).bind("tz", b.timeZone())
        .bind("day", b.day()).bind("sh", b.startHour()).bind("eh", b.endHour()).bind("sm", b.startMs())
        .bind("em", b.endMs()).bind("reason", b.reason()).bind("created", b.createdMs()).bind("by", b.createdBy())
        .execute());
  }

  public List<Blackout> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_blackouts ORDER BY created_ms, id")
        .map((rs, ctx) -> row(rs)).list());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM chaos_blackouts WHERE id = :id").bind("id", id)
        .execute()) == 1;
  }

  private static Blackout row(ResultSet rs) throws SQLException {
    return new Blackout(rs.getString("id"), rs.getString("team"), Blackout.Kind.fromWireName(rs.getString("kind")),
        rs.getString("time_zone"), rs.getString("on_date"), Rows.nullableInt(rs, "start_hour"),
        Rows.nullableInt(rs, "end_hour"), Rows.nullableLong(rs, "start_ms"), Rows.nullableLong(rs, "end_ms"),
        rs.getString("reason"), rs.getLong("created_ms"), rs.getString("created_by"));
  }
}
