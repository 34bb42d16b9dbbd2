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
      + "submitted_by, submitted_ms, started_ms, ended_ms, owner, abort_reason, team, executor";

  /** The newest runs first: walks the runs_by_time_id index from its newest end, stops after the limit. */
  private static final String LATEST_PAGE = "SELECT " + COLUMNS + " FROM runs ORDER BY submitted_ms DESC, id DESC LIMIT ?";

  private final Jdbi jdbi;

  public RunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A run without its document, options and journal. {@code team} is the team it belongs to (null:
   * none), {@code executor} the replica that holds it (null: none, as before replicas).
   */
  public record RunRecord(String id, String experimentId, Integer experimentVersion, String title, String status,
      Boolean deviated, String verdict, String dry, String submittedBy, long submittedMs, Long startedMs, Long endedMs,
      String owner, String abortReason, String team, String executor) {}

  /** What a new run is made of; {@code team} is the team it belongs to, or null. */
  public record NewRun(String experimentId, Integer experimentVersion, String title, String dry, String submittedBy,
      String owner, String syntax, String source, String optionsJson, String team) {
    /** A run of no team. */
    public NewRun(String experimentId, Integer experimentVersion, String title, String dry, String submittedBy,
        String owner, String syntax, String source, String optionsJson) {
      this(experimentId, experimentVersion, title, dry, submittedBy, owner, syntax, source, optionsJson, null);
    }
  }

  /** A live run as its replica watches it: asked to stop when {@code abortReason} is set. */
  public record Held(String id, String abortReason) {}

  /** A live run whose replica's lease ran out at {@code leaseUntilMs}. */
  public record Expired(String id, String executor, long leaseUntilMs) {}

  /** One stored event: {@code body} is the JSON line {@code faultline run --json} prints. */
  public record StoredEvent(int seq, String kind, String body) {}

  /** Filters for {@link #list}; null means any ({@code team}: runs of that team only). */
  public record Filter(String status, String experimentId, Long sinceMs, int limit, String team) {
    public Filter(String status, String experimentId, Long sinceMs, int limit) {
      this(status, experimentId, sinceMs, limit, null);
    }
  }

  /** Stores a queued run held by no replica. */
  public RunRecord insert(NewRun r) {
    return insert(r, null, null);
  }

  /**
   * Stores a queued run already claimed by {@code executor} with a lease until {@code leaseUntilMs}:
   * the claim and the row are one statement, so no other replica can ever take it while it is queued.
   */
  public RunRecord insert(NewRun r, String executor, Long leaseUntilMs) {
    String id = Ids.next("run");
    long now = System.currentTimeMillis();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO runs (id, experiment_id, experiment_version, title, status, dry, "
            + "submitted_by, submitted_ms, owner, syntax, source, options, team, executor, lease_until_ms) "
            + "VALUES (:id, :exp, :ver, :title, 'queued', :dry, :by, :now, :owner, :syntax, :source, :options, :team, "
            + ":executor, :lease)")
        .bind("id", id).bind("exp", r.experimentId()).bind("ver", r.experimentVersion()).bind("title", r.title())
        .bind("dry", r.dry()).bind("by", r.submittedBy()).bind("now", now).bind("owner", r.owner())
        .bind("syntax", r.syntax()).bind("source", r.source()).bind("options", r.optionsJson()).bind("team", r.team())
        .bind("executor", executor).bind("lease", leaseUntilMs).execute());
    return new RunRecord(id, r.experimentId(), r.experimentVersion(), r.title(), "queued", null, null, r.dry(),
        r.submittedBy(), now, null, null, r.owner(), null, r.team(), executor);
  }

  /**
   * Extends the lease of every live run {@code executor} holds and returns those runs, with the
   * reason when someone (another replica, a halt) asked one to stop.
   */
  public List<Held> renew(String executor, long leaseUntilMs) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("UPDATE runs SET lease_until_ms = :until WHERE executor = :me AND status IN ('queued', 'running')")
          .bind("until", leaseUntilMs).bind("me", executor).execute();
      return held(h, executor);
    });
  }

  /** The live runs {@code executor} holds, with their abort reasons. */
  public List<Held> held(String executor) {
    return jdbi.withHandle(h -> held(h, executor));
  }

  private static List<Held> held(org.jdbi.v3.core.Handle h, String executor) {
    return h.createQuery("SELECT id, abort_reason FROM runs WHERE executor = :me AND status IN ('queued', 'running')")
        .bind("me", executor).map((rs, ctx) -> new Held(rs.getString("id"), rs.getString("abort_reason"))).list();
  }

  /**
   * Live runs whose lease ran out before {@code nowMs} (or that no replica holds: runs from before
   * leases); not runs waiting unclaimed for a replica with a free slot.
   */
  public List<Expired> expired(long nowMs) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, executor, lease_until_ms FROM runs "
            + "WHERE status IN ('queued', 'running') AND (lease_until_ms IS NULL OR lease_until_ms < :now) "
            + "AND NOT (executor IS NULL AND status = 'queued' AND handover IS NOT NULL)")
        .bind("now", nowMs).map((rs, ctx) -> new Expired(rs.getString("id"), rs.getString("executor"),
            rs.getLong("lease_until_ms"))).list());
  }

  /**
   * Takes over a run whose lease expired, to recover it: an atomic conditional update, so of
   * several replicas that saw the same expired lease exactly one gets it. True when this one did.
   */
  public boolean takeOver(Expired e, String executor, long leaseUntilMs) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET executor = :me, lease_until_ms = :until "
            + "WHERE id = :id AND status IN ('queued', 'running') "
            + "AND (executor = :old OR (executor IS NULL AND CAST(:old AS VARCHAR(100)) IS NULL)) "
            + "AND (lease_until_ms IS NULL OR lease_until_ms < :now)")
        .bind("me", executor).bind("until", leaseUntilMs).bind("id", e.id()).bind("old", e.executor())
        .bind("now", System.currentTimeMillis()).execute()) == 1;
  }

  /** Stores a queued run no replica holds yet, with what another replica needs to execute it. */
  public RunRecord insertUnclaimed(NewRun r, String handoverJson) {
    RunRecord run = insert(r, null, null);
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET handover = :handover WHERE id = :id")
        .bind("handover", handoverJson).bind("id", run.id()).execute());
    return run;
  }

  /** A run a replica claimed from the unclaimed queue, with what executing it needs. */
  public record Claimed(String id, String submittedBy, String syntax, String source, String handover) {}

  /**
   * Claims up to {@code max} of the oldest unclaimed queued runs for {@code executor}, each with an
   * atomic conditional update (of several replicas claiming at once exactly one gets each run);
   * their handover is cleared as they are claimed.
   */
  public List<Claimed> claimQueued(String executor, long leaseUntilMs, int max) {
    List<String> candidates = jdbi.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE status = 'queued' "
            + "AND executor IS NULL AND handover IS NOT NULL AND abort_reason IS NULL ORDER BY submitted_ms, id "
            + "LIMIT :max").bind("max", max).mapTo(String.class).list());
    List<Claimed> claimed = new java.util.ArrayList<>();
    for (String id : candidates) {
      Optional<Claimed> c = jdbi.inTransaction(h -> {
        Optional<Claimed> row = h.createQuery("SELECT id, submitted_by, syntax, source, handover FROM runs "
                + "WHERE id = :id AND status = 'queued' AND executor IS NULL AND handover IS NOT NULL")
            .bind("id", id).map((rs, ctx) -> new Claimed(rs.getString("id"), rs.getString("submitted_by"),
                rs.getString("syntax"), rs.getString("source"), rs.getString("handover"))).findOne();
        if (row.isEmpty()) {
          return row;
        }
        int n = h.createUpdate("UPDATE runs SET executor = :me, lease_until_ms = :until, handover = NULL "
                + "WHERE id = :id AND status = 'queued' AND executor IS NULL AND handover IS NOT NULL")
            .bind("me", executor).bind("until", leaseUntilMs).bind("id", id).execute();
        return n == 1 ? row : Optional.<Claimed>empty();
      });
      c.ifPresent(claimed::add);
    }
    return claimed;
  }

  /** How many runs wait unclaimed for a replica with a free slot. */
  public long unclaimedCount() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM runs WHERE status = 'queued' AND executor IS NULL "
        + "AND handover IS NOT NULL").mapTo(Long.class).one());
  }

  /** Ends unclaimed queued runs as aborted (a halt, or an abort of that one run when {@code id} is given). */
  public List<String> abortUnclaimed(String id, String reason) {
    return jdbi.inTransaction(h -> {
      List<String> ids = h.createQuery("SELECT id FROM runs WHERE status = 'queued' AND executor IS NULL "
              + "AND (CAST(:id AS VARCHAR(40)) IS NULL OR id = :id) FOR UPDATE").bind("id", id)
          .mapTo(String.class).list();
      for (String one : ids) {
        h.createUpdate("UPDATE runs SET status = 'aborted', verdict = :why, abort_reason = COALESCE(abort_reason, :why), "
                + "ended_ms = :now, handover = NULL WHERE id = :id AND status = 'queued' AND executor IS NULL")
            .bind("why", reason).bind("now", System.currentTimeMillis()).bind("id", one).execute();
      }
      return ids;
    });
  }

  /** Marks a run {@code executor} holds interrupted; false when it ended or is held by another. */
  public boolean interrupt(String id, String executor, String reason) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET status = 'interrupted', verdict = :verdict, "
            + "ended_ms = :now, abort_reason = COALESCE(abort_reason, :verdict) "
            + "WHERE id = :id AND executor = :me AND status IN ('queued', 'running')")
        .bind("verdict", reason).bind("now", System.currentTimeMillis()).bind("id", id).bind("me", executor)
        .execute()) == 1;
  }

  /** Asks every live run, whichever replica holds it, to stop (the first reason wins); returns their ids. */
  public List<String> requestAbortAll(String reason) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("UPDATE runs SET abort_reason = :reason WHERE status IN ('queued', 'running') "
              + "AND abort_reason IS NULL").bind("reason", reason).execute();
      return h.createQuery("SELECT id FROM runs WHERE status IN ('queued', 'running')").mapTo(String.class).list();
    });
  }

  /** The status of each of {@code ids} that still exists. */
  public Map<String, String> statuses(List<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT id, status FROM runs WHERE id IN (<ids>)").bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("status")))
        .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** Marks a queued run running; false when it is not queued any more (interrupted meanwhile). */
  public boolean markRunning(String id) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET status = 'running', started_ms = :now "
            + "WHERE id = :id AND status = 'queued'")
        .bind("now", System.currentTimeMillis()).bind("id", id).execute()) == 1;
  }

  public void markEnded(String id, String status, Boolean deviated, String verdict, String journalJson) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET status = :status, deviated = :deviated, verdict = :verdict, "
            + "journal = :journal, ended_ms = :now WHERE id = :id")
        .bind("status", status).bind("deviated", deviated).bind("verdict", verdict).bind("journal", journalJson)
        .bind("now", System.currentTimeMillis()).bind("id", id).execute());
  }

  /**
   * Stores how a run ended, only while {@code executor} still holds it: a replica that lost its
   * lease (paused longer than the lease) must not overwrite the {@code interrupted} another one
   * recorded. False when it did not hold the run any more.
   */
  public boolean markEnded(String id, String executor, String status, Boolean deviated, String verdict,
      String journalJson) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE runs SET status = :status, deviated = :deviated, "
            + "verdict = :verdict, journal = :journal, ended_ms = :now WHERE id = :id "
            + "AND (executor = :me OR executor IS NULL) AND status IN ('queued', 'running')")
        .bind("status", status).bind("deviated", deviated).bind("verdict", verdict).bind("journal", journalJson)
        .bind("now", System.currentTimeMillis()).bind("id", id).bind("me", executor).execute()) == 1;
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
    // The unfiltered page (the console's and the benchmark's read) has a statement of its own: the
    // planner then walks runs_by_time_id from the newest end and stops after :limit rows, where the
    // nullable-filter form below can make it sort every run first.
    if (f.status() == null && f.experimentId() == null && f.sinceMs() == null && f.team() == null) {
      // The console's poll and the busiest read: one constant statement, the limit bound by position,
      // rows read by position.
      return jdbi.withHandle(h -> h.createQuery(LATEST_PAGE).bind(0, f.limit()).map((rs, ctx) -> run(rs)).list());
    }
    // Nullable filters as bound parameters: one fixed statement, no SQL assembled from input.
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs "
            + "WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status) "
            + "AND (CAST(:exp AS VARCHAR(40)) IS NULL OR experiment_id = :exp) "
            + "AND (CAST(:since AS BIGINT) IS NULL OR submitted_ms >= :since) "
            + "AND (CAST(:team AS VARCHAR(100)) IS NULL OR team = :team) "
            + "ORDER BY submitted_ms DESC, id DESC LIMIT :limit")
        .bind("status", f.status()).bind("exp", f.experimentId()).bind("since", f.sinceMs()).bind("team", f.team())
        .bind("limit", f.limit()).map((rs, ctx) -> run(rs)).list());
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

  /** A row of {@link #COLUMNS}, read by position (by name, H2 upper-cases and hashes every label on every call). */
  private static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4), rs.getString(5),
        (Boolean) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10),
        nullableLong(rs, 11), nullableLong(rs, 12), rs.getString(13), rs.getString(14), rs.getString(15),
        rs.getString(16));
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
