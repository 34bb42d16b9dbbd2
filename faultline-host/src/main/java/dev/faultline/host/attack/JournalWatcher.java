package dev.faultline.host.attack;

import dev.faultline.host.state.AttackJournal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices when another process ({@code faultline halt}) removed the record of an attack this
 * process holds, and ends that attack here too, so in-process workers stop.
 */
final class JournalWatcher {
  /** How often records are checked. */
  static final long POLL_MS = 50;
  private final AttackJournal journal;
  private final Set<HostFault> watched = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService poller;

  JournalWatcher(AttackJournal journal) {
    this.journal = journal;
  }

  synchronized void watch(HostFault fault) {
    watched.add(fault);
    if (poller == null) {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faultline-halt-watcher");
        t.setDaemon(true);
        return t;
      });
      poller.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }
  }

  void forget(HostFault fault) {
    watched.remove(fault);
  }

  private void poll() {
    for (HostFault f : watched) {
      if (f.recordId() != null && !journal.contains(f.recordId())) {
        watched.remove(f);
        f.endBecauseHalted();
      }
    }
  }
}
