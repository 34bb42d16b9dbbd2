package dev.faultline.server;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.FaultStore.FaultRecord;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.replica.RunRecovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a server does before it serves: runs left {@code queued} or {@code running} by a server
 * that died are marked {@code interrupted}, and the faults they had recorded as possibly in effect
 * are reverted where that can be done from the record alone, else left {@code orphaned} with why.
 *
 * <p>On the embedded database only one server can run, so every live run is orphaned; on
 * PostgreSQL, with replicas, a run is orphaned when its replica's lease ran out, which the
 * {@code ReplicaCoordinator} finds. Both revert through {@link RunRecovery}.
 */
final class StartupRecovery {
  private StartupRecovery() {}

  /** What recovery found: interrupted runs, faults reverted, faults left orphaned. */
  record Outcome(List<String> interruptedRuns, List<FaultRecord> reverted, List<FaultRecord> orphaned) {}

  static Outcome run(RunStore runs, FaultStore faults, AuditLog audit, FaultRegistry registry) {
    String why = "interrupted: the server executing it stopped before the run ended (found at start-up)";
    List<String> ids = runs.interruptOrphans(why);
    for (String id : ids) {
      audit.append("system", "run.interrupt", id, Map.of(), "ok", why);
    }
    return revert(ids, faults, audit, registry);
  }

  /**
   * Reverts the faults still recorded as active of {@code ids} (runs already marked interrupted),
   * through the same path a replica uses for a dead replica's runs.
   */
  static Outcome revert(List<String> ids, FaultStore faults, AuditLog audit, FaultRegistry registry) {
    RunRecovery recovery = new RunRecovery(faults, audit, registry);
    List<FaultRecord> reverted = new ArrayList<>();
    List<FaultRecord> orphaned = new ArrayList<>();
    for (String id : ids) {
      RunRecovery.Reverted r = recovery.revertFaults(id, "system",
          "reverted at start-up after the run was interrupted by a server stop");
      reverted.addAll(r.reverted());
      orphaned.addAll(r.orphaned());
    }
    return new Outcome(ids, reverted, orphaned);
  }
}
