package dev.faultline.server.db;

import org.jdbi.v3.core.Jdbi;

/** The halt switch, kept in the database so every replica (later) sees the same one. */
public final class HaltStore {
  private final Jdbi jdbi;

  public HaltStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Whether chaos is halted, and by whom, when and why. */
  public record HaltState(boolean halted, String reason, String actor, Long sinceMs) {}

  public HaltState get() {
    return jdbi.withHandle(h -> h.createQuery("SELECT halted, reason, actor, since_ms FROM halt_state WHERE id = 1")
        .map((rs, ctx) -> new HaltState(rs.getBoolean("halted"), rs.getString("reason"), rs.getString("actor"),
            RunStore.nullableLong(rs, "since_ms"))).one());
  }

  /** Halts; true when this call switched it (false: it was already halted, the first halt's record stays). */
  public boolean halt(String reason, String actor) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE halt_state SET halted = TRUE, reason = :reason, actor = :actor, "
            + "since_ms = :now WHERE id = 1 AND halted = FALSE")
        .bind("reason", reason).bind("actor", actor).bind("now", System.currentTimeMillis()).execute()) == 1;
  }

  /** Resumes; true when this call switched it. */
  public boolean resume() {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE halt_state SET halted = FALSE, reason = NULL, actor = NULL, "
            + "since_ms = NULL WHERE id = 1 AND halted = TRUE").execute()) == 1;
  }
}
