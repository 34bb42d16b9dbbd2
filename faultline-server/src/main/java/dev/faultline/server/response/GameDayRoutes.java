package dev.faultline.server.response;

import dev.faultline.core.time.DurationText;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Requests;
import dev.faultline.server.api.Route;
import dev.faultline.server.api.Services;
import dev.faultline.server.api.Times;
import dev.faultline.server.auth.Actor;
import dev.faultline.server.auth.Role;
import dev.faultline.server.db.ExperimentStore.VersionRecord;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.response.GameDayStore.GameDay;
import dev.faultline.server.response.GameDayStore.Prediction;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/gamedays}: create one, submit private predictions before the start, start it (its
 * runs), read it. Predictions stay hidden from everyone, participants included, until every run of
 * the GameDay has ended; then they are revealed next to the outcome with a score.
 */
final class GameDayRoutes {
  private static final Set<String> CREATE_KEYS = Set.of("title", "experiments", "participants", "facilitator");
  private static final Set<String> PREDICT_KEYS = Set.of("steady_state_holds", "alert_fires", "detect_within", "notes");
  private final Services s;
  private final ResponseParts parts;

  GameDayRoutes(Services s, ResponseParts parts) {
    this.s = s;
    this.parts = parts;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/api/v1/gamedays", Role.OPERATOR, "gameday.create", this::create),
        Route.get("/api/v1/gamedays", Role.VIEWER, this::list),
        Route.get("/api/v1/gamedays/{id}", Role.VIEWER, this::get),
        Route.post("/api/v1/gamedays/{id}/predictions", Role.OPERATOR, "gameday.predict", this::predict),
        Route.post("/api/v1/gamedays/{id}/start", Role.OPERATOR, "gameday.start", this::start));
  }

  private void create(Context ctx) {
    Map<String, Object> body = Requests.jsonObject(ctx, s.maxBodyBytes());
    Requests.auditParameters(ctx, body);
    unknownKeys(body, CREATE_KEYS);
    String title = Requests.optionalString(body, "title");
    if (title == null || title.isBlank()) {
      throw ApiException.badRequest("'title' is required: what the GameDay exercises");
    }
    List<String> experiments = names(body, "experiments", "stored experiment ids");
    for (String id : experiments) {
      if (s.experiments().find(id).isEmpty()) {
        throw ApiException.badRequest("'experiments': no stored experiment with id '" + id + "'");
      }
    }
    List<String> participants = names(body, "participants", "token names of the people who predict");
    String facilitator = Requests.optionalString(body, "facilitator");
    if (facilitator == null || facilitator.isBlank()) {
      facilitator = Requests.actor(ctx).name();
    }
    GameDay g = parts.gamedays().create(title.strip(), facilitator.strip(), experiments, participants,
        Requests.actor(ctx).label());
    Requests.auditTarget(ctx, g.id());
    ctx.header("Location", "/api/v1/gamedays/" + g.id());
    ctx.status(201).json(view(g));
  }

  private void predict(Context ctx) {
    GameDay g = find(ctx);
    Requests.auditTarget(ctx, g.id());
    Actor actor = Requests.actor(ctx);
    if (!g.participants().contains(actor.name())) {
      throw new ApiException(403, "not_a_participant", "'" + actor.name() + "' is not a participant of GameDay '"
          + g.id() + "'; its participants are " + String.join(", ", g.participants()));
    }
    Map<String, Object> body = Requests.jsonObject(ctx, s.maxBodyBytes());
    unknownKeys(body, PREDICT_KEYS);
    boolean holds = bool(body, "steady_state_holds");
    boolean fires = bool(body, "alert_fires");
    Long withinMs = null;
    String within = Requests.optionalString(body, "detect_within");
    if (within != null) {
      try {
        withinMs = DurationText.parse(within).toMillis();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("'detect_within': " + e.getMessage());
      }
    }
    String notes = Requests.optionalString(body, "notes");
    if (notes != null && notes.length() > 4000) {
      throw ApiException.badRequest("'notes' has " + notes.length() + " characters; at most 4000 are kept");
    }
    // The audit log is readable by admins: it records that a prediction was made, never its content.
    Requests.auditParameters(ctx, Map.of("participant", actor.name()));
    if (!parts.gamedays().predict(g.id(), new Prediction(actor.name(), holds, fires, withinMs, notes,
        System.currentTimeMillis()))) {
      throw new ApiException(409, "gameday_started", "GameDay '" + g.id() + "' has started; predictions are made "
          + "before the start");
    }
    ctx.status(201).json(Map.of("gameday_id", g.id(), "participant", actor.name(), "recorded", true));
  }

  private void start(Context ctx) throws Exception {
    GameDay g = find(ctx);
    Requests.auditTarget(ctx, g.id());
    Actor actor = Requests.actor(ctx);
    if (!actor.name().equals(g.facilitator()) && !actor.role().allows(Role.ADMIN)) {
      throw new ApiException(403, "not_the_facilitator", "only the facilitator '" + g.facilitator()
          + "' (or an admin) starts GameDay '" + g.id() + "'");
    }
    if (!parts.gamedays().markStarted(g.id())) {
      throw new ApiException(409, "gameday_started", "GameDay '" + g.id() + "' has already started");
    }
    List<String> runIds = new ArrayList<>();
    for (String experimentId : g.experiments()) {
      runIds.add(submit(experimentId, actor).id());
    }
    parts.gamedays().setRuns(g.id(), runIds);
    ctx.status(202).json(view(parts.gamedays().find(g.id()).orElseThrow()));
  }

  private RunRecord submit(String experimentId, Actor actor) throws Exception {
    int version = s.experiments().find(experimentId).orElseThrow(() -> ApiException.notFound("experiment",
        experimentId)).latestVersion();
    VersionRecord v = s.experiments().version(experimentId, version).orElseThrow();
    DocumentLoader.Syntax syntax = "yaml".equals(v.syntax()) ? DocumentLoader.Syntax.YAML : DocumentLoader.Syntax.JSON;
    ExperimentDocuments.Valid valid = s.documents().validate(ExperimentDocuments.fileName(null, syntax), v.source(),
        syntax, Overrides.NONE);
    RunStore.NewRun newRun = new RunStore.NewRun(experimentId, version, valid.experiment().title(), null,
        actor.label(), s.runManager().owner(), valid.syntax(), valid.source(), "{}");
    try {
      return s.halt().unlessHalted(() -> s.runManager().submit(valid.experiment(), RunOptions.defaults(), newRun));
    } catch (HaltSwitch.HaltedException e) {
      throw new ApiException(409, "halted", e.getMessage());
    } catch (RunManager.BusyException e) {
      throw new ApiException(503, "busy", e.getMessage());
    }
  }

  /** The newest GameDays (?limit=, default 50), each as GET /gamedays/{id} shows it: predictions still hidden. */
  private void list(Context ctx) {
    ctx.json(Map.of("gamedays", parts.gamedays().list(Requests.limit(ctx, 50, 200)).stream().map(this::view).toList()));
  }

  private void get(Context ctx) {
    ctx.json(view(find(ctx)));
  }

  private Map<String, Object> view(GameDay g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id());
    m.put("title", g.title());
    m.put("facilitator", g.facilitator());
    m.put("experiments", g.experiments());
    m.put("participants", g.participants());
    m.put("created", Times.iso(g.createdMs()));
    m.put("started", Times.iso(g.startedMs()));
    List<RunResponse> responses = new ArrayList<>();
    List<Map<String, Object>> runs = new ArrayList<>();
    boolean allEnded = g.startedMs() != null && !g.runIds().isEmpty();
    for (String runId : g.runIds()) {
      RunRecord r = s.runs().find(runId).orElse(null);
      if (r == null || RunStore.LIVE_STATUSES.contains(r.status())) {
        allEnded = false;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", runId);
      row.put("status", r == null ? null : r.status());
      runs.add(row);
      if (r != null) {
        responses.add(parts.responses().of(r));
      }
    }
    m.put("runs", runs);
    m.put("status", g.startedMs() == null ? "planned" : allEnded ? "ended" : "running");
    List<Prediction> predictions = parts.gamedays().predictions(g.id());
    // Who has predicted is shown; what they predicted stays hidden until every run has ended.
    m.put("predicted", predictions.stream().map(Prediction::participant).toList());
    if (!allEnded) {
      m.put("predictions", null);
      m.put("predictions_hidden_until", "every run of the GameDay has ended");
      return m;
    }
    Outcome outcome = Outcome.of(responses);
    m.put("outcome", outcome.toMap());
    List<Map<String, Object>> revealed = new ArrayList<>();
    for (Prediction p : predictions) {
      revealed.add(outcome.score(p));
    }
    m.put("predictions", revealed);
    return m;
  }

  /** What actually happened across the GameDay's runs. */
  record Outcome(boolean steadyStateHeld, boolean alertFired, Long timeToDetectMs) {
    static Outcome of(List<RunResponse> responses) {
      boolean held = !responses.isEmpty();
      boolean fired = false;
      Long ttd = null;
      for (RunResponse r : responses) {
        held &= "completed".equals(r.facts().status()) && Boolean.FALSE.equals(r.facts().deviated());
        fired |= r.detected();
        Long t = r.durations().get("time_to_detect_ms");
        if (t != null && (ttd == null || t < ttd)) {
          ttd = t;
        }
      }
      return new Outcome(held, fired, ttd);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("steady_state_held", steadyStateHeld);
      m.put("alert_fired", alertFired);
      m.put("time_to_detect_ms", timeToDetectMs);
      return m;
    }

    /** One point per correct call: steady state, alert or not, and (when both say it fired) fast enough. */
    Map<String, Object> score(Prediction p) {
      int points = 0;
      int possible = 2;
      points += p.steadyStateHolds() == steadyStateHeld ? 1 : 0;
      points += p.alertFires() == alertFired ? 1 : 0;
      Boolean inTime = null;
      if (p.alertFires() && alertFired && p.detectWithinMs() != null && timeToDetectMs != null) {
        possible++;
        inTime = timeToDetectMs <= p.detectWithinMs();
        points += inTime ? 1 : 0;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("participant", p.participant());
      m.put("steady_state_holds", p.steadyStateHolds());
      m.put("alert_fires", p.alertFires());
      m.put("detect_within_ms", p.detectWithinMs());
      m.put("notes", p.notes());
      m.put("submitted", Times.iso(p.submittedMs()));
      m.put("detected_within_prediction", inTime);
      m.put("score", points);
      m.put("score_possible", possible);
      return m;
    }
  }

  private GameDay find(Context ctx) {
    String id = ctx.pathParam("id");
    return parts.gamedays().find(id).orElseThrow(() -> ApiException.notFound("GameDay", id));
  }

  private static void unknownKeys(Map<String, Object> body, Set<String> allowed) {
    for (String key : body.keySet()) {
      if (!allowed.contains(key)) {
        throw ApiException.badRequest("unknown field '" + key + "'; expected some of "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static boolean bool(Map<String, Object> body, String key) {
    if (!(body.get(key) instanceof Boolean b)) {
      throw ApiException.badRequest("'" + key + "' is required: true or false");
    }
    return b;
  }

  private static List<String> names(Map<String, Object> body, String key, String what) {
    if (!(body.get(key) instanceof List<?> list) || list.isEmpty() || list.size() > 100) {
      throw ApiException.badRequest("'" + key + "' must be a list of 1 to 100 " + what);
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object o : list) {
      if (!(o instanceof String str) || str.isBlank()) {
        throw ApiException.badRequest("'" + key + "' must hold only non-empty strings (" + what + ")");
      }
      out.add(str.strip());
    }
    return List.copyOf(out);
  }
}
