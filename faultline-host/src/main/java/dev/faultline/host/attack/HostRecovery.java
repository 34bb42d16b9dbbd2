package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.state.AttackJournal;
import dev.faultline.host.state.AttackRecord;
import dev.faultline.host.state.OwnerLock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reverts attacks from their records alone: leftovers of attackers that died ({@link
 * #revertLeftovers()}, run when the CLI or agent starts) and every active attack ({@link
 * #haltAll()}, {@code faultline halt}). The owners of halted attacks notice their record is gone
 * and stop their in-process parts (CPU and IO workers) within {@link JournalWatcher#POLL_MS}.
 */
public final class HostRecovery {
  private final AttackJournal journal;

  public HostRecovery(AttackJournal journal) {
    this.journal = journal;
  }

  /** What one revert did. */
  public record Reverted(AttackRecord record, String error) {
    public boolean clean() {
      return error == null;
    }
  }

  /**
   * Reverts every record whose owner is gone: its owner lock is free (right from any PID
   * namespace sharing the state directory), or, for records without one, its pid is gone.
   */
  public List<Reverted> revertLeftovers() {
    List<Reverted> done = new ArrayList<>();
    for (AttackRecord r : journal.list()) {
      if (!ownerAlive(r)) {
        done.add(revert(r));
      }
    }
    return done;
  }

  /** Whether the process holding {@code r} still lives. */
  public boolean ownerAlive(AttackRecord r) {
    return r.ownerLock() != null ? OwnerLock.isHeld(journal.stateDirectory(), r.ownerLock())
        : ProcessInfo.isAlive(r.ownerPid(), r.ownerStartedAtMs());
  }

  /** Reverts every active attack on this host, whoever holds it; all records are processed in parallel. */
  public List<Reverted> haltAll() {
    List<AttackRecord> records = journal.list();
    // Independent attacks revert concurrently, so halt takes as long as the slowest, not the sum.
    return records.parallelStream().map(this::revert).toList();
  }

  /** Runs the record's undo steps and removes it (also when a step failed: the failure is reported). */
  public Reverted revert(AttackRecord r) {
    String error = null;
    try {
      Reverter.undo(r.undo());
    } catch (FaultException e) {
      error = e.getMessage();
    }
    journal.remove(r.id());
    return new Reverted(r, error);
  }
}
