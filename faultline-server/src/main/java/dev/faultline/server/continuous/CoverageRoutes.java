package dev.faultline.server.continuous;

import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import dev.faultline.server.continuous.coverage.Coverage;
import java.util.List;

/**
 * {@code /api/v1/coverage}: who is at which level and what keeps failing, per service and across the
 * organisation (the report {@link Coverage} computes).
 */
public final class CoverageRoutes {
  private final Coverage coverage;

  public CoverageRoutes(Coverage coverage) {
    this.coverage = coverage;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/coverage", Role.VIEWER, ctx -> ctx.json(coverage.report())));
  }
}
