package dev.faultline.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The faults runs applied. A row is written ({@code pending}) before the fault is applied, so a
 * server that dies mid-apply still knows what may be in effect; it becomes {@code applied}, then
 * {@code reverted} (or {@code revert_failed}, {@code not_applied}, {@code orphaned}).
 */
public final class FaultStore {
  /** States in which a fault may be in effect. */
  public static final List<String> ACTIVE_STATES = List.of("pending", "applied", "revert_failed");

  private final Jdbi jdbi;

  public FaultStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One recorded fault. */
  public record FaultRecord(long id, String runId, String activity, String fault, String parameters,
      String description, String state, String actor, long recordedMs, Long appliedMs, Long revertedMs, String error,
      String undo) {}

  public long recordPending(String runId, String activity, String fault, String parametersJson, String actor) {
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO faults (run_id, activity, fault, parameters, state, actor, "
            + "recorded_ms) VALUES (:run, :activity, :fault, :params, 'pending', :actor, :now)")
        .bind("run", runId).bind("activity", activity).bind("fault", fault).bind("params", parametersJson)
        .bind("actor", actor).bind("now", System.currentTimeMillis())
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /**
   * The undo record of a fault held by a fleet agent: nothing this server can undo from the record;
   * the agent reverts it by itself when its lease passes without renewal (see {@code RunRecovery}).
   */
  public static String remoteUndo(String agent) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("kind", "remote");
    if (agent != null) {
      m.put("agent", agent);
    }
    return dev.faultline.server.Json.write(m);
  }

  /**
   * A fault activity with a {@code target} started: its row stands for "may be in effect on some
   * agent" until the activity ends (written before anything is sent), marked remote so that no
   * recovery tries to revert it on this host.
   */
  public long recordPendingRemote(String runId, String activity, String fault, String parametersJson, String actor) {
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO faults (run_id, activity, fault, parameters, state, actor, "
            + "recorded_ms, undo) VALUES (:run, :activity, :fault, :params, 'pending', :actor, :now, :undo)")
        .bind("run", runId).bind("activity", activity).bind("fault", fault).bind("params", parametersJson)
        .bind("actor", actor).bind("now", System.currentTimeMillis()).bind("undo", remoteUndo(null))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /**
   * A targeted activity's fault took effect on one agent: a row of its own, named {@code label}
   * ({@code host-cpu on agent-1}, the engine's fault label), which the revert then matches.
   */
  public long recordRemoteApplied(String runId, String activity, String label, String agent, String parametersJson,
      String description, String actor) {
    long now = System.currentTimeMillis();
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO faults (run_id, activity, fault, parameters, description, "
            + "state, actor, recorded_ms, applied_ms, undo) VALUES (:run, :activity, :fault, :params, :d, 'applied', "
            + ":actor, :now, :now, :undo)")
        .bind("run", runId).bind("activity", activity).bind("fault", label).bind("params", parametersJson)
        .bind("d", description).bind("actor", actor).bind("now", now).bind("undo", remoteUndo(agent))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /**
   * A targeted activity ended having applied its fault on some agents: its placeholder row (still
   * {@code pending}) is dropped, the agents' own rows say the rest.
   */
  public void dropPending(String runId, String activity) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM faults WHERE run_id = :run AND activity = :activity "
            + "AND state = 'pending'")
        .bind("run", runId).bind("activity", activity).execute());
  }

  /** The oldest pending fault of that name in the run is now in effect. */
  public void markApplied(String runId, String fault, String description) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET state = 'applied', description = :d, applied_ms = :now "
            + "WHERE id = (SELECT MIN(id) FROM faults WHERE run_id = :run AND fault = :fault AND state = 'pending')")
        .bind("d", description).bind("now", System.currentTimeMillis()).bind("run", runId).bind("fault", fault)
        .execute());
  }

  /**
   * How to undo the oldest pending fault of that name in the run from the record alone (JSON: what
   * {@code FaultUndo} reads), written as the fault takes effect, before it is marked applied.
   */
  public void recordUndo(String runId, String fault, String undoJson) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET undo = :undo WHERE id = (SELECT MIN(id) FROM faults "
            + "WHERE run_id = :run AND fault = :fault AND state = 'pending' AND undo IS NULL)")
        .bind("undo", undoJson).bind("run", runId).bind("fault", fault).execute());
  }

  /** Every fault that may be in effect of the runs of {@code team}, oldest first. */
  public List<FaultRecord> activeOfTeam(String team) {
    return jdbi.withHandle(h -> h.createQuery("SELECT f.* FROM faults f JOIN runs r ON r.id = f.run_id "
            + "WHERE f.state IN ('pending', 'applied', 'revert_failed') AND r.team = :team ORDER BY f.id")
        .bind("team", team).map((rs, ctx) -> fault(rs)).list());
  }

  /** The oldest applied fault of that name and description in the run was recovered (or failed to). */
  public void markReverted(String runId, String fault, String description, String error) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET state = :state, reverted_ms = :now, error = :error "
            + "WHERE id = (SELECT MIN(id) FROM faults WHERE run_id = :run AND fault = :fault "
            + "AND state IN ('applied', 'revert_failed') AND (description = :d OR CAST(:d AS VARCHAR(4000)) IS NULL))")
        .bind("state", error == null ? "reverted" : "revert_failed").bind("now", System.currentTimeMillis())
        .bind("error", error).bind("run", runId).bind("fault", fault).bind("d", description).execute());
  }

  /** A fault activity ended without its fault taking effect. */
  public void markNotApplied(String runId, String activity, String error) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET state = 'not_applied', error = :error "
            + "WHERE run_id = :run AND activity = :activity AND state = 'pending'")
        .bind("error", error).bind("run", runId).bind("activity", activity).execute());
  }

  /** Every fault that may be in effect, oldest first. */
  public List<FaultRecord> active() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM faults WHERE state IN ('pending', 'applied', 'revert_failed') ORDER BY id")
        .map((rs, ctx) -> fault(rs)).list());
  }

  public List<FaultRecord> ofRun(String runId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM faults WHERE run_id = :run ORDER BY id")
        .bind("run", runId).map((rs, ctx) -> fault(rs)).list());
  }

  /**
   * Marks the possibly-active faults of runs no process owns any more as {@code orphaned}, with
   * why; returns them as they were.
   */
  public List<FaultRecord> orphan(List<String> runIds, String why) {
    return jdbi.inTransaction(h -> {
      List<FaultRecord> found = new java.util.ArrayList<>();
      for (String run : runIds) {
        found.addAll(h.createQuery("SELECT * FROM faults WHERE run_id = :run "
                + "AND state IN ('pending', 'applied', 'revert_failed') ORDER BY id")
            .bind("run", run).map((rs, ctx) -> fault(rs)).list());
        h.createUpdate("UPDATE faults SET state = 'orphaned', error = :why WHERE run_id = :run "
                + "AND state IN ('pending', 'applied', 'revert_failed')")
            .bind("why", why).bind("run", run).execute();
      }
      return found;
    });
  }

  /** An orphaned fault was reverted at start-up. */
  public void markRevertedAtStartup(long id, String note) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET state = 'reverted', reverted_ms = :now, error = :note "
            + "WHERE id = :id")
        .bind("now", System.currentTimeMillis()).bind("note", note).bind("id", id).execute());
  }

  /** A fault of a run whose process is gone could not be reverted: {@code orphaned}, with why. */
  public void markOrphaned(long id, String why) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET state = 'orphaned', error = :why WHERE id = :id")
        .bind("why", why).bind("id", id).execute());
  }

  /** The faults of a run that may be in effect, oldest first. */
  public List<FaultRecord> activeOfRun(String runId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM faults WHERE run_id = :run "
            + "AND state IN ('pending', 'applied', 'revert_failed') ORDER BY id")
        .bind("run", runId).map((rs, ctx) -> fault(rs)).list());
  }

  /** Why an orphaned fault could not be reverted at start-up. */
  public void noteOrphan(long id, String why) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE faults SET error = :why WHERE id = :id")
        .bind("why", why).bind("id", id).execute());
  }

  private static FaultRecord fault(ResultSet rs) throws SQLException {
    return new FaultRecord(rs.getLong("id"), rs.getString("run_id"), rs.getString("activity"), rs.getString("fault"),
        rs.getString("parameters"), rs.getString("description"), rs.getString("state"), rs.getString("actor"),
        rs.getLong("recorded_ms"), RunStore.nullableLong(rs, "applied_ms"), RunStore.nullableLong(rs, "reverted_ms"),
        rs.getString("error"), rs.getString("undo"));
  }
}
