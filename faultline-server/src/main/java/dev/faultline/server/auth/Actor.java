package dev.faultline.server.auth;

/**
 * Who is making a request, as the audit log records it.
 *
 * @param tokenId the token's id, or {@code system} for the server itself
 * @param name the token's name
 * @param role what the token may do
 * @param team the only team whose experiments and runs the token sees and acts on; null: every team
 */
public record Actor(String tokenId, String name, Role role, String team) {
  /** The server acting on its own (start-up recovery, fault events of runs). */
  public static final Actor SYSTEM = new Actor("system", "system", Role.ADMIN, null);

  /** An actor of every team. */
  public Actor(String tokenId, String name, Role role) {
    this(tokenId, name, role, null);
  }

  /** How the audit log names the actor: {@code name (token id)}. */
  public String label() {
    return tokenId.equals("system") ? "system" : name + " (" + tokenId + ")";
  }

  /** Whether the actor may see and act on something of {@code resourceTeam} (null: of no team). */
  public boolean mayAccess(String resourceTeam) {
    return team == null || team.equals(resourceTeam);
  }
}
