package dev.faultline.server.replica;

import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.HaltStore;
import dev.faultline.server.db.HaltStore.HaltState;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.Expired;
import dev.faultline.server.db.RunStore.Held;
import dev.faultline.server.run.RunManager;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What makes several servers on one PostgreSQL database one control plane. Every {@code pollMs},
 * on a thread of its own (nothing else may delay a renewal):
 *
 * <ul>
 *   <li><b>watch</b>: reads the shared halt row and this replica's live runs; a halt or an abort
 *       posted to any replica stops the runs executing here (the engine reverts their faults);
 *   <li><b>renew</b>: every quarter of the lease, extends the lease of every run this replica holds;
 *       a run it holds no more (it was paused longer than the lease and another replica recovered
 *       it) is stopped here;
 *   <li><b>claim</b>: while this replica has free slots, takes the oldest runs waiting unclaimed
 *       (accepted by a replica that had none) with an atomic conditional update each;
 *   <li><b>sweep</b> (a second thread: reverting can wait on slow injectors): a live run whose
 *       lease ran out belongs to a replica that died: one replica
 *       takes it over (an atomic conditional update), reverts its recorded faults through
 *       {@link RunRecovery} and marks it {@code interrupted}.
 * </ul>
 *
 * The same runs on the embedded database, where it is the one replica.
 */
public final class ReplicaCoordinator implements AutoCloseable {
  private final RunStore runs;
  private final HaltStore halts;
  private final RunManager manager;
  private final RunRecovery recovery;
  private final AuditLog audit;
  private final String me;
  private final long leaseMs;
  private final long pollMs;
  private final PrintWriter out;
  private final ScheduledExecutorService watcher;
  private final ScheduledExecutorService sweeper;
  private long nextRenewMs;
  private long nextPendingCheckMs;

  /**
   * @param pollMs how often halts, aborts and leases are looked at (≤ 250 ms keeps a halt on
   *     another replica under a second)
   * @param out where recoveries of other replicas' runs are reported for the operator
   */
  public ReplicaCoordinator(RunStore runs, HaltStore halts, RunManager manager, RunRecovery recovery, AuditLog audit,
      long pollMs, PrintWriter out) {
    this.runs = runs;
    this.halts = halts;
    this.manager = manager;
    this.recovery = recovery;
    this.audit = audit;
    this.me = manager.owner();
    this.leaseMs = manager.leaseMs();
    this.pollMs = pollMs;
    this.out = out;
    this.watcher = daemon("faultline-replica-watch-" + me);
    this.sweeper = daemon("faultline-replica-sweep-" + me);
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts watching; one sweep runs first, before the server serves. */
  public ReplicaCoordinator start() {
    sweep(System.currentTimeMillis());
    watcher.scheduleWithFixedDelay(() -> quietly(() -> watch(System.currentTimeMillis())), pollMs, pollMs,
        TimeUnit.MILLISECONDS);
    long sweepMs = Math.max(pollMs, leaseMs / 3);
    sweeper.scheduleWithFixedDelay(() -> quietly(() -> sweep(System.currentTimeMillis())), sweepMs, sweepMs,
        TimeUnit.MILLISECONDS);
    return this;
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // The database is unreachable for a moment: the next tick tries again. Runs go on meanwhile;
      // if this lasts longer than the lease, other replicas recover them and this one stops them.
    }
  }

  private void watch(long now) {
    HaltState halt = halts.get();
    if (halt.halted()) {
      manager.abortAll("halted by " + halt.actor() + ": " + halt.reason());
    } else {
      claim(now);
    }
    // The ids before the query: a run accepted meanwhile is not mistaken for one this replica lost.
    Set<String> local = manager.liveIds();
    List<Held> held;
    if (now >= nextRenewMs) {
      // A quarter of the lease: three renewals can be late or lost before another replica takes over.
      nextRenewMs = now + Math.max(1, leaseMs / 4);
      held = runs.renew(me, now + leaseMs);
    } else {
      held = runs.held(me);
    }
    Map<String, Held> byId = new HashMap<>();
    for (Held h : held) {
      byId.put(h.id(), h);
      if (h.abortReason() != null) {
        manager.interruptLocal(h.id(), h.abortReason());
      }
    }
    for (String id : local) {
      if (!byId.containsKey(id)) {
        manager.interruptLocal(id, "this replica (" + me + ") lost its claim on the run: it did not renew its lease "
            + "in time and another replica recovered the run");
      }
    }
  }

  /** Takes waiting runs from the unclaimed queue while this replica has free slots. */
  private void claim(long now) {
    if (!manager.handoverEnabled()) {
      return; // the embedded database: no run ever waits unclaimed
    }
    int free = manager.freeSlots();
    if (free > 0) {
      for (RunStore.Claimed c : runs.claimQueued(me, now + leaseMs, free)) {
        manager.startClaimed(c);
      }
    }
    if (now >= nextPendingCheckMs && !manager.pendingIds().isEmpty()) {
      nextPendingCheckMs = now + 5_000;
      List<String> ids = List.copyOf(manager.pendingIds());
      Map<String, String> status = runs.statuses(ids);
      Set<String> waiting = new java.util.HashSet<>();
      ids.stream().filter(id -> "queued".equals(status.get(id))).forEach(waiting::add);
      manager.forgetPending(waiting::contains);
    }
  }

  private void sweep(long now) {
    for (Expired e : runs.expired(now)) {
      if (me.equals(e.executor()) && manager.liveIds().contains(e.id())) {
        continue; // this replica's own run, late renewal: the next watch renews it
      }
      if (!runs.takeOver(e, me, System.currentTimeMillis() + leaseMs)) {
        continue; // another replica took it first
      }
      String why = "interrupted: replica " + (e.executor() == null ? "(unknown)" : e.executor())
          + " executing it stopped renewing its lease (expired " + java.time.Instant.ofEpochMilli(e.leaseUntilMs())
          + "); recovered by replica " + me;
      RunRecovery.Reverted r = recovery.revertFaults(e.id(), "system",
          "reverted by replica " + me + " after the replica executing the run died");
      runs.interrupt(e.id(), me, why);
      audit.append("system", "run.interrupt", e.id(), Map.of("replica", me, "dead_replica",
          String.valueOf(e.executor())), "ok", why);
      out.println("Recovered run " + e.id() + " of dead replica " + e.executor() + ": marked interrupted, "
          + r.reverted().size() + " fault(s) reverted, " + r.orphaned().size() + " left orphaned");
      for (var f : r.orphaned()) {
        out.println("WARNING: fault '" + f.fault() + "' of run " + f.runId() + " (" + f.description()
            + ") could not be reverted; check that it is gone (GET /api/v1/runs/" + f.runId() + " says why)");
      }
      out.flush();
    }
  }

  /** This replica's id. */
  public String replicaId() {
    return me;
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    sweeper.shutdownNow();
    try {
      watcher.awaitTermination(5, TimeUnit.SECONDS);
      sweeper.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
