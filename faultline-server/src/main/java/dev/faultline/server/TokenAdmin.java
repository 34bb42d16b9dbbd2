package dev.faultline.server;

import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code faultline server token create|list|revoke}: token management straight on the server's
 * database (the same {@code --data} or {@code --database-url}), for the admin at the console.
 */
public final class TokenAdmin implements AutoCloseable {
  private final Database db;
  private final TokenStore tokens;
  private final AuditLog audit;
  private final String actor;

  private TokenAdmin(Database db) {
    this.db = db;
    this.tokens = new TokenStore(db.jdbi());
    this.audit = new AuditLog(db.jdbi());
    this.actor = "console (" + System.getProperty("user.name", "unknown") + ")";
  }

  public static TokenAdmin open(Path dataDir, String databaseUrl) throws FaultlineServer.StartException {
    try {
      return new TokenAdmin(Database.open(DatabaseLocation.resolve(dataDir, databaseUrl, System.getenv())));
    } catch (DatabaseLocation.BadLocationException e) {
      throw new FaultlineServer.StartException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new FaultlineServer.StartException("cannot open the server database: " + e.getMessage(), e);
    }
  }

  public TokenStore.Created create(Role role, String name) {
    return create(role, name, null, null);
  }

  /**
   * Creates a token scoped to {@code team} (null: every team) that expires at {@code expiresMs}
   * (null: never).
   *
   * @throws IllegalArgumentException when the team name is not one {@link TokenStore#TEAM} accepts
   */
  public TokenStore.Created create(Role role, String name, String team, Long expiresMs) {
    if (team != null && !TokenStore.TEAM.matcher(team).matches()) {
      throw new IllegalArgumentException("--team: '" + team + "' is not a team name; use 1 to 64 lowercase letters, "
          + "digits, '.', '_' or '-', starting with a letter or digit");
    }
    TokenStore.Created c = tokens.create(name, role, actor, team, expiresMs);
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("role", role.wireName());
    params.put("name", name);
    params.put("team", team);
    params.put("expires", expiresMs == null ? null : java.time.Instant.ofEpochMilli(expiresMs).toString());
    audit.append(actor, "token.create", c.info().id(), params, "ok", null);
    return c;
  }

  public List<TokenStore.TokenInfo> list() {
    return tokens.list();
  }

  /** Revokes; false when there is no such token or it was already revoked. */
  public boolean revoke(String id) {
    boolean done = tokens.revoke(id);
    audit.append(actor, "token.revoke", id, Map.of(), done ? "ok" : "rejected",
        done ? null : "no active token with that id");
    return done;
  }

  @Override
  public void close() {
    db.close();
  }
}
