package dev.faultline.server.continuous.services;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.faultline.server.Json;
import dev.faultline.server.continuous.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The services under continuous chaos ({@code chaos_services}). */
public final class ServiceStore {
  private final Jdbi jdbi;

  public ServiceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One service.
   *
   * @param name unique, the key in routes
   * @param team the owning team
   * @param level 0–3, what scheduled chaos may do to it
   * @param healthCheck the engine probe (JSON object text) run before and during every scheduled run
   * @param tags labels that map it to agents and to incident labels
   * @param optedIn whether scheduled chaos may run
   * @param optReason why it was opted out (null when opted in)
   * @param optOwner who opted it out or in
   * @param optedMs when the opt-in was made or renewed (it lasts 30 days from then)
   * @param warnedMs when the expiry warning was sent for this opt-in, or null
   * @param monkey the Chaos Monkey settings (JSON object text), or null when the monkey is off
   */
  public record Service(String name, String team, int level, String healthCheck, Map<String, String> tags,
      boolean optedIn, String optReason, String optOwner, long optedMs, Long warnedMs, String monkey, long createdMs,
      String createdBy, long updatedMs) {}

  public List<Service> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_services ORDER BY name")
        .map((rs, ctx) -> row(rs)).list());
  }

  public Optional<Service> find(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM chaos_services WHERE name = :name").bind("name", name)
        .map((rs, ctx) -> row(rs)).findOne());
  }

  /** Inserts; false when a service of that name exists. */
  public boolean insert(Service s) {
    if (find(s.name()).isPresent()) {
      return false;
    }
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO chaos_services (name, team, level, health_check, tags, opted_in, "
            + "opt_reason, opt_owner, opted_ms, warned_ms, monkey, created_ms, created_by, updated_ms) VALUES (:name, "
            + ":team, :level, :health, :tags, :optedIn, :reason, :owner, :optedMs, NULL, :monkey, :created, :by, :created)")
        .bind("name", s.name()).bind("team", s.team()).bind("level", s.level()).bind("health", s.healthCheck())
        .bind("tags", Json.write(s.tags())).bind("optedIn", s.optedIn()).bind("reason", s.optReason())
        .bind("owner", s.optOwner()).bind("optedMs", s.optedMs()).bind("monkey", s.monkey())
        .bind("created", s.createdMs()).bind("by", s.createdBy()).execute());
    return true;
  }

  /** Replaces what a team states about its service (not its opt-in state). */
  public void update(Service s, long nowMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_services SET team = :team, level = :level, health_check = :health, "
            + "tags = :tags, monkey = :monkey, updated_ms = :now WHERE name = :name")
        .bind("name", s.name()).bind("team", s.team()).bind("level", s.level()).bind("health", s.healthCheck())
        .bind("tags", Json.write(s.tags())).bind("monkey", s.monkey()).bind("now", nowMs).execute());
  }

  public boolean delete(String name) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM chaos_services WHERE name = :name").bind("name", name)
        .execute()) == 1;
  }

  public void optOut(String name, String reason, String owner, long nowMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_services SET opted_in = FALSE, opt_reason = :reason, "
            + "opt_owner = :owner, updated_ms = :now WHERE name = :name")
        .bind("name", name).bind("reason", reason).bind("owner", owner).bind("now", nowMs).execute());
  }

  /** Opts in, or renews an opt-in: it lasts 30 days from now. */
  public void optIn(String name, String owner, long nowMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_services SET opted_in = TRUE, opt_reason = NULL, opt_owner = :owner, "
            + "opted_ms = :now, warned_ms = NULL, updated_ms = :now WHERE name = :name")
        .bind("name", name).bind("owner", owner).bind("now", nowMs).execute());
  }

  /** An expired opt-in stops: the service is opted out, saying why. */
  public void expire(String name, String reason, long nowMs) {
    optOut(name, reason, "faultline", nowMs);
  }

  public void markWarned(String name, long nowMs) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE chaos_services SET warned_ms = :now WHERE name = :name")
        .bind("name", name).bind("now", nowMs).execute());
  }

  private static Service row(ResultSet rs) throws SQLException {
    Map<String, String> tags = Json.MAPPER.convertValue(Json.read(rs.getString("tags")),
        new TypeReference<Map<String, String>>() {});
    return new Service(rs.getString("name"), rs.getString("team"), rs.getInt("level"), rs.getString("health_check"),
        tags, rs.getBoolean("opted_in"), rs.getString("opt_reason"), rs.getString("opt_owner"), rs.getLong("opted_ms"),
        Rows.nullableLong(rs, "warned_ms"), rs.getString("monkey"), rs.getLong("created_ms"),
        rs.getString("created_by"), rs.getLong("updated_ms"));
  }
}
