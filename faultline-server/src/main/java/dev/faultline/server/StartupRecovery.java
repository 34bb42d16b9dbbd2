package dev.faultline.server;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.FaultStore.FaultRecord;
import dev.faultline.server.db.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a server does before it serves: runs left {@code queued} or {@code running} by a server
 * that died are marked {@code interrupted}, and the faults they had recorded as possibly in effect
 * are reverted where that can be done from the record alone, else left {@code orphaned} with why.
 *
 * <p>Reverting rebuilds the fault from its recorded fault name and parameters and calls {@code
 * recover()}. The fault contract makes that safe: recover is idempotent and does nothing when the
 * fault is not in effect. It reverts faults whose undo is found in the world (a moved file, a named
 * toxic); a fault whose undo state lived only in the dead process stays {@code orphaned}.
 */
final class StartupRecovery {
  private StartupRecovery() {}

  /** What recovery found: interrupted runs, faults reverted, faults left orphaned. */
  record Outcome(List<String> interruptedRuns, List<FaultRecord> reverted, List<FaultRecord> orphaned) {}

  static Outcome run(RunStore runs, FaultStore faults, AuditLog audit, FaultRegistry registry) {
    String why = "interrupted: the server executing it stopped before the run ended (found at start-up)";
    List<String> ids = runs.interruptOrphans(why);
    List<FaultRecord> found = faults.orphan(ids, "its run was interrupted by a server stop while the fault was "
        + "possibly in effect; check that it is gone");
    for (String id : ids) {
      audit.append("system", "run.interrupt", id, Map.of(), "ok", why);
    }
    List<FaultRecord> reverted = new ArrayList<>();
    List<FaultRecord> orphaned = new ArrayList<>();
    for (FaultRecord f : found) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("fault", f.fault());
      params.put("activity", f.activity());
      params.put("state", f.state());
      params.put("target", String.valueOf(f.description()));
      Optional<String> problem = revert(f, registry);
      if (problem.isEmpty()) {
        faults.markRevertedAtStartup(f.id(), "reverted at start-up after the run was interrupted by a server stop");
        audit.append("system", "fault.revert", f.runId(), params, "ok", "reverted at start-up");
        reverted.add(f);
      } else {
        faults.noteOrphan(f.id(), problem.get());
        audit.append("system", "fault.orphan", f.runId(), params, "error", problem.get());
        orphaned.add(f);
      }
    }
    return new Outcome(ids, reverted, orphaned);
  }

  /** Empty when reverted; else why not. */
  private static Optional<String> revert(FaultRecord f, FaultRegistry registry) {
    Object stored;
    try {
      stored = Json.read(f.parameters());
    } catch (IllegalArgumentException e) {
      return Optional.of("its recorded parameters are unreadable: " + e.getMessage());
    }
    if (f.parameters().contains("${") || f.parameters().contains("\"" + AuditLog.MASK + "\"")) {
      return Optional.of("its parameters used placeholders or secrets, which are not recorded; check it by hand");
    }
    Optional<FaultType> type = registry.find(f.fault());
    if (type.isEmpty()) {
      return Optional.of("fault type '" + f.fault() + "' is not installed in this server; check it by hand");
    }
    Object raw = stored instanceof Map<?, ?> m ? m.get("parameters") : null;
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = raw instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    try {
      Fault fault = type.get().create(new FaultArguments(f.fault(), parameters));
      fault.recover();
      return Optional.empty();
    } catch (InvalidFaultArgumentsException e) {
      return Optional.of("its recorded parameters no longer make a valid fault: " + e.getMessage());
    } catch (FaultException | RuntimeException e) {
      return Optional.of("reverting it failed: " + e.getMessage());
    }
  }
}
