package dev.faultline.server.replica;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.server.Json;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.FaultStore.FaultRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reverts the recorded faults of a run whose executing process is gone: the one path used by a
 * server at start-up and by a replica that found another replica's lease expired.
 *
 * <p>A fault with an undo record ({@link FaultUndo}) is undone exactly as recorded (a proxy
 * toxic by its generated name). Otherwise the fault is rebuilt from its recorded name and
 * parameters and {@code recover()} is called: the fault contract makes that safe (recover is
 * idempotent and does nothing when the fault is not in effect), and it reverts faults whose undo is
 * found in the world (a moved file). A fault neither way can undo stays {@code orphaned} with why.
 */
public final class RunRecovery {
  private final FaultStore faults;
  private final AuditLog audit;
  private final FaultRegistry registry;

  public RunRecovery(FaultStore faults, AuditLog audit, FaultRegistry registry) {
    this.faults = faults;
    this.audit = audit;
    this.registry = registry;
  }

  /** What reverting found: faults reverted, faults left orphaned. */
  public record Reverted(List<FaultRecord> reverted, List<FaultRecord> orphaned) {}

  /**
   * Reverts every fault of {@code runId} that may be in effect; each is marked {@code reverted} or
   * {@code orphaned} and audited as done by {@code actor}. Faults are handled one by one, so a
   * recoverer that dies half-way leaves the rest active for the next one.
   *
   * @param note what the record says about a revert, e.g. "reverted at start-up after …"
   */
  public Reverted revertFaults(String runId, String actor, String note) {
    List<FaultRecord> reverted = new ArrayList<>();
    List<FaultRecord> orphaned = new ArrayList<>();
    for (FaultRecord f : faults.activeOfRun(runId)) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("fault", f.fault());
      params.put("activity", f.activity());
      params.put("state", f.state());
      params.put("target", String.valueOf(f.description()));
      Optional<String> remote = remote(f);
      if (remote.isPresent()) {
        // Not this host's to revert: the agent reverts it when renewals stop, whoever recovers the run.
        faults.markRevertedAtStartup(f.id(), remote.get());
        params.put("agent", remoteAgent(f).orElse(null));
        audit.append(actor, "fault.revert", f.runId(), params, "ok", remote.get());
        reverted.add(f);
        continue;
      }
      Optional<String> problem = revert(f, registry);
      if (problem.isEmpty()) {
        faults.markRevertedAtStartup(f.id(), note);
        audit.append(actor, "fault.revert", f.runId(), params, "ok", note);
        reverted.add(f);
      } else {
        faults.markOrphaned(f.id(), problem.get());
        audit.append(actor, "fault.orphan", f.runId(), params, "error", problem.get());
        orphaned.add(f);
      }
    }
    return new Reverted(reverted, orphaned);
  }

  /**
   * For a fault held by a fleet agent (a targeted activity's; {@code FaultStore.remoteUndo}): what
   * the record says instead of a local revert. Empty for a fault of this host.
   */
  static Optional<String> remote(FaultRecord f) {
    Map<?, ?> undo = remoteUndo(f);
    if (undo == null) {
      return Optional.empty();
    }
    Optional<String> agent = remoteAgent(f);
    if (agent.isEmpty()) {
      return Optional.of("not reverted from here: the activity's fault was sent to fleet agents (or was about to be); "
          + "each agent reverts it by itself when its lease passes without renewal, and reports it "
          + "(GET /api/v1/agents)");
    }
    return Optional.of("not reverted from here: the fault is on agent '" + agent.get() + "', which reverts it by "
        + "itself when its lease passes without renewal, and reports it (GET /api/v1/agents/" + agent.get() + ")");
  }

  private static Optional<String> remoteAgent(FaultRecord f) {
    Map<?, ?> undo = remoteUndo(f);
    return undo != null && undo.get("agent") instanceof String a ? Optional.of(a) : Optional.empty();
  }

  /** The record's undo object when it says {@code "kind": "remote"}, else null. */
  private static Map<?, ?> remoteUndo(FaultRecord f) {
    if (f.undo() == null) {
      return null;
    }
    try {
      return Json.read(f.undo()) instanceof Map<?, ?> m && "remote".equals(m.get("kind")) ? m : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Empty when reverted; else why not. */
  static Optional<String> revert(FaultRecord f, FaultRegistry registry) {
    if (f.undo() != null) {
      return FaultUndo.undo(f.undo());
    }
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
      if (fault instanceof dev.faultline.engine.fault.toxiproxy.ToxicFault && !f.state().equals("pending")) {
        // Applied without an undo record (the server died between the apply and the record): the
        // toxic's generated name is lost, a rebuilt fault would remove nothing.
        return Optional.of("its toxic's generated name was not recorded; the proxy removes it when its lease runs out");
      }
      fault.recover();
      return Optional.empty();
    } catch (InvalidFaultArgumentsException e) {
      return Optional.of("its recorded parameters no longer make a valid fault: " + e.getMessage());
    } catch (FaultException | RuntimeException e) {
      return Optional.of("reverting it failed: " + e.getMessage());
    }
  }
}
