package dev.faultline.host.attack;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.state.AttackRecord;
import dev.faultline.host.state.UndoStep;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shape every host attack shares, which is what makes the revert guaranteed: checks first
 * ({@link #plan()}, nothing touched), then the record with its undo steps is written to the state
 * file, and only then the attack takes effect ({@link #takeEffect()}). A failure while taking
 * effect undoes whatever was done. Recovery stops in-process workers, runs the undo steps and
 * removes the record; it is idempotent and thread-safe.
 */
public abstract class HostFault implements Fault {
  private final HostContext context;
  private final String kind;
  private final Map<String, Object> parameters;
  private final String id = newId();
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private volatile AttackRecord record;
  private volatile long endsAtMs;
  private boolean applied;
  private boolean recovered;
  /** Set without the monitor, so a stop reaches a {@link #takeEffect()} still running under it. */
  private volatile boolean stopRequested;

  /**
   * @param kind the fault type name, e.g. {@code host-cpu}
   * @param parameters the parameters as given, for the record and {@code faultline attacks}
   */
  protected HostFault(HostContext context, String kind, Map<String, Object> parameters) {
    this.context = context;
    this.kind = kind;
    this.parameters = Map.copyOf(parameters);
  }

  /**
   * Checks that the attack can take effect and returns what will have to be undone. Must not
   * change the host: a {@link FaultException} here leaves nothing applied and nothing recorded.
   */
  protected abstract List<UndoStep> plan() throws FaultException;

  /**
   * Makes the attack take effect; on failure, undo steps from {@link #plan()} are run. A long
   * running one (a fill, an allocation) checks {@link #stopRequested()} as it goes and returns
   * early once it is true; the revert then follows at once.
   */
  protected abstract void takeEffect() throws FaultException;

  /**
   * Whether the attack was asked to end (recover, halt, expiry, a signal). Readable from
   * {@link #takeEffect()}, which runs under this object's monitor that the stop cannot take.
   */
  protected final boolean stopRequested() {
    return stopRequested;
  }

  /** Stops workers living in this process (threads); the undo steps do the rest. */
  protected void stopInProcessWork() {}

  /** A few words saying what is attacked, e.g. {@code 2 cores at 50%}. */
  public abstract String target();

  /** The id of this attack's record (also in chain names and helper markers). */
  public final String id() {
    return id;
  }

  /** Records when the attack is due to end, for {@code faultline attacks}; call before {@link #apply()}. */
  public final void expectEndAt(Instant endsAt) {
    this.endsAtMs = endsAt.toEpochMilli();
    AttackRecord r = record;
    if (r != null && context.journal().contains(id)) {
      record = r.withEndsAtMs(endsAtMs);
      context.journal().write(record);
    }
  }

  /** Completes with the reason once the attack has ended (recovered, halted, failed). */
  public final CompletableFuture<String> ended() {
    return ended;
  }

  /** The record id while applied, else null. */
  final String recordId() {
    return record == null ? null : id;
  }

  @Override
  public final void apply() throws FaultException {
    synchronized (this) {
      if (applied) {
        throw new FaultException(describe() + " was already applied");
      }
      if (stopRequested) {
        throw new FaultException(describe() + " was stopped before it took effect. Nothing was applied.");
      }
      context.revertLeftoversOnce();
      List<UndoStep> undo = plan();
      // A guardian outside this process reverts the record if this process dies, however it dies.
      String owner = context.guarded();
      ProcessInfo self = ProcessInfo.self();
      record = new AttackRecord(id, kind, target(), parameters, System.currentTimeMillis(), endsAtMs,
          self.pid(), self.startedAtMs(), undo, owner);
      context.journal().write(record); // before any effect: a crash from here on is recoverable
      applied = true;
      // Watched from now on: a halt while taking effect is noticed and stops the work in progress.
      context.watcher().watch(this);
      try {
        takeEffect();
      } catch (FaultException | RuntimeException | Error e) {
        recovered = true;
        context.watcher().forget(this);
        stopInProcessWork();
        try {
          Reverter.undo(undo);
        } catch (FaultException undoFailure) {
          e.addSuppressed(undoFailure);
        }
        context.journal().remove(id);
        ended.complete("failed: " + e.getMessage());
        throw e;
      }
    }
  }

  @Override
  public final void recover() throws FaultException {
    end("recovered");
  }

  /** {@link #recover()}, recording why (e.g. {@code length ended}, {@code received SIGINT}) for {@link #ended()}. */
  public final void recover(String reason) throws FaultException {
    end(reason);
  }

  /** Called by the watcher when {@code faultline halt} removed this attack's record. */
  final void endBecauseHalted() {
    try {
      end("halted");
    } catch (FaultException e) {
      ended.complete("halted; revert reported: " + e.getMessage());
    }
  }

  private void end(String reason) throws FaultException {
    // Outside the monitor: apply() holds it while taking effect, and must see this to stop early.
    stopRequested = true;
    synchronized (this) {
      if (!applied || recovered) {
        return;
      }
      recovered = true;
    }
    context.watcher().forget(this);
    stopInProcessWork();
    try {
      Reverter.undo(record.undo());
    } finally {
      context.journal().remove(id);
      ended.complete(reason);
    }
  }

  private static String newId() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String describe() {
    return kind + " (" + target() + ")";
  }
}
