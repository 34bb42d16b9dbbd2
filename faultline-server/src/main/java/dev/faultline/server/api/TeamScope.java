package dev.faultline.server.api;

import dev.faultline.server.auth.Actor;
import dev.faultline.server.auth.TokenStore;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Team scopes: a token scoped to a team sees and acts only on the experiments and runs of that
 * team (lists are filtered, anything else is 403 {@code wrong_team}), and cannot do what concerns
 * every team (manage tokens, read the whole audit log, resume after a halt). Halting stays open to
 * every operator: anyone may stop chaos everywhere. Fleet agents belong to the team of their token
 * ({@code AgentRoutes} filters and checks them the same way).
 */
public final class TeamScope {
  private TeamScope() {}

  /** The team lists are filtered to for this caller; null: every team. */
  public static String filter(Context ctx) {
    return Requests.actor(ctx).team();
  }

  /** 403 unless the caller may access something of {@code team}; {@code what} names it ("run 'run_1'"). */
  public static void check(Context ctx, String team, String what) {
    Actor a = Requests.actor(ctx);
    if (!a.mayAccess(team)) {
      throw new ApiException(403, "wrong_team", what + " belongs to " + (team == null ? "no team" : "team '" + team + "'")
          + "; token '" + a.tokenId() + "' (" + a.name() + ") is scoped to team '" + a.team() + "'",
          Map.of("team", a.team()));
    }
  }

  /** 403 for a team-scoped caller: {@code what} concerns every team. */
  static void requireUnscoped(Context ctx, String what) {
    Actor a = Requests.actor(ctx);
    if (a.team() != null) {
      throw new ApiException(403, "team_scoped", what + " concerns every team; token '" + a.tokenId() + "' ("
          + a.name() + ") is scoped to team '" + a.team() + "': use a token without a team");
    }
  }

  /**
   * The team a new experiment or run belongs to: the caller's own when scoped (a different
   * {@code requested} one is 403), else {@code requested} (may be null: no team).
   */
  static String assign(Context ctx, String requested) {
    Actor a = Requests.actor(ctx);
    if (requested != null && !TokenStore.TEAM.matcher(requested).matches()) {
      throw ApiException.badRequest("'team' must be 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with "
          + "a letter or digit; got '" + requested + "'");
    }
    if (a.team() == null) {
      return requested;
    }
    if (requested != null && !requested.equals(a.team())) {
      check(ctx, requested, "team '" + requested + "'");
    }
    return a.team();
  }
}
