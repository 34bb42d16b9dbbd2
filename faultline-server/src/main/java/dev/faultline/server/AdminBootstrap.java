package dev.faultline.server;

import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The first admin: on a database without an active admin token the server creates one and prints
 * it once, or stores the one in {@code --admin-token-file} (for unattended installs and tests).
 */
final class AdminBootstrap {
  private AdminBootstrap() {}

  /** A token file that cannot be used, phrased for the operator. */
  static final class BadTokenFileException extends Exception {
    private static final long serialVersionUID = 1L;

    BadTokenFileException(String message) {
      super(message);
    }
  }

  static void ensureAdmin(TokenStore tokens, dev.faultline.server.db.AuditLog audit, Path tokenFile, PrintWriter out)
      throws BadTokenFileException {
    if (tokenFile != null) {
      String token;
      try {
        token = Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new BadTokenFileException("--admin-token-file " + tokenFile + ": cannot be read: " + e.getMessage());
      }
      if (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace)) {
        throw new BadTokenFileException("--admin-token-file " + tokenFile
            + ": expected one token of at least 16 characters without spaces");
      }
      TokenStore.Lookup found = tokens.lookup(token);
      if (found instanceof TokenStore.Revoked r) {
        throw new BadTokenFileException("--admin-token-file " + tokenFile + ": that token (" + r.id()
            + ") was revoked; put a new one in the file");
      }
      if (found instanceof TokenStore.Expired x) {
        throw new BadTokenFileException("--admin-token-file " + tokenFile + ": that token (" + x.id()
            + ") expired at " + java.time.Instant.ofEpochMilli(x.expiresMs()) + "; put a new one in the file");
      }
      if (found instanceof TokenStore.Unknown) {
        TokenStore.Created c = tokens.store("admin", Role.ADMIN, "system", token);
        audit.append("system", "token.create", c.info().id(), Map.of("role", "admin", "name", "admin",
            "source", "admin token file"), "ok", null);
        out.println("Admin token from " + tokenFile + " stored as " + c.info().id());
      }
      return;
    }
    if (tokens.hasActiveAdmin()) {
      return;
    }
    TokenStore.Created c = tokens.create("admin", Role.ADMIN, "system");
    audit.append("system", "token.create", c.info().id(), Map.of("role", "admin", "name", "admin"), "ok", null);
    out.println("Admin token (shown only this once; store it safely): " + c.token());
    out.println("  use it as: Authorization: Bearer <token>; create more with 'faultline server token create'");
  }
}
