package dev.faultline.server.api;

import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.auth.Role;
import dev.faultline.server.db.ExperimentStore.ExperimentRecord;
import dev.faultline.server.db.ExperimentStore.VersionRecord;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/experiments}: create and update from JSON or YAML, list, get, every version. */
final class ExperimentRoutes {
  /** Header naming the client's file, so problems read {@code that-file.yaml:3:5} as the CLI prints. */
  static final String FILENAME_HEADER = "X-Faultline-Filename";
  private final Services s;

  ExperimentRoutes(Services s) {
    this.s = s;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/api/v1/experiments", Role.OPERATOR, "experiment.create", this::create),
        Route.get("/api/v1/experiments", Role.VIEWER, this::list),
        Route.get("/api/v1/experiments/{id}", Role.VIEWER, this::get),
        Route.put("/api/v1/experiments/{id}", Role.OPERATOR, "experiment.update", this::update),
        Route.get("/api/v1/experiments/{id}/versions", Role.VIEWER, this::versions),
        Route.get("/api/v1/experiments/{id}/versions/{version}", Role.VIEWER, this::version));
  }

  private void create(Context ctx) {
    // The body is the experiment document itself: its team comes from the token, or ?team= for an unscoped one.
    String team = TeamScope.assign(ctx, ctx.queryParam("team"));
    ExperimentDocuments.Valid v = validBody(ctx);
    ExperimentRecord e = s.experiments().create(v.experiment().title(), v.syntax(), v.source(),
        Requests.actor(ctx).label(), team);
    Requests.auditTarget(ctx, e.id());
    Requests.auditParameters(ctx, Map.of("title", e.title(), "version", 1));
    ctx.status(201).json(withWarnings(summary(e), v));
  }

  private void update(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    TeamScope.check(ctx, s.experiments().find(id).orElseThrow(() -> ApiException.notFound("experiment", id)).team(),
        "experiment '" + id + "'");
    ExperimentDocuments.Valid v = validBody(ctx);
    ExperimentRecord e = s.experiments().addVersion(id, v.experiment().title(), v.syntax(), v.source(),
        Requests.actor(ctx).label()).orElseThrow(() -> ApiException.notFound("experiment", id));
    Requests.auditParameters(ctx, Map.of("title", e.title(), "version", e.latestVersion()));
    ctx.json(withWarnings(summary(e), v));
  }

  private void list(Context ctx) {
    int limit = Requests.limit(ctx, 100, 1000);
    ctx.json(Map.of("experiments", s.experiments().list(limit, TeamScope.filter(ctx)).stream()
        .map(ExperimentRoutes::summary).toList()));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    ExperimentRecord e = s.experiments().find(id).orElseThrow(() -> ApiException.notFound("experiment", id));
    TeamScope.check(ctx, e.team(), "experiment '" + id + "'");
    VersionRecord v = s.experiments().version(id, e.latestVersion()).orElseThrow();
    Map<String, Object> m = summary(e);
    m.put("syntax", v.syntax());
    m.put("source", v.source());
    ctx.json(m);
  }

  private void versions(Context ctx) {
    String id = ctx.pathParam("id");
    TeamScope.check(ctx, s.experiments().find(id).orElseThrow(() -> ApiException.notFound("experiment", id)).team(),
        "experiment '" + id + "'");
    ctx.json(Map.of("versions", s.experiments().versions(id).stream().map(v -> {
      Map<String, Object> m = version(v);
      m.remove("source");
      return m;
    }).toList()));
  }

  private void version(Context ctx) {
    String id = ctx.pathParam("id");
    String raw = ctx.pathParam("version");
    int n;
    try {
      n = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("version must be a whole number; got '" + raw + "'");
    }
    VersionRecord v = s.experiments().version(id, n).orElseThrow(() -> new ApiException(404, "not_found",
        "no version " + n + " of experiment '" + id + "'"));
    TeamScope.check(ctx, s.experiments().find(id).orElseThrow().team(), "experiment '" + id + "'");
    ctx.json(version(v));
  }

  private ExperimentDocuments.Valid validBody(Context ctx) {
    String text = Requests.body(ctx, s.maxBodyBytes());
    DocumentLoader.Syntax syntax = ExperimentDocuments.syntax(ctx.contentType(), text);
    String file = ExperimentDocuments.fileName(ctx.header(FILENAME_HEADER), syntax);
    return s.documents().validate(file, text, syntax, Overrides.NONE);
  }

  private static Map<String, Object> withWarnings(Map<String, Object> m, ExperimentDocuments.Valid v) {
    m.put("warnings", ExperimentDocuments.problems(v.warnings()));
    return m;
  }

  static Map<String, Object> summary(ExperimentRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("title", e.title());
    m.put("latest_version", e.latestVersion());
    m.put("created", Times.iso(e.createdMs()));
    m.put("created_by", e.createdBy());
    m.put("updated", Times.iso(e.updatedMs()));
    m.put("team", e.team());
    return m;
  }

  private static Map<String, Object> version(VersionRecord v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("experiment_id", v.experimentId());
    m.put("version", v.version());
    m.put("title", v.title());
    m.put("syntax", v.syntax());
    m.put("created", Times.iso(v.createdMs()));
    m.put("created_by", v.createdBy());
    m.put("source", v.source());
    return m;
  }
}
