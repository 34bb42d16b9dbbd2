package dev.faultline.server.db;

import dev.faultline.server.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The append-only audit log: every API mutation and every fault apply/revert, with actor, target,
 * parameters (secrets masked), time and outcome. This class has no update or delete.
 */
public final class AuditLog {
  /** Keys whose values are never stored: they name secrets. */
  private static final Pattern SECRET_KEY = Pattern.compile(".*(secret|password|passwd|token|api[-_]?key|credential"
      + "|authorization|private[-_]?key).*", Pattern.CASE_INSENSITIVE);
  public static final String MASK = "***";

  private final Jdbi jdbi;

  public AuditLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One audit entry. */
  public record Entry(long id, long atMs, String actor, String kind, String target, Object parameters, String outcome,
      String detail) {}

  /** Filters for {@link #list}; null means any. */
  public record Filter(String actor, String kind, Long sinceMs, Long untilMs, int limit) {}

  /** Appends an entry; {@code parameters} are masked first. */
  public void append(String actor, String kind, String target, Map<String, ?> parameters, String outcome,
      String detail) {
    String params = Json.write(mask(parameters == null ? Map.of() : parameters));
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit_log (at_ms, actor, kind, target, parameters, outcome, detail) "
            + "VALUES (:at, :actor, :kind, :target, :params, :outcome, :detail)")
        .bind("at", System.currentTimeMillis()).bind("actor", actor).bind("kind", kind).bind("target", target)
        .bind("params", params).bind("outcome", outcome).bind("detail", truncate(detail, 4000)).execute());
  }

  public List<Entry> list(Filter f) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_log "
            + "WHERE (CAST(:actor AS VARCHAR(200)) IS NULL OR actor = :actor) "
            + "AND (CAST(:kind AS VARCHAR(60)) IS NULL OR kind = :kind) "
            + "AND (CAST(:since AS BIGINT) IS NULL OR at_ms >= :since) "
            + "AND (CAST(:until AS BIGINT) IS NULL OR at_ms < :until) "
            + "ORDER BY id DESC LIMIT :limit")
        .bind("actor", f.actor()).bind("kind", f.kind()).bind("since", f.sinceMs()).bind("until", f.untilMs())
        .bind("limit", f.limit()).map((rs, ctx) -> entry(rs)).list());
  }

  /**
   * A copy with the value of every secret-looking key replaced by {@value #MASK}, and everything
   * under a {@code secrets} block too, at any depth.
   */
  public static Object mask(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        boolean secret = SECRET_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).equals("secrets");
        out.put(key, secret ? maskAll(e.getValue()) : mask(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(mask(v)));
      return out;
    }
    return value;
  }

  private static Object maskAll(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), maskAll(v)));
      return out;
    }
    return MASK;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    return new Entry(rs.getLong("id"), rs.getLong("at_ms"), rs.getString("actor"), rs.getString("kind"),
        rs.getString("target"), Json.read(rs.getString("parameters")), rs.getString("outcome"), rs.getString("detail"));
  }
}
