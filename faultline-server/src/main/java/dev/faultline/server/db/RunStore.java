package dev.faultline.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Runs, their events and their journals. */
public final class RunStore {
  /** Statuses a run passes through before it ends. */
  public static final List<String> LIVE_STATUSES = List.of("queued", "running");
  /** Every status a run can have: the live ones and Chaos Toolkit's four end states. */
  public static final List<String> STATUSES = List.of("queued", "running", "completed", "failed", "aborted",
      "interrupted");

  private static final String COLUMNS = "id, experiment_id, experiment_version, title, status, deviated, verdict, dry, "
      + "submitted_by, submitted_ms, started_ms, ended_ms, owner, abort_reason";

  private final Jdbi jdbi;

  public RunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A run without its document, options and journal. */
  public record RunRecord(String id, String experimentId, Integer experimentVersion, String title, String status,
      Boolean deviated, String verdict, String dry, String submittedBy, long submittedMs, Long startedMs, Long endedMs,
      String owner, String abortReason) {}

  /** What a new run is made of. */
  public record NewRun(String experimentId, Integer experimentVersion, String title, String dry, String submittedBy,
      String owner, String syntax, String source, String optionsJson) {}

  /** One stored event: {@code body} is the JSON line {@code faultline run --json} prints. */
  public record StoredEvent(int seq, String kind, String body) {}

  /** Filters for {@link #list}; null means any. */
  public record Filter(String status, String experimentId, Long sinceMs, int limit) {}

  public RunRecord insert(NewRun r) {
    String id = Ids.next("run");
    long now = System.currentTimeMillis();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO runs (id, experiment_id, experiment_version, title, status, dry, "
            + "submitted_by, submitted_ms, owner, syntax, source, options) VALUES (:id, :exp, :ver, :title, 'queued', "
            + ":dry, :by, :now, :owner, :syntax, :source, :options)")
        .bind("id", id).bind("exp", r.experimentId()).bind("ver", r.experimentVersion()).bind("title", r.title())
        .bind("dry", r.dry()).bind("by", r.submittedBy()).bind("now", now).bind("owner", r.owner())
        .bind("syntax", r.syntax()).bind("source", r.source()).bind("options", r.optionsJson()).execute());
    return new RunRecord(id, r.experimentId(), r.experimentVersion(), r.title(), "queued", null, null, r.dry(),
        r.submittedBy(), now, null, null, r.owner(), null);
  }

  public void markRunning(String id) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET status = 'running', started_ms = :now WHERE id = :id")
        .bind("now", System.currentTimeMillis()).bind("id", id).execute());
  }

  public void markEnded(String id, String status, Boolean deviated, String verdict, String journalJson) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET status = :status, deviated = :deviated, verdict = :verdict, "
            + "journal = :journal, ended_ms = :now WHERE id = :id")
        .bind("status", status).bind("deviated", deviated).bind("verdict", verdict).bind("journal", journalJson)
        .bind("now", System.currentTimeMillis()).bind("id", id).execute());
  }

  /** Remembers why a run was asked to stop (the first reason wins). */
  public void setAbortReason(String id, String reason) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET abort_reason = :reason WHERE id = :id AND abort_reason IS NULL")
        .bind("reason", reason).bind("id", id).execute());
  }

  public Optional<RunRecord> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> run(rs)).findOne());
  }

  public List<RunRecord> list(Filter f) {
    // Nullable filters as bound parameters: one fixed statement, no SQL assembled from input.
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs "
            + "WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status) "
            + "AND (CAST(:exp AS VARCHAR(40)) IS NULL OR experiment_id = :exp) "
            + "AND (CAST(:since AS BIGINT) IS NULL OR submitted_ms >= :since) "
            + "ORDER BY submitted_ms DESC, id DESC LIMIT :limit")
        .bind("status", f.status()).bind("exp", f.experimentId()).bind("since", f.sinceMs()).bind("limit", f.limit())
        .map((rs, ctx) -> run(rs)).list());
  }

  /** The document and options a run was submitted with. */
  public Optional<Map<String, String>> submission(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT syntax, source, options FROM runs WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> Map.of("syntax", rs.getString("syntax"), "source", rs.getString("source"),
            "options", rs.getString("options"))).findOne());
  }

  /** The journal JSON; empty when the run does not exist or has not ended. */
  public Optional<String> journal(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT journal FROM runs WHERE id = :id AND journal IS NOT NULL")
        .bind("id", id).mapTo(String.class).findOne());
  }

  public void appendEvent(String runId, int seq, String kind, String body) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_events (run_id, seq, kind, body) VALUES (:run, :seq, :kind, :body)")
        .bind("run", runId).bind("seq", seq).bind("kind", kind).bind("body", body).execute());
  }

  public List<StoredEvent> events(String runId, int afterSeq) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT seq, kind, body FROM run_events WHERE run_id = :run AND seq > :after ORDER BY seq")
        .bind("run", runId).bind("after", afterSeq)
        .map((rs, ctx) -> new StoredEvent(rs.getInt("seq"), rs.getString("kind"), rs.getString("body"))).list());
  }

  /**
   * Marks every run still queued or running as interrupted: at start-up no live process owns them
   * (the embedded database admits one server). Returns their ids.
   */
  public List<String> interruptOrphans(String reason) {
    return jdbi.inTransaction(h -> {
      List<String> ids = h.createQuery("SELECT id FROM runs WHERE status IN ('queued', 'running') FOR UPDATE")
          .mapTo(String.class).list();
      for (String id : ids) {
        h.createUpdate("UPDATE runs SET status = 'interrupted', verdict = :verdict, ended_ms = :now, "
                + "abort_reason = COALESCE(abort_reason, :verdict) WHERE id = :id")
            .bind("verdict", reason).bind("now", System.currentTimeMillis()).bind("id", id).execute();
      }
      return ids;
    });
  }

  /** How many runs have each status (every status present, zero when none). */
  public Map<String, Long> countByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    STATUSES.forEach(s -> counts.put(s, 0L));
    jdbi.useHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM runs GROUP BY status")
        .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  private static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(rs.getString("id"), rs.getString("experiment_id"), (Integer) rs.getObject("experiment_version"),
        rs.getString("title"), rs.getString("status"), (Boolean) rs.getObject("deviated"), rs.getString("verdict"),
        rs.getString("dry"), rs.getString("submitted_by"), rs.getLong("submitted_ms"), nullableLong(rs, "started_ms"),
        nullableLong(rs, "ended_ms"), rs.getString("owner"), rs.getString("abort_reason"));
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
