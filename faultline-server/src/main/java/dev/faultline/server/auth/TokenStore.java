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

  /**
   * How long a looked-up token is trusted without asking the database again: every API request
   * authenticates, and the lookup was a database round trip per request. A revoke through this
   * server takes effect at once; one made elsewhere (another replica, the console) within this.
   */
  public static final long LOOKUP_CACHE_MS = 1_000;
  private static final int LOOKUP_CACHE_MAX = 10_000;

  private final Jdbi jdbi;
  private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

  private record Cached(Optional<TokenInfo> info, long fetchedNanos) {}

  public TokenStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A token as stored (never the secret itself).
   *
   * @param team the one team it is scoped to, or null
   * @param expiresMs when it stops working, or null for never
   */
  public record TokenInfo(String id, String name, Role role, long createdMs, String createdBy, Long revokedMs,
      String team, Long expiresMs) {
    public boolean revoked() {
      return revokedMs != null;
    }

    public boolean expired(long nowMs) {
      return expiresMs != null && expiresMs <= nowMs;
    }
  }

  /** Team names: what a person types, and safe in messages and URLs. */
  public static final java.util.regex.Pattern TEAM = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** A freshly created token: the secret is in {@code token} and nowhere else. */
  public record Created(TokenInfo info, String token) {}

  /** What looking a presented token up found. */
  public sealed interface Lookup permits Valid, Revoked, Expired, Unknown {}

  public record Valid(Actor actor) implements Lookup {}

  public record Revoked(String id, long revokedMs) implements Lookup {}

  public record Expired(String id, long expiresMs) implements Lookup {}

  public record Unknown() implements Lookup {}

  public Created create(String name, Role role, String createdBy) {
    return create(name, role, createdBy, null, null);
  }

  /**
   * A new random token.
   *
   * @param team the team it is scoped to (matching {@link #TEAM}), or null for every team
   * @param expiresMs when it stops working, or null for never
   */
  public Created create(String name, Role role, String createdBy, String team, Long expiresMs) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return store(name, role, createdBy, token, team, expiresMs);
  }

  /** Stores a token the operator chose (read from {@code --admin-token-file}). */
  public Created store(String name, Role role, String createdBy, String token) {
    return store(name, role, createdBy, token, null, null);
  }

  private Created store(String name, Role role, String createdBy, String token, String team, Long expiresMs) {
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    String id = "tok_" + HexFormat.of().formatHex(idBytes);
    long now = System.currentTimeMillis();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO tokens (id, name, role, hash, created_ms, created_by, team, "
            + "expires_ms) VALUES (:id, :name, :role, :hash, :created, :by, :team, :expires)")
        .bind("id", id).bind("name", name).bind("role", role.wireName()).bind("hash", hash(token))
        .bind("created", now).bind("by", createdBy).bind("team", team).bind("expires", expiresMs).execute());
    cache.remove(hash(token)); // it may have been looked up (and found unknown) just before
    return new Created(new TokenInfo(id, name, role, now, createdBy, null, team, expiresMs), token);
  }

  public Lookup lookup(String token) {
    String hash = hash(token);
    long now = System.nanoTime();
    Cached cached = cache.get(hash);
    Optional<TokenInfo> info;
    if (cached != null && now - cached.fetchedNanos() < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(LOOKUP_CACHE_MS)) {
      info = cached.info();
    } else {
      info = jdbi.withHandle(h -> h.createQuery(
              "SELECT id, name, role, created_ms, created_by, revoked_ms, team, expires_ms FROM tokens WHERE hash = :hash")
          .bind("hash", hash).map((rs, ctx) -> read(rs)).findOne());
      if (cache.size() >= LOOKUP_CACHE_MAX) {
        cache.clear(); // a flood of made-up tokens must not grow the heap; the real ones are looked up again
      }
      cache.put(hash, new Cached(info, now));
    }
    if (info.isEmpty()) {
      return new Unknown();
    }
    TokenInfo t = info.get();
    if (t.revoked()) {
      return new Revoked(t.id(), t.revokedMs());
    }
    if (t.expired(System.currentTimeMillis())) {
      return new Expired(t.id(), t.expiresMs());
    }
    return new Valid(new Actor(t.id(), t.name(), t.role(), t.team()));
  }

  public List<TokenInfo> list() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id, name, role, created_ms, created_by, revoked_ms, team, expires_ms FROM tokens ORDER BY created_ms, id")
        .map((rs, ctx) -> read(rs)).list());
  }

  /** Whether any token that is not revoked nor expired has the admin role for every team. */
  public boolean hasActiveAdmin() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE role = :role AND revoked_ms IS NULL "
            + "AND team IS NULL AND (expires_ms IS NULL OR expires_ms > :now)")
        .bind("role", Role.ADMIN.wireName()).bind("now", System.currentTimeMillis()).mapTo(Long.class).one()) > 0;
  }

  /** Revokes a token; true when it existed and was not revoked yet. */
  public boolean revoke(String id) {
    boolean done = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE tokens SET revoked_ms = :now WHERE id = :id AND revoked_ms IS NULL")
        .bind("now", System.currentTimeMillis()).bind("id", id).execute()) == 1;
    cache.clear(); // at once on this server (the cache is keyed by hash, not id)
    return done;
  }

  public Optional<TokenInfo> find(String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id, name, role, created_ms, created_by, revoked_ms, team, expires_ms FROM tokens WHERE id = :id")
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
    long expires = rs.getLong("expires_ms");
    Long expiresMs = rs.wasNull() ? null : expires;
    return new TokenInfo(rs.getString("id"), rs.getString("name"),
        Role.fromWireName(rs.getString("role")).orElse(Role.VIEWER), rs.getLong("created_ms"),
        rs.getString("created_by"), revokedMs, rs.getString("team"), expiresMs);
  }
}
