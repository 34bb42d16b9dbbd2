package dev.faultline.server.auth;

/**
 * Who is making a request, as the audit log records it.
 *
 * @param tokenId the token's id, or {@code system} for the server itself
 * @param name the token's name
 * @param role what the token may do
 */
public record Actor(String tokenId, String name, Role role) {
  /** The server acting on its own (start-up recovery, fault events of runs). */
  public static final Actor SYSTEM = new Actor("system", "system", Role.ADMIN);

  /** How the audit log names the actor: {@code name (token id)}. */
  public String label() {
    return tokenId.equals("system") ? "system" : name + " (" + tokenId + ")";
  }
}
