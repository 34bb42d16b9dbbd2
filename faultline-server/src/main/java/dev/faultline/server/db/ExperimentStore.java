package dev.faultline.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Experiments and every version of each (an update adds a version; none is ever overwritten). */
public final class ExperimentStore {
  private final Jdbi jdbi;

  public ExperimentStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An experiment's summary. */
  public record ExperimentRecord(String id, String title, int latestVersion, long createdMs, String createdBy,
      long updatedMs, String team) {}

  /** One stored version: the document exactly as submitted. */
  public record VersionRecord(String experimentId, int version, String title, String syntax, String source,
      long createdMs, String createdBy) {}

  public ExperimentRecord create(String title, String syntax, String source, String actor) {
    return create(title, syntax, source, actor, null);
  }

  /** Creates an experiment of {@code team} (null: of no team); its runs belong to that team. */
  public ExperimentRecord create(String title, String syntax, String source, String actor, String team) {
    String id = Ids.next("exp");
    long now = System.currentTimeMillis();
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO experiments (id, title, latest_version, created_ms, created_by, updated_ms, team) "
              + "VALUES (:id, :title, 1, :now, :by, :now, :team)")
          .bind("id", id).bind("title", title).bind("now", now).bind("by", actor).bind("team", team).execute();
      insertVersion(h, id, 1, title, syntax, source, now, actor);
    });
    return new ExperimentRecord(id, title, 1, now, actor, now, team);
  }

  /** Adds a version; empty when the experiment does not exist. */
  public Optional<ExperimentRecord> addVersion(String id, String title, String syntax, String source, String actor) {
    long now = System.currentTimeMillis();
    return jdbi.inTransaction(h -> {
      // The row lock (FOR UPDATE) serialises concurrent updates of one experiment.
      Optional<ExperimentRecord> current = h.createQuery("SELECT * FROM experiments WHERE id = :id FOR UPDATE")
          .bind("id", id).map((rs, ctx) -> experiment(rs)).findOne();
      if (current.isEmpty()) {
        return Optional.<ExperimentRecord>empty();
      }
      int version = current.get().latestVersion() + 1;
      insertVersion(h, id, version, title, syntax, source, now, actor);
      h.createUpdate("UPDATE experiments SET title = :title, latest_version = :v, updated_ms = :now WHERE id = :id")
          .bind("title", title).bind("v", version).bind("now", now).bind("id", id).execute();
      ExperimentRecord c = current.get();
      return Optional.of(new ExperimentRecord(id, title, version, c.createdMs(), c.createdBy(), now, c.team()));
    });
  }

  public List<ExperimentRecord> list(int limit) {
    return list(limit, null);
  }

  /** The most recently updated experiments, of {@code team} only unless it is null. */
  public List<ExperimentRecord> list(int limit, String team) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM experiments "
            + "WHERE (CAST(:team AS VARCHAR(100)) IS NULL OR team = :team) ORDER BY updated_ms DESC, id LIMIT :limit")
        .bind("team", team).bind("limit", limit).map((rs, ctx) -> experiment(rs)).list());
  }

  public Optional<ExperimentRecord> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> experiment(rs)).findOne());
  }

  public List<VersionRecord> versions(String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM experiment_versions WHERE experiment_id = :id ORDER BY version")
        .bind("id", id).map((rs, ctx) -> version(rs)).list());
  }

  public Optional<VersionRecord> version(String id, int version) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM experiment_versions WHERE experiment_id = :id AND version = :v")
        .bind("id", id).bind("v", version).map((rs, ctx) -> version(rs)).findOne());
  }

  private static void insertVersion(org.jdbi.v3.core.Handle h, String id, int version, String title, String syntax,
      String source, long now, String actor) {
    h.createUpdate("INSERT INTO experiment_versions (experiment_id, version, title, syntax, source, created_ms, created_by) "
            + "VALUES (:id, :v, :title, :syntax, :source, :now, :by)")
        .bind("id", id).bind("v", version).bind("title", title).bind("syntax", syntax).bind("source", source)
        .bind("now", now).bind("by", actor).execute();
  }

  private static ExperimentRecord experiment(ResultSet rs) throws SQLException {
    return new ExperimentRecord(rs.getString("id"), rs.getString("title"), rs.getInt("latest_version"),
        rs.getLong("created_ms"), rs.getString("created_by"), rs.getLong("updated_ms"), rs.getString("team"));
  }

  private static VersionRecord version(ResultSet rs) throws SQLException {
    return new VersionRecord(rs.getString("experiment_id"), rs.getInt("version"), rs.getString("title"),
        rs.getString("syntax"), rs.getString("source"), rs.getLong("created_ms"), rs.getString("created_by"));
  }
}
