package dev.faultline.server.continuous.pause;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.faultline.server.Json;
import dev.faultline.server.continuous.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Incident pauses ({@code chaos_pauses}). */
public final class PauseStore {
  private final Jdbi jdbi;

  public PauseStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Scheduled chaos paused for {@code services} ({@code *}: all) because of a signal.
   *
   * @param resolvedMs when the incident or alert resolved, or null while it is open
   * @param endsMs when chaos resumes (resolution plus the cool-down), or null while it is open
   * @param abortedRuns the scheduled runs the pause stopped
   */
  public record Pause(String id, String source, String signalKey, String cause, List<String> services,
      long startedMs, Long resolvedMs, Long endsMs, List<String> abortedRuns) {
    /** Whether chaos is paused at {@code nowMs}. */
    public boolean activeAt(long nowMs) {
      return endsMs == null || nowMs < endsMs;
    }

    /** Whether it pauses {@code service}. */
    public boolean covers(String service) {
      return services.contains("*") || services.contains(service);
    }
  }

  public void insert(Pause p) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_pauses (id, source, signal_key, cause, services, started_ms, "
            + "resolved_ms, ends_ms, aborted_runs) VALUES (:id, :source, :key, :cause, :services, :started, NULL, NULL, "
            + ":aborted)")
        .bind("id", p.id()).bind("source", p.source()).bind("key", p.signalKey()).bind("cause", p.cause())
        .bind("services", Json.write(p.services())).bind("started", p.startedMs())
        .bind("aborted", Json.write(p.abortedRuns())).execute());
  }

  public void setAborted(String id, List<String> runs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_pauses SET aborted_runs = :aborted WHERE id = :id")
        .bind("id", id).bind("aborted", Json.write(runs)).execute());
  }

  public void resolve(String id, long resolvedMs, long endsMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_pauses SET resolved_ms = :resolved, ends_ms = :ends "
            + "WHERE id = :id AND resolved_ms IS NULL")
        .bind("id", id).bind("resolved", resolvedMs).bind("ends", endsMs).execute());
  }

  /** Newest first. */
  public List<Pause> list(int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_pauses ORDER BY started_ms DESC, id LIMIT :limit")
        .bind("limit", limit).map((rs, ctx) -> row(rs)).list());
  }

  /** Pauses not yet over at {@code nowMs}: open, or resolved but cooling down. */
  public List<Pause> inForce(long nowMs) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_pauses WHERE ends_ms IS NULL OR ends_ms > :now")
        .bind("now", nowMs).map((rs, ctx) -> row(rs)).list());
  }

  private static Pause row(ResultSet rs) throws SQLException {
    TypeReference<List<String>> strings = new TypeReference<>() {};
    return new Pause(rs.getString("id"), rs.getString("source"), rs.getString("signal_key"), rs.getString("cause"),
        Json.MAPPER.convertValue(Json.read(rs.getString("services")), strings), rs.getLong("started_ms"),
        Rows.nullableLong(rs, "resolved_ms"), Rows.nullableLong(rs, "ends_ms"),
        Json.MAPPER.convertValue(Json.read(rs.getString("aborted_runs")), strings));
  }
}
