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
import dev.faultline.engine.fault.AppliedFaultLog;
import dev.faultline.engine.target.TargetReader;
import dev.faultline.server.replica.FaultUndo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores a run's events as they happen, hands them to the run's live streams, and keeps the fault
 * table true: a fault activity's fault is written {@code pending} when the activity starts, that is
 * before the engine applies it, then marked applied and reverted from the engine's fault events.
 *
 * <p>The database is written from one thread of the recorder's own, never from the run's threads:
 * a halt or abort interrupts the run's threads, and an interrupt that lands inside a database write
 * is consumed there (H2 closes or retries the file and clears the flag), so the run would sleep on
 * through a pause it was told to leave. The run's thread still waits for each write, so a fault is
 * stored before it is applied.
 *
 * <p>A fault activity with a {@code target} (docs/targets.md) is applied on fleet agents, one
 * {@code FAULT_APPLIED} per agent labelled {@code <fault> on <agent>}: its row written at the start
 * is a placeholder ("may be in effect on some agent"), each agent's fault gets a row of its own
 * named by that label, and the placeholder goes when the activity ends having applied any. These
 * rows are marked remote: only the agent (by its lease) can revert them.
 */
final class RunRecorder implements RunListener, AutoCloseable {
  private final RunHandle handle;
  private final String actor;
  private final RunStore runs;
  private final FaultStore faults;
  private final AuditLog audit;
  private final Map<String, Activity> faultActivities;
  private final AtomicInteger seq = new AtomicInteger();
  /** Targeted fault activities running now, by name (only the writer thread touches it). */
  private final Map<String, Targeted> openTargeted = new LinkedHashMap<>();
  private final ExecutorService writer;

  RunRecorder(RunHandle handle, String actor, Experiment experiment, RunStore runs, FaultStore faults, AuditLog audit) {
    this.handle = handle;
    this.actor = actor;
    this.runs = runs;
    this.faults = faults;
    this.audit = audit;
    this.faultActivities = faultActivities(experiment);
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "faultline-run-recorder-" + handle.id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The run's applied-fault log: records how to undo each fault from the record alone ({@link
   * FaultUndo}: a toxic's generated name, its proxy and API) so another replica can revert it if
   * this one dies; then hands the fault on to {@code next}.
   */
  AppliedFaultLog alsoNoting(AppliedFaultLog next) {
    return (label, fault, lease) -> {
      FaultUndo.of(fault).ifPresent(undo -> onWriter(() -> {
        try {
          faults.recordUndo(handle.id(), label, undo);
        } catch (RuntimeException dbDown) {
          // the toxic's lease still removes it if this replica dies; only the exact revert is lost
        }
      }));
      return next.applied(label, fault, lease);
    };
  }

  @Override
  public void onEvent(RunEvent e) {
    onWriter(() -> store(e));
  }

  /** Runs {@code write} on the writer thread and waits for it, keeping an interrupt for afterwards. */
  private void onWriter(Runnable write) {
    Future<?> written;
    try {
      written = writer.submit(write);
    } catch (RejectedExecutionException closed) {
      write.run(); // after the run ended (a late fault timer): nothing can interrupt this thread now
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        written.get();
        break;
      } catch (InterruptedException stop) {
        interrupted = true; // the write goes on regardless; the run sees the interrupt right after it
      } catch (ExecutionException failed) {
        break; // store() handles database failures itself; nothing else can be done from here
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void store(RunEvent e) {
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
      String parametersJson = Json.write(parameters);
      if (a != null && TargetReader.usesTarget(a)) {
        // Applied on agents, one FAULT_APPLIED each ("host-cpu on agent-1"): each gets a row of its own.
        openTargeted.put(a.name(), new Targeted(fault, parametersJson));
        faults.recordPendingRemote(runId, e.subject(), fault, parametersJson, actor);
      } else {
        faults.recordPending(runId, e.subject(), fault, parametersJson, actor);
      }
    } else if (e.kind() == RunEventKind.FAULT_APPLIED) {
      String description = String.valueOf(e.attributes().get("fault"));
      Map<String, Object> audited = new LinkedHashMap<>();
      audited.put("fault", e.subject());
      audited.put("applied", description);
      Map.Entry<String, Targeted> targeted = targetedOf(e.subject());
      if (targeted != null) {
        String agent = e.subject().substring(targeted.getValue().fault().length() + " on ".length());
        faults.recordRemoteApplied(runId, targeted.getKey(), e.subject(), agent, targeted.getValue().parametersJson(),
            description, actor);
        targeted.getValue().applied().incrementAndGet();
        audited.put("activity", targeted.getKey());
        audited.put("agent", agent);
      } else {
        faults.markApplied(runId, e.subject(), description);
      }
      audit.append(actor, "fault.apply", runId, audited, "ok", null);
    } else if (e.kind() == RunEventKind.FAULT_RECOVERED) {
      // "applied" repeats the FAULT_APPLIED description (the record's key); "fault" says what was undone.
      String applied = String.valueOf(e.attributes().get("applied"));
      Object error = e.attributes().get("error");
      faults.markReverted(runId, e.subject(), applied, error == null ? null : String.valueOf(error));
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("fault", e.subject());
      params.put("reverted", String.valueOf(e.attributes().get("fault")));
      params.put("reason", e.attributes().get("reason"));
      audit.append(actor, "fault.revert", runId, params, error == null ? "ok" : "error",
          error == null ? null : String.valueOf(error));
    } else if (e.kind() == RunEventKind.ACTIVITY_ENDED && "fault".equals(e.attributes().get("provider"))) {
      Targeted targeted = openTargeted.remove(e.subject());
      if (targeted != null && targeted.applied().get() > 0) {
        faults.dropPending(runId, e.subject()); // the agents' rows say where it took effect
        return;
      }
      // Whatever is still pending did not take effect: the activity failed (a safety net refused
      // a target, say), or a dry run skipped it.
      Object why = Boolean.TRUE.equals(e.attributes().get("dry")) ? "skipped: dry run"
          : e.attributes().getOrDefault("error", e.attributes().get("status"));
      faults.markNotApplied(runId, e.subject(), String.valueOf(why));
    }
  }

  /** The open targeted activity whose fault {@code label} ({@code <fault> on <agent>}) is, or null. */
  private Map.Entry<String, Targeted> targetedOf(String label) {
    for (Map.Entry<String, Targeted> t : openTargeted.entrySet()) {
      if (label.startsWith(t.getValue().fault() + " on ")) {
        return t;
      }
    }
    return null;
  }

  /** A fault activity with a target, between its start and end. */
  private record Targeted(String fault, String parametersJson, AtomicInteger applied) {
    Targeted(String fault, String parametersJson) {
      this(fault, parametersJson, new AtomicInteger());
    }
  }

  @Override
  public void close() {
    writer.shutdown();
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
