package dev.faultline.server.run;

import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.event.RunListener;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.Step;
import dev.faultline.server.Json;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores a run's events as they happen, hands them to the run's live streams, and keeps the fault
 * table true: a fault activity's fault is written {@code pending} when the activity starts, that is
 * before the engine applies it, then marked applied and reverted from the engine's fault events.
 */
final class RunRecorder implements RunListener {
  private final RunHandle handle;
  private final String actor;
  private final RunStore runs;
  private final FaultStore faults;
  private final AuditLog audit;
  private final Map<String, Activity> faultActivities;
  private final AtomicInteger seq = new AtomicInteger();

  RunRecorder(RunHandle handle, String actor, Experiment experiment, RunStore runs, FaultStore faults, AuditLog audit) {
    this.handle = handle;
    this.actor = actor;
    this.runs = runs;
    this.faults = faults;
    this.audit = audit;
    this.faultActivities = faultActivities(experiment);
  }

  @Override
  public void onEvent(RunEvent e) {
    try {
      recordFault(e);
    } catch (RuntimeException dbDown) {
      // A fault that cannot be recorded must not be applied: stop the run (the engine reverts).
      handle.control().interrupt("the server could not record a fault in its database: " + dbDown.getMessage());
    }
    // Numbered, stored and published under one lock so streams see events in seq order.
    synchronized (this) {
      StoredEvent stored = new StoredEvent(seq.incrementAndGet(), RunEventJson.kind(e), RunEventJson.line(e));
      try {
        runs.appendEvent(handle.id(), stored.seq(), stored.kind(), stored.body());
      } catch (RuntimeException dbDown) {
        // Live streams still get the event; the journal keeps the whole timeline regardless.
      }
      handle.publish(stored);
    }
  }

  private void recordFault(RunEvent e) {
    String runId = handle.id();
    if (e.kind() == RunEventKind.ACTIVITY_STARTED && "fault".equals(e.attributes().get("provider"))) {
      Activity a = faultActivities.get(e.subject());
      String fault = a == null ? "unknown" : String.valueOf(a.provider().get("fault"));
      Object parameters = a == null ? Map.of() : AuditLog.mask(a.provider().properties());
      faults.recordPending(runId, e.subject(), fault, Json.write(parameters), actor);
    } else if (e.kind() == RunEventKind.FAULT_APPLIED) {
      String description = String.valueOf(e.attributes().get("fault"));
      faults.markApplied(runId, e.subject(), description);
      audit.append(actor, "fault.apply", runId, Map.of("fault", e.subject(), "applied", description), "ok", null);
    } else if (e.kind() == RunEventKind.FAULT_RECOVERED) {
      String description = String.valueOf(e.attributes().get("fault"));
      Object error = e.attributes().get("error");
      // Matched by activity name only (oldest applied first): the recovery event's text describes the
      // recovery ("moved X back"), not the fault as applied, so comparing descriptions never matched
      // and every reverted fault stayed 'applied' in the database.
      faults.markReverted(runId, e.subject(), null, error == null ? null : String.valueOf(error));
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("fault", e.subject());
      params.put("reverted", description);
      params.put("reason", e.attributes().get("reason"));
      audit.append(actor, "fault.revert", runId, params, error == null ? "ok" : "error",
          error == null ? null : String.valueOf(error));
    } else if (e.kind() == RunEventKind.ACTIVITY_ENDED && "fault".equals(e.attributes().get("provider"))) {
      // Whatever is still pending did not take effect: the activity failed, or a dry run skipped it.
      Object why = Boolean.TRUE.equals(e.attributes().get("dry")) ? "skipped: dry run"
          : e.attributes().getOrDefault("error", e.attributes().get("status"));
      faults.markNotApplied(runId, e.subject(), String.valueOf(why));
    }
  }

  /** Every activity of the experiment that applies a fault, by name (the first of a name wins). */
  private static Map<String, Activity> faultActivities(Experiment experiment) {
    List<Step> steps = new ArrayList<>();
    if (experiment.hypothesis() != null) {
      steps.addAll(experiment.hypothesis().probes());
    }
    steps.addAll(experiment.method());
    steps.addAll(experiment.rollbacks());
    Map<String, Activity> found = new HashMap<>();
    for (Step s : steps) {
      if (s instanceof Activity a && "fault".equals(a.provider().type())) {
        found.putIfAbsent(a.name(), a);
      }
    }
    return found;
  }
}
