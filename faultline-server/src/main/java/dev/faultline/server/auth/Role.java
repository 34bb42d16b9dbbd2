package dev.faultline.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do; each role can do everything the roles before it can, except that {@link
 * #AGENT} only connects agents (an admin token may connect an agent too).
 */
public enum Role {
  /** Only connect as a fleet agent ({@code faultline agent --server}); no API route. */
  AGENT,
  /** Read everything. */
  VIEWER,
  /** Also create experiments, submit and abort runs, halt. */
  OPERATOR,
  /** Also resume after a halt and manage tokens. */
  ADMIN;

  public boolean allows(Role required) {
    return compareTo(required) >= 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWireName(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
