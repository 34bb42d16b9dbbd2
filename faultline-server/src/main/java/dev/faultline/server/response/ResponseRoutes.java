package dev.faultline.server.response;

import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.auth.Role;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/v1/runs/{id}/response}, {@code …/postmortem}, {@code /api/v1/services/{name}/response-trends}. */
public final class ResponseRoutes {
  private final ResponseService responses;

  public ResponseRoutes(ResponseService responses) {
    this.responses = responses;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/runs/{id}/response", Role.VIEWER, this::response),
        Route.get("/api/v1/runs/{id}/postmortem", Role.VIEWER, this::postmortem),
        Route.get("/api/v1/services/{name}/response-trends", Role.VIEWER, this::trends));
  }

  private RunResponse find(Context ctx) {
    String id = ctx.pathParam("id");
    return responses.of(id).orElseThrow(() -> ApiException.notFound("run", id));
  }

  private void response(Context ctx) {
    ctx.json(ResponseJson.toMap(find(ctx)));
  }

  private void postmortem(Context ctx) {
    ctx.contentType("text/markdown; charset=utf-8").result(Postmortem.markdown(find(ctx)));
  }

  private void trends(Context ctx) {
    String name = ctx.pathParam("name");
    int limit = Requests.limit(ctx, 20, 100);
    ctx.json(Trends.of(name, responses.ofService(name, limit)));
  }
}
