package dev.faultline.server.api;

import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.DryMode;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.Json;
import dev.faultline.server.auth.Role;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.ExperimentStore;
import dev.faultline.server.db.ExperimentStore.VersionRecord;
import dev.faultline.server.db.FaultStore.FaultRecord;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.NewRun;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import dev.faultline.report.HtmlReportRenderer;
import dev.faultline.report.JournalReport;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/runs}: submit, list, get, live events (SSE), journal, abort. */
final class RunRoutes {
  private static final Set<String> SUBMIT_KEYS = Set.of("experiment", "version", "document", "source", "syntax",
      "filename", "vars", "dry", "hypothesis_strategy", "rollback_strategy", "team");
  private final Services s;
  private final RunPage page = new RunPage();

  RunRoutes(Services s) {
    this.s = s;
  }

  List<Route> routes() {
    RunEventsStream events = new RunEventsStream(s);
    return List.of(
        Route.post("/api/v1/runs", Role.OPERATOR, "run.submit", this::submit),
        Route.get("/api/v1/runs", Role.VIEWER, this::list),
        Route.get("/api/v1/runs/{id}", Role.VIEWER, this::get),
        Route.get("/api/v1/runs/{id}/events", Role.VIEWER, events::handle),
        Route.get("/api/v1/runs/{id}/journal", Role.VIEWER, this::journal),
        Route.get("/api/v1/runs/{id}/report", Role.VIEWER, this::report),
        Route.post("/api/v1/runs/{id}/abort", Role.OPERATOR, "run.abort", this::abort));
  }

  private void submit(Context ctx) throws Exception {
    Map<String, Object> body = Requests.jsonObject(ctx, s.maxBodyBytes());
    Map<String, Object> audited = new LinkedHashMap<>(body);
    audited.remove("document");
    audited.remove("source");
    Requests.auditParameters(ctx, audited);
    for (String key : body.keySet()) {
      if (!SUBMIT_KEYS.contains(key)) {
        throw ApiException.badRequest("unknown field '" + key + "'; expected some of " + String.join(", ",
            SUBMIT_KEYS.stream().sorted().toList()));
      }
    }
    Map<String, Object> vars = vars(body.get("vars"));
    Overrides overrides = new Overrides(vars, Map.of(), Map.of());
    RunOptions options = options(body).withOverrides(overrides);
    Source source = source(ctx, body);
    ExperimentDocuments.Valid valid = s.documents().validate(source.file(), source.text(), source.syntax(), overrides);
    refuseTargets(source.file(), valid, options, source.team());
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("vars", AuditLog.mask(vars));
    stored.put("dry", body.get("dry"));
    stored.put("hypothesis_strategy", body.get("hypothesis_strategy"));
    stored.put("rollback_strategy", body.get("rollback_strategy"));
    NewRun newRun = new NewRun(source.experimentId(), source.version(), valid.experiment().title(),
        options.dry() == DryMode.NONE ? null : options.dry().wireName(), Requests.actor(ctx).label(),
        s.runManager().owner(), valid.syntax(), valid.source(), Json.write(stored), source.team());
    // What another replica needs to execute the run if it waits for a free slot: the variables as
    // given (secrets included; cleared from the row when a replica claims it) and the options.
    Map<String, Object> handover = new LinkedHashMap<>(stored);
    handover.put("vars", vars);
    handover.put("filename", source.file());
    RunRecord run;
    try {
      run = s.halt().unlessHalted(() -> s.runManager().submit(valid.experiment(), options, newRun,
          Json.write(handover)));
    } catch (HaltSwitch.HaltedException e) {
      throw new ApiException(409, "halted", e.getMessage(), Map.of("halt", HaltRoutes.state(e.state())));
    } catch (RunManager.BusyException e) {
      throw new ApiException(503, "busy", e.getMessage());
    }
    Requests.auditTarget(ctx, run.id());
    ctx.header("Location", "/api/v1/runs/" + run.id());
    Map<String, Object> m = run(run);
    m.put("warnings", ExperimentDocuments.problems(valid.warnings()));
    ctx.status(202).json(m);
  }

  /**
   * 422 when a safety net would refuse a targeted fault activity on the fleet as it is now
   * (docs/targets.md): the caller reads why at once, not from a failed activity in the journal. A
   * dry run that skips actions is let through: it is how to see what would be refused.
   */
  private void refuseTargets(String file, ExperimentDocuments.Valid valid, RunOptions options, String team) {
    if (options.dry().skips(dev.faultline.core.experiment.ActivityType.ACTION)) {
      return;
    }
    Map<String, String> refused = dev.faultline.engine.target.TargetedFaults.refusalsNow(valid.experiment(),
        s.runManager().fleet(team));
    if (refused.isEmpty()) {
      return;
    }
    List<Map<String, Object>> problems = new ArrayList<>();
    refused.forEach((path, message) -> {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("severity", "error");
      p.put("file", file);
      p.put("path", path);
      p.put("message", message);
      p.put("text", file + ": " + path + ": " + message);
      problems.add(p);
    });
    throw new ApiException(422, "target_refused", file + ": " + String.join("; ", refused.values())
        + "; nothing was run", Map.of("problems", problems));
  }

  /** Where the experiment of a submission comes from. */
  private record Source(String experimentId, Integer version, String file, String text, DocumentLoader.Syntax syntax,
      String team) {}

  private Source source(Context ctx, Map<String, Object> body) {
    int given = (body.get("experiment") != null ? 1 : 0) + (body.get("document") != null ? 1 : 0)
        + (body.get("source") != null ? 1 : 0);
    if (given != 1) {
      throw ApiException.badRequest("give exactly one of 'experiment' (a stored experiment's id), 'document' "
          + "(an experiment as a JSON object) or 'source' (an experiment's JSON or YAML text with 'syntax')");
    }
    String filename = Requests.optionalString(body, "filename");
    if (body.get("experiment") != null) {
      String id = Requests.optionalString(body, "experiment");
      Object rawVersion = body.get("version");
      if (rawVersion != null && !(rawVersion instanceof Integer)) {
        throw ApiException.badRequest("'version' must be a whole number; found " + Requests.describe(rawVersion));
      }
      ExperimentStore.ExperimentRecord experiment = s.experiments().find(id)
          .orElseThrow(() -> new ApiException(404, "not_found", "no experiment with id '" + id + "'"));
      TeamScope.check(ctx, experiment.team(), "experiment '" + id + "'");
      if (body.get("team") != null && !body.get("team").equals(experiment.team())) {
        throw ApiException.badRequest("'team': a run of a stored experiment belongs to the experiment's team ("
            + (experiment.team() == null ? "none" : "'" + experiment.team() + "'") + "); leave 'team' out");
      }
      int version = rawVersion != null ? (Integer) rawVersion : experiment.latestVersion();
      VersionRecord v = s.experiments().version(id, version).orElseThrow(() -> new ApiException(404, "not_found",
          "no version " + version + " of experiment '" + id + "' (it has 1 to " + experiment.latestVersion() + ")"));
      DocumentLoader.Syntax syntax = "yaml".equals(v.syntax()) ? DocumentLoader.Syntax.YAML : DocumentLoader.Syntax.JSON;
      return new Source(id, version, ExperimentDocuments.fileName(filename, syntax), v.source(), syntax,
          experiment.team());
    }
    String team = TeamScope.assign(ctx, Requests.optionalString(body, "team"));
    if (body.get("document") != null) {
      if (!(body.get("document") instanceof Map)) {
        throw ApiException.badRequest("'document' must be a JSON object (the experiment); found "
            + Requests.describe(body.get("document")));
      }
      String text;
      try {
        text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body.get("document"));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw ApiException.badRequest("'document' cannot be read: " + e.getOriginalMessage());
      }
      return new Source(null, null, ExperimentDocuments.fileName(filename, DocumentLoader.Syntax.JSON), text,
          DocumentLoader.Syntax.JSON, team);
    }
    String text = Requests.optionalString(body, "source");
    String syntaxName = Requests.optionalString(body, "syntax");
    DocumentLoader.Syntax syntax;
    if (syntaxName == null) {
      syntax = ExperimentDocuments.syntax(null, text);
    } else if (syntaxName.equalsIgnoreCase("json")) {
      syntax = DocumentLoader.Syntax.JSON;
    } else if (syntaxName.equalsIgnoreCase("yaml") || syntaxName.equalsIgnoreCase("yml")) {
      syntax = DocumentLoader.Syntax.YAML;
    } else {
      throw ApiException.badRequest("'syntax' must be json or yaml; got '" + syntaxName + "'");
    }
    return new Source(null, null, ExperimentDocuments.fileName(filename, syntax), text, syntax, team);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> vars(Object raw) {
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map)) {
      throw ApiException.badRequest("'vars' must be an object of configuration keys to values; found "
          + Requests.describe(raw));
    }
    return (Map<String, Object>) raw;
  }

  /**
   * Builds a run another replica accepted (it waited unclaimed for a free slot) from its stored
   * document and handover, as {@link #submit} built it there.
   */
  static RunManager.Prepared rebuild(ExperimentDocuments documents, RunStore.Claimed claimed) {
    Object raw = Json.read(claimed.handover());
    if (!(raw instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("its handover record is not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> handover = (Map<String, Object>) m;
    Map<String, Object> vars = vars(handover.get("vars"));
    Overrides overrides = new Overrides(vars, Map.of(), Map.of());
    RunOptions options = options(handover).withOverrides(overrides);
    DocumentLoader.Syntax syntax = "yaml".equals(claimed.syntax()) ? DocumentLoader.Syntax.YAML
        : DocumentLoader.Syntax.JSON;
    Object file = handover.get("filename");
    ExperimentDocuments.Valid valid = documents.validate(file == null ? "experiment.json" : String.valueOf(file),
        claimed.source(), syntax, overrides);
    return new RunManager.Prepared(valid.experiment(), options);
  }

  private static RunOptions options(Map<String, Object> body) {
    RunOptions o = RunOptions.defaults();
    Object dry = body.get("dry");
    if (dry != null && !Boolean.FALSE.equals(dry)) {
      DryMode mode;
      if (Boolean.TRUE.equals(dry)) {
        mode = DryMode.ACTIVITIES;
      } else if (dry instanceof String d) {
        mode = DryMode.fromWireName(d.toLowerCase(Locale.ROOT)).filter(m -> m != DryMode.NONE)
            .orElseThrow(() -> ApiException.badRequest("'dry': unknown mode '" + d
                + "'; expected true, probes, actions, activities or pause"));
      } else {
        throw ApiException.badRequest("'dry' must be a boolean or a mode (probes, actions, activities, pause); found "
            + Requests.describe(dry));
      }
      o = o.withDry(mode);
    }
    String h = Requests.optionalString(body, "hypothesis_strategy");
    String r = Requests.optionalString(body, "rollback_strategy");
    HypothesisStrategy hs = h == null ? null : HypothesisStrategy.fromWireName(h).orElseThrow(() ->
        ApiException.badRequest("'hypothesis_strategy': unknown strategy '" + h + "'; expected default, "
            + "before-method-only, after-method-only, during-method-only or continuously"));
    RollbackStrategy rs = r == null ? null : RollbackStrategy.fromWireName(r).orElseThrow(() ->
        ApiException.badRequest("'rollback_strategy': unknown strategy '" + r
            + "'; expected default, always, never or deviated"));
    return o.withStrategies(hs, rs);
  }

  private void list(Context ctx) throws IOException {
    String status = ctx.queryParam("status");
    if (status != null && !RunStore.STATUSES.contains(status)) {
      throw ApiException.badRequest("status must be one of " + String.join(", ", RunStore.STATUSES) + "; got '"
          + status + "'");
    }
    RunStore.Filter f = new RunStore.Filter(status, ctx.queryParam("experiment"), Requests.time(ctx, "since"),
        Requests.limit(ctx, 50, 1000), TeamScope.filter(ctx));
    List<RunRecord> runs = s.runs().list(f); // the database is done before the first byte goes out
    // Written straight to the response, no map per run: this is the API's busiest read (the console
    // polls it), and building and serialising 50 maps was half of its CPU.
    ctx.contentType("application/json");
    page.write(runs, ctx.outputStream());
  }

  /** Field names of a run, quoted and encoded once. */
  private static final SerializedString F_ID = new SerializedString("id");
  private static final SerializedString F_TITLE = new SerializedString("title");
  private static final SerializedString F_EXPERIMENT_ID = new SerializedString("experiment_id");
  private static final SerializedString F_EXPERIMENT_VERSION = new SerializedString("experiment_version");
  private static final SerializedString F_STATUS = new SerializedString("status");
  private static final SerializedString F_VERDICT = new SerializedString("verdict");
  private static final SerializedString F_DEVIATED = new SerializedString("deviated");
  private static final SerializedString F_DRY = new SerializedString("dry");
  private static final SerializedString F_SUBMITTED_BY = new SerializedString("submitted_by");
  private static final SerializedString F_SUBMITTED = new SerializedString("submitted");
  private static final SerializedString F_STARTED = new SerializedString("started");
  private static final SerializedString F_ENDED = new SerializedString("ended");
  private static final SerializedString F_ABORT_REASON = new SerializedString("abort_reason");
  private static final SerializedString F_TEAM = new SerializedString("team");
  private static final SerializedString F_EXECUTOR = new SerializedString("executor");
  private static final SerializedString F_LINKS = new SerializedString("links");
  private static final SerializedString F_SELF = new SerializedString("self");
  private static final SerializedString F_EVENTS = new SerializedString("events");
  private static final SerializedString F_JOURNAL = new SerializedString("journal");
  private static final SerializedString F_REPORT = new SerializedString("report");

  /** {@link #run(RunRecord)} written directly: the same fields in the same order (RunJsonTest holds them equal). */
  static void writeRun(JsonGenerator g, RunRecord r, char[] time) throws IOException {
    g.writeStartObject();
    stringField(g, F_ID, r.id());
    stringField(g, F_TITLE, r.title());
    stringField(g, F_EXPERIMENT_ID, r.experimentId());
    g.writeFieldName(F_EXPERIMENT_VERSION);
    if (r.experimentVersion() == null) {
      g.writeNull();
    } else {
      g.writeNumber(r.experimentVersion());
    }
    stringField(g, F_STATUS, r.status());
    stringField(g, F_VERDICT, r.verdict());
    g.writeFieldName(F_DEVIATED);
    if (r.deviated() == null) {
      g.writeNull();
    } else {
      g.writeBoolean(r.deviated());
    }
    stringField(g, F_DRY, r.dry());
    stringField(g, F_SUBMITTED_BY, r.submittedBy());
    writeTime(g, F_SUBMITTED, r.submittedMs(), time);
    writeTime(g, F_STARTED, r.startedMs(), time);
    writeTime(g, F_ENDED, r.endedMs(), time);
    stringField(g, F_ABORT_REASON, r.abortReason());
    stringField(g, F_TEAM, r.team());
    stringField(g, F_EXECUTOR, r.executor());
    String self = "/api/v1/runs/" + r.id();
    g.writeFieldName(F_LINKS);
    g.writeStartObject();
    stringField(g, F_SELF, self);
    stringField(g, F_EVENTS, self + "/events");
    stringField(g, F_JOURNAL, self + "/journal");
    stringField(g, F_REPORT, self + "/report");
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void stringField(JsonGenerator g, SerializedString field, String value) throws IOException {
    g.writeFieldName(field);
    g.writeString(value);
  }

  private static void writeTime(JsonGenerator g, SerializedString field, Long epochMs, char[] buf) throws IOException {
    g.writeFieldName(field);
    int n = epochMs == null ? -1 : Times.isoChars(epochMs, buf);
    if (n >= 0) {
      g.writeString(buf, 0, n);
    } else {
      g.writeString(Times.iso(epochMs)); // null, or a year Times writes through Instant
    }
  }

  /** The run, 404 when unknown, 403 when of another team than the caller's. */
  static RunRecord visibleRun(Services s, Context ctx, String id) {
    RunRecord r = s.runs().find(id).orElseThrow(() -> ApiException.notFound("run", id));
    TeamScope.check(ctx, r.team(), "run '" + id + "'");
    return r;
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    RunRecord r = visibleRun(s, ctx, id);
    Map<String, Object> m = run(r);
    m.put("faults", s.faults().ofRun(id).stream().map(RunRoutes::fault).toList());
    ctx.json(m);
  }

  private void journal(Context ctx) {
    ctx.contentType("application/json").result(storedJournal(ctx, ctx.pathParam("id")));
  }

  /** The self-contained HTML report {@code faultline report} renders from the journal. */
  private void report(Context ctx) throws java.io.IOException {
    String id = ctx.pathParam("id");
    JournalReport report = JournalReport.parse(storedJournal(ctx, id), id + "/journal.json");
    ctx.contentType("text/html; charset=utf-8").result(new HtmlReportRenderer().render(report));
  }

  private String storedJournal(Context ctx, String id) {
    RunRecord r = visibleRun(s, ctx, id);
    // The response milestones arrive after the journal is written: added under faultline.response when read.
    return s.runs().journal(id).map(j -> s.response().responses().withResponse(id, j))
        .orElseThrow(() -> new ApiException(409, "no_journal",
        "run '" + id + "' is " + r.status() + "; a journal is written when a run ends"
            + (RunStore.LIVE_STATUSES.contains(r.status()) ? "" : " (this one ended without one: " + r.verdict() + ")")));
  }

  private void abort(Context ctx) {
    String id = ctx.pathParam("id");
    Requests.auditTarget(ctx, id);
    String body = Requests.body(ctx, s.maxBodyBytes());
    String reason = "aborted by " + Requests.actor(ctx).label();
    if (!body.isBlank()) {
      String given = Requests.optionalString(Requests.jsonObject(ctx, s.maxBodyBytes()), "reason");
      if (given != null && !given.isBlank()) {
        reason = reason + ": " + given;
        Requests.auditParameters(ctx, Map.of("reason", given));
      }
    }
    RunRecord r = visibleRun(s, ctx, id);
    if (!s.runManager().abort(id, reason)) {
      if (!RunStore.LIVE_STATUSES.contains(r.status())) {
        throw new ApiException(409, "run_ended", "run '" + id + "' is not running; it ended with status "
            + r.status());
      }
      // Waiting unclaimed: it ends here. Another replica executes it: the request goes through its
      // row, which that replica watches.
      if (r.executor() != null || s.runs().abortUnclaimed(id, reason).isEmpty()) {
        s.runs().setAbortReason(id, reason);
      }
    }
    ctx.status(202).json(Map.of("id", id, "status", "aborting", "reason", reason));
  }

  static Map<String, Object> run(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("title", r.title());
    m.put("experiment_id", r.experimentId());
    m.put("experiment_version", r.experimentVersion());
    m.put("status", r.status());
    m.put("verdict", r.verdict());
    m.put("deviated", r.deviated());
    m.put("dry", r.dry());
    m.put("submitted_by", r.submittedBy());
    m.put("submitted", Times.iso(r.submittedMs()));
    m.put("started", Times.iso(r.startedMs()));
    m.put("ended", Times.iso(r.endedMs()));
    m.put("abort_reason", r.abortReason());
    m.put("team", r.team());
    m.put("executor", r.executor());
    m.put("links", Map.of("self", "/api/v1/runs/" + r.id(), "events", "/api/v1/runs/" + r.id() + "/events",
        "journal", "/api/v1/runs/" + r.id() + "/journal", "report", "/api/v1/runs/" + r.id() + "/report"));
    return m;
  }

  static Map<String, Object> fault(FaultRecord f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("run_id", f.runId());
    m.put("activity", f.activity());
    m.put("fault", f.fault());
    m.put("parameters", Json.read(f.parameters()));
    m.put("target", f.description());
    m.put("state", f.state());
    m.put("actor", f.actor());
    m.put("recorded", Times.iso(f.recordedMs()));
    m.put("applied", Times.iso(f.appliedMs()));
    m.put("reverted", Times.iso(f.revertedMs()));
    m.put("error", f.error());
    return m;
  }
}
