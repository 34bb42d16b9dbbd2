package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.guard.GuardianLauncher;
import dev.faultline.host.state.AttackJournal;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What host attacks in one process share: the state journal, its recovery and the halt watcher.
 * {@link #forThisHost()} is the process-wide one; tests build their own on a temp directory.
 */
public final class HostContext {
  private static volatile HostContext host;
  private final AttackJournal journal;
  private final HostRecovery recovery;
  private final JournalWatcher watcher;
  private final AtomicBoolean leftoversChecked = new AtomicBoolean();

  public HostContext(AttackJournal journal) {
    this.journal = journal;
    this.recovery = new HostRecovery(journal);
    this.watcher = new JournalWatcher(journal);
  }

  /** The context on this host's state directory. */
  public static HostContext forThisHost() {
    HostContext c = host;
    if (c == null) {
      synchronized (HostContext.class) {
        if (host == null) {
          host = new HostContext(AttackJournal.forThisHost());
        }
        c = host;
      }
    }
    return c;
  }

  public AttackJournal journal() {
    return journal;
  }

  public HostRecovery recovery() {
    return recovery;
  }

  JournalWatcher watcher() {
    return watcher;
  }

  /**
   * Makes sure this process has a guardian that reverts its records if it dies, and returns the
   * owner id to write into them. Call before writing a record.
   *
   * @throws FaultException no guardian could be started (apply nothing then)
   */
  public String guarded() throws FaultException {
    return GuardianLauncher.forThisProcess().guard(journal.stateDirectory());
  }

  /** Reverts crash leftovers once per process, before the first attack. */
  void revertLeftoversOnce() {
    if (leftoversChecked.compareAndSet(false, true)) {
      recovery.revertLeftovers();
    }
  }
}
