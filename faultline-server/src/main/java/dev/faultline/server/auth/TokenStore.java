package dev.faultline.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer tokens: 32 random bytes shown once, stored only as their SHA-256. A database leak does not
 * give anyone a working token; a lost token is revoked and replaced.
 */
public final class TokenStore {
  /** Every token starts with this, so secret scanners and people recognise it. */
  public static final String PREFIX = "flt_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public TokenStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A token as stored (never the secret itself). */
  public record TokenInfo(String id, String name, Role role, long createdMs, String createdBy, Long revokedMs) {
    public boolean revoked() {
      return revokedMs != null;
    }
  }

  /** A freshly created token: the secret is in {@code token} and nowhere else. */
  public record Created(TokenInfo info, String token) {}

  /** What looking a presented token up found. */
  public sealed interface Lookup permits Valid, Revoked, Unknown {}

  public record Valid(Actor actor) implements Lookup {}

  public record Revoked(String id, long revokedMs) implements Lookup {}

  public record Unknown() implements Lookup {}

  public Created create(String name, Role role, String createdBy) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return store(name, role, createdBy, token);
  }

  /** Stores a token the operator chose (read from {@code --admin-token-file}). */
  public Created store(String name, Role role, String createdBy, String token) {
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    String id = "tok_" + HexFormat.of().formatHex(idBytes);
    long now = System.currentTimeMillis();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO tokens (id, name, role, hash, created_ms, created_by) "
            + "VALUES (:id, :name, :role, :hash, :created, :by)")
        .bind("id", id).bind("name", name).bind("role", role.wireName()).bind("hash", hash(token))
        .bind("created", now).bind("by", createdBy).execute());
    return new Created(new TokenInfo(id, name, role, now, createdBy, null), token);
  }

  public Lookup lookup(String token) {
    Optional<TokenInfo> info = jdbi.withHandle(h -> h.createQuery(
            "SELECT id, name, role, created_ms, created_by, revoked_ms FROM tokens WHERE hash = :hash")
        .bind("hash", hash(token)).map((rs, ctx) -> read(rs)).findOne());
    if (info.isEmpty()) {
      return new Unknown();
    }
    TokenInfo t = info.get();
    return t.revoked() ? new Revoked(t.id(), t.revokedMs()) : new Valid(new Actor(t.id(), t.name(), t.role()));
  }

  public List<TokenInfo> list() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id, name, role, created_ms, created_by, revoked_ms FROM tokens ORDER BY created_ms, id")
        .map((rs, ctx) -> read(rs)).list());
  }

  /** Whether any token that is not revoked has the admin role. */
  public boolean hasActiveAdmin() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE role = :role AND revoked_ms IS NULL")
        .bind("role", Role.ADMIN.wireName()).mapTo(Long.class).one()) > 0;
  }

  /** Revokes a token; true when it existed and was not revoked yet. */
  public boolean revoke(String id) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE tokens SET revoked_ms = :now WHERE id = :id AND revoked_ms IS NULL")
        .bind("now", System.currentTimeMillis()).bind("id", id).execute()) == 1;
  }

  public Optional<TokenInfo> find(String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id, name, role, created_ms, created_by, revoked_ms FROM tokens WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> read(rs)).findOne());
  }

  /** The stored form of a token: lowercase hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static TokenInfo read(java.sql.ResultSet rs) throws java.sql.SQLException {
    long revoked = rs.getLong("revoked_ms");
    Long revokedMs = rs.wasNull() ? null : revoked;
    return new TokenInfo(rs.getString("id"), rs.getString("name"),
        Role.fromWireName(rs.getString("role")).orElse(Role.VIEWER), rs.getLong("created_ms"),
        rs.getString("created_by"), revokedMs);
  }
}
