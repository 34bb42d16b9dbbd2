package dev.faultline.server.continuous.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.server.Json;
import dev.faultline.server.api.ApiException;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.continuous.Levels;
import dev.faultline.server.continuous.services.ServiceStore.Service;
import dev.faultline.server.db.ExperimentStore;
import dev.faultline.server.db.RunStore.NewRun;
import dev.faultline.server.db.RunStore.RunRecord;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts scheduled runs: the experiment plus the service's health check as a guardrail (Chaos
 * Toolkit's safeguards control: once before the run, blocking it, and every few seconds during
 * it; a violation interrupts the run and the engine reverts its faults), after checking the
 * service's level allows every fault. Remembers which live runs belong to which service, so a
 * pause or a blackout can stop them.
 */
public final class Launcher {
  private final ExperimentDocuments documents;
  private final ExperimentStore experiments;
  private final RunManager runManager;
  private final HaltSwitch halt;
  private final Duration guardrailEvery;
  private final Map<String, LiveRun> live = new ConcurrentHashMap<>();

  /** A scheduled run this server is executing. */
  public record LiveRun(String runId, String service, String team, String scheduleId, boolean force, long startedMs) {}

  /** The run did not start; the message says why. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
      super(message);
    }
  }

  public Launcher(ExperimentDocuments documents, ExperimentStore experiments, RunManager runManager, HaltSwitch halt,
      Duration guardrailEvery) {
    this.documents = documents;
    this.experiments = experiments;
    this.runManager = runManager;
    this.halt = halt;
    this.guardrailEvery = guardrailEvery;
  }

  /** The experiment document (a JSON object) of a stored experiment's latest version, or of the given text. */
  public Map<String, Object> document(String experimentId, String documentText) {
    if (experimentId == null) {
      return Json.readMap(documentText);
    }
    int version = experiments.find(experimentId).orElseThrow(() -> new ApiException(404, "not_found",
        "no experiment with id '" + experimentId + "'")).latestVersion();
    ExperimentStore.VersionRecord v = experiments.version(experimentId, version).orElseThrow();
    if (!"json".equals(v.syntax())) {
      throw ApiException.badRequest("experiment '" + experimentId + "' is stored as " + v.syntax()
          + "; a schedule needs a JSON experiment (store it as JSON, or give it as 'document')");
    }
    return Json.readMap(v.source());
  }

  /**
   * The faults of the document's method that the level does not allow, as messages; empty when
   * it may run. A non-fault action can do anything, so it needs level 3.
   */
  @SuppressWarnings("unchecked")
  public static List<String> levelViolations(Map<String, Object> document, int level) {
    List<String> problems = new ArrayList<>();
    Object method = document.get("method");
    if (!(method instanceof List<?> steps)) {
      return problems;
    }
    for (int i = 0; i < steps.size(); i++) {
      if (!(steps.get(i) instanceof Map<?, ?> step)) {
        continue;
      }
      if (!"action".equals(step.get("type"))) {
        continue; // probes observe; they change nothing
      }
      Object name = step.get("name");
      Object provider = step.get("provider");
      if (provider instanceof Map<?, ?> p && "fault".equals(p.get("type"))) {
        String fault = String.valueOf(p.get("fault"));
        int needs = Levels.of(fault);
        if (needs > level) {
          problems.add("method[" + i + "] ('" + name + "') is fault '" + fault + "', which needs level " + needs);
        }
      } else if (level < Levels.MAX) {
        problems.add("method[" + i + "] ('" + name + "') is an action whose effect Faultline cannot classify, which "
            + "needs level " + Levels.MAX + " (write it as a Faultline fault, provider type 'fault', to let its "
            + "level be known)");
      }
    }
    return problems;
  }

  /** The document with the service's health check added as a safeguard before and during the run. */
  @SuppressWarnings("unchecked")
  Map<String, Object> guarded(Map<String, Object> document, Service service) {
    Map<String, Object> doc = new LinkedHashMap<>(document);
    Map<String, Object> probe = Json.readMap(service.healthCheck());
    Map<String, Object> before = new LinkedHashMap<>(probe);
    before.put("name", "health check of " + service.name() + " (before)");
    Map<String, Object> during = new LinkedHashMap<>(probe);
    during.put("name", "health check of " + service.name() + " (during)");
    during.put("frequency", Math.max(0.2, guardrailEvery.toMillis() / 1000.0));
    Map<String, Object> control = new LinkedHashMap<>();
    control.put("name", "faultline-guardrail");
    control.put("provider", Map.of("type", "python", "module", "chaosaddons.controls.safeguards",
        "arguments", Map.of("probes", List.of(before, during))));
    List<Object> controls = new ArrayList<>();
    if (doc.get("controls") instanceof List<?> existing) {
      controls.addAll(existing);
    }
    controls.add(control);
    doc.put("controls", controls);
    return doc;
  }

  /**
   * Validates and submits a run of {@code document} against {@code service}, guarded by its
   * health check.
   *
   * @param actor who the run is submitted as ({@code schedule:<id>}, {@code monkey:<service>})
   * @param vars configuration values for the run
   */
  public RunRecord launch(Service service, String scheduleId, boolean force, Map<String, Object> document,
      String actor, Map<String, Object> vars, long nowMs) throws RefusedException {
    List<String> violations = levelViolations(document, service.level());
    if (!violations.isEmpty()) {
      throw new RefusedException("service '" + service.name() + "' is at level " + service.level() + ": "
          + String.join("; ", violations));
    }
    String text;
    try {
      text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(guarded(document, service));
    } catch (JsonProcessingException e) {
      throw new RefusedException("the experiment cannot be written: " + e.getOriginalMessage());
    }
    Overrides overrides = new Overrides(vars, Map.of(), Map.of());
    ExperimentDocuments.Valid valid;
    try {
      valid = documents.validate("schedule-" + (scheduleId == null ? service.name() : scheduleId) + ".json", text,
          DocumentLoader.Syntax.JSON, overrides);
    } catch (ApiException e) {
      throw new RefusedException("the experiment is not valid: " + e.getMessage() + " " + Json.write(e.body()));
    }
    RunOptions options = RunOptions.defaults().withOverrides(overrides);
    NewRun newRun = new NewRun(null, null, valid.experiment().title(), null, actor, runManager.owner(), "json", text,
        Json.write(Map.of("service", service.name(), "schedule", scheduleId == null ? "" : scheduleId)));
    RunRecord run;
    try {
      run = halt.unlessHalted(() -> runManager.submit(valid.experiment(), options, newRun));
    } catch (HaltSwitch.HaltedException e) {
      throw new RefusedException(e.getMessage());
    } catch (RunManager.BusyException e) {
      throw new RefusedException(e.getMessage());
    }
    live.put(run.id(), new LiveRun(run.id(), service.name(), service.team(), scheduleId, force, nowMs));
    return run;
  }

  /** The scheduled runs this server may still be executing. */
  public List<LiveRun> live() {
    return List.copyOf(live.values());
  }

  /** Forgets a run that ended. */
  public void forget(String runId) {
    live.remove(runId);
  }

  public RunManager runManager() {
    return runManager;
  }
}
