package dev.faultline.server;

import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.FaultStore.FaultRecord;
import dev.faultline.server.db.RunStore;
import java.util.List;
import java.util.Map;

/**
 * What a server does before it serves: runs left {@code queued} or {@code running} by a server
 * that died are marked {@code interrupted}, and the faults they had recorded as possibly in effect
 * are marked {@code orphaned} and audited, so an operator sees exactly what to check.
 */
final class StartupRecovery {
  private StartupRecovery() {}

  /** What recovery found. */
  record Outcome(List<String> interruptedRuns, List<FaultRecord> orphanedFaults) {}

  static Outcome run(RunStore runs, FaultStore faults, AuditLog audit) {
    String why = "interrupted: the server executing it stopped before the run ended (found at start-up)";
    List<String> ids = runs.interruptOrphans(why);
    List<FaultRecord> orphaned = faults.orphan(ids, "its run was interrupted by a server stop; the fault was "
        + "possibly still in effect and must be checked (injectors revert on their own lease where they have one)");
    for (String id : ids) {
      audit.append("system", "run.interrupt", id, Map.of(), "ok", why);
    }
    for (FaultRecord f : orphaned) {
      audit.append("system", "fault.orphan", f.runId(), Map.of("fault", f.fault(), "activity", f.activity(),
          "state", f.state(), "target", String.valueOf(f.description())), "ok", "fault of an interrupted run");
    }
    return new Outcome(ids, orphaned);
  }
}
