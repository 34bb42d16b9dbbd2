package dev.faultline.server.response;

import dev.faultline.server.Json;
import dev.faultline.server.db.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** GameDays and their participants' private predictions. */
public final class GameDayStore {
  private final Jdbi jdbi;

  public GameDayStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A GameDay: a facilitator runs experiments while participants predict what will happen.
   *
   * @param id its id
   * @param title what it exercises
   * @param facilitator the token name of the person who starts it
   * @param experiments the stored experiments it runs, in order
   * @param participants the token names of those who predict
   * @param runIds the runs it started (empty before the start)
   * @param createdMs when it was created
   * @param createdBy who created it
   * @param startedMs when it was started, or null
   */
  public record GameDay(String id, String title, String facilitator, List<String> experiments,
      List<String> participants, List<String> runIds, long createdMs, String createdBy, Long startedMs) {}

  /**
   * One participant's prediction.
   *
   * @param participant who
   * @param steadyStateHolds whether they expect the steady state to hold
   * @param alertFires whether they expect an alert to fire
   * @param detectWithinMs how soon after the fault they expect it, or null
   * @param notes free text
   * @param submittedMs when
   */
  public record Prediction(String participant, boolean steadyStateHolds, boolean alertFires, Long detectWithinMs,
      String notes, long submittedMs) {}

  public GameDay create(String title, String facilitator, List<String> experiments, List<String> participants,
      String createdBy) {
    String id = Ids.next("gd");
    long now = System.currentTimeMillis();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO gamedays (id, title, facilitator, experiments, participants, run_ids, "
            + "created_ms, created_by) VALUES (:id, :title, :fac, :exps, :parts, '[]', :now, :by)")
        .bind("id", id).bind("title", title).bind("fac", facilitator).bind("exps", Json.write(experiments))
        .bind("parts", Json.write(participants)).bind("now", now).bind("by", createdBy).execute());
    return new GameDay(id, title, facilitator, experiments, participants, List.of(), now, createdBy, null);
  }

  public Optional<GameDay> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, title, facilitator, experiments, participants, run_ids, "
            + "created_ms, created_by, started_ms FROM gamedays WHERE id = :id").bind("id", id)
        .map(GameDayStore::row)
        .findOne());
  }

  /** The newest {@code limit} GameDays, newest first (the console's list). */
  public List<GameDay> list(int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, title, facilitator, experiments, participants, run_ids, "
            + "created_ms, created_by, started_ms FROM gamedays ORDER BY created_ms DESC, id DESC LIMIT :limit")
        .bind("limit", limit)
        .map(GameDayStore::row)
        .list());
  }

  private static GameDay row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new GameDay(rs.getString("id"), rs.getString("title"), rs.getString("facilitator"),
        strings(rs.getString("experiments")), strings(rs.getString("participants")),
        strings(rs.getString("run_ids")), rs.getLong("created_ms"), rs.getString("created_by"),
        rs.getObject("started_ms") == null ? null : rs.getLong("started_ms"));
  }

  /**
   * Records or replaces a prediction, only while the GameDay has not started (checked in the same
   * statement, so a prediction cannot slip in after the start). Returns whether it was recorded.
   */
  public boolean predict(String gamedayId, Prediction p) {
    return jdbi.inTransaction(h -> {
      Long started = h.createQuery("SELECT started_ms FROM gamedays WHERE id = :id FOR UPDATE").bind("id", gamedayId)
          .mapTo(Long.class).findOne().orElse(null);
      if (started != null) {
        return false;
      }
      h.createUpdate("DELETE FROM gameday_predictions WHERE gameday_id = :id AND participant = :p")
          .bind("id", gamedayId).bind("p", p.participant()).execute();
      h.createUpdate("INSERT INTO gameday_predictions (gameday_id, participant, steady_state_holds, alert_fires, "
              + "detect_within_ms, notes, submitted_ms) VALUES (:id, :p, :ss, :af, :within, :notes, :now)")
          .bind("id", gamedayId).bind("p", p.participant()).bind("ss", p.steadyStateHolds()).bind("af", p.alertFires())
          .bind("within", p.detectWithinMs()).bind("notes", p.notes()).bind("now", p.submittedMs()).execute();
      return true;
    });
  }

  /** Marks the start (once); returns false when it had already started. */
  public boolean markStarted(String id) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE gamedays SET started_ms = :now WHERE id = :id AND started_ms IS NULL")
        .bind("now", System.currentTimeMillis()).bind("id", id).execute()) == 1;
  }

  public void setRuns(String id, List<String> runIds) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE gamedays SET run_ids = :runs WHERE id = :id")
        .bind("runs", Json.write(runIds)).bind("id", id).execute());
  }

  public List<Prediction> predictions(String gamedayId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT participant, steady_state_holds, alert_fires, detect_within_ms, "
            + "notes, submitted_ms FROM gameday_predictions WHERE gameday_id = :id ORDER BY participant")
        .bind("id", gamedayId)
        .map((rs, ctx) -> new Prediction(rs.getString("participant"), rs.getBoolean("steady_state_holds"),
            rs.getBoolean("alert_fires"), rs.getObject("detect_within_ms") == null ? null : rs.getLong("detect_within_ms"),
            rs.getString("notes"), rs.getLong("submitted_ms")))
        .list());
  }

  private static List<String> strings(String json) {
    Object v = Json.read(json);
    return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
