package dev.faultline.server.fleet;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Route;
import dev.faultline.server.api.TeamScope;
import dev.faultline.server.auth.Role;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/agents}: the fleet's agents (connected or last seen), their capabilities and faults.
 * A team-scoped token lists only its team's agents and gets 403 {@code wrong_team} for another's.
 */
public final class AgentRoutes {
  private final AgentRegistry registry;

  public AgentRoutes(AgentRegistry registry) {
    this.registry = registry;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/agents", Role.VIEWER, this::list),
        Route.get("/api/v1/agents/{name}", Role.VIEWER, this::get));
  }

  private void list(Context ctx) {
    String c = ctx.queryParam("connected");
    Boolean connected = null;
    if (c != null) {
      if (!c.equals("true") && !c.equals("false")) {
        throw ApiException.badRequest("'connected' must be true or false, got '" + c + "'");
      }
      connected = Boolean.valueOf(c);
    }
    String team = TeamScope.filter(ctx);
    List<Map<String, Object>> agents = registry.list(connected, team);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agents", agents);
    m.put("connected", agents.stream().filter(a -> Boolean.TRUE.equals(a.get("connected"))).count());
    m.put("active_faults", registry.activeFaults(team));
    ctx.json(m);
  }

  private void get(Context ctx) {
    String name = ctx.pathParam("name");
    Map<String, Object> agent = registry.get(name).orElseThrow(() -> new ApiException(404, "not_found", "no agent named '"
        + name + "' has connected to this server; GET /api/v1/agents lists the known ones"));
    TeamScope.check(ctx, (String) agent.get("team"), "agent '" + name + "'");
    ctx.json(agent);
  }
}
