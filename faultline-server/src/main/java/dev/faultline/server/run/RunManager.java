package dev.faultline.server.run;

import dev.faultline.core.experiment.Experiment;
import dev.faultline.engine.Engine;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.db.RunStore.NewRun;
import dev.faultline.server.db.RunStore.RunRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes runs in this process with the engine, on a bounded pool: at most {@code maxRunning}
 * at once and {@code maxQueued} waiting; beyond that a submission is refused, not buffered
 * without end.
 *
 * <p>Every run this replica accepts is claimed in the database as it is stored (its row names
 * this replica as executor, with a lease until a time the {@code ReplicaCoordinator} keeps
 * extending), so exactly one replica executes it, and another one can tell when it died.
 */
public final class RunManager implements AutoCloseable {
  private final Engine engine;
  private final RunStore runs;
  private final FaultStore faults;
  private final AuditLog audit;
  private final String owner;
  private final long leaseMs;
  private final ThreadPoolExecutor pool;
  private volatile Runnable onRunEnded = () -> { };
  private final int maxRunning;
  private final int maxQueued;
  /** Null on the embedded database: there a run waits in this process's queue, never for another replica. */
  private volatile Rebuilder rebuilder;
  /** Runs this replica stored unclaimed (no free slot): used as they are if this replica claims them. */
  private final Map<String, PendingRun> pending = new ConcurrentHashMap<>();

  private record PendingRun(Experiment experiment, RunOptions options, String actor, long storedMs) {}

  /** A run's experiment and options, ready to execute. */
  public record Prepared(Experiment experiment, RunOptions options) {}

  /**
   * Builds the experiment and options of a run another replica accepted, from its stored document
   * and handover; a failure ends the run {@code aborted} with the message.
   */
  @FunctionalInterface
  public interface Rebuilder {
    Prepared rebuild(RunStore.Claimed claimed) throws Exception;
  }
  private final Map<String, RunHandle> live = new ConcurrentHashMap<>();
  private volatile dev.faultline.core.fleet.Fleet fleet = dev.faultline.core.fleet.Fleet.NONE;
  private volatile java.util.function.Function<String, dev.faultline.core.fleet.Fleet> teamFleet =
      team -> dev.faultline.core.fleet.Fleet.NONE;

  /** The pool is full: try again later. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  public RunManager(Engine engine, RunStore runs, FaultStore faults, AuditLog audit, String owner, int maxRunning,
      int maxQueued) {
    this(engine, runs, faults, audit, owner, maxRunning, maxQueued, DEFAULT_LEASE_MS);
  }

  /** How long a replica's claim on a run lasts unless renewed, by default. */
  public static final long DEFAULT_LEASE_MS = 5_000;

  /**
   * @param owner this replica's id, the executor named in the rows of the runs it claims
   * @param leaseMs how long a claim lasts unless renewed
   */
  public RunManager(Engine engine, RunStore runs, FaultStore faults, AuditLog audit, String owner, int maxRunning,
      int maxQueued, long leaseMs) {
    this.leaseMs = leaseMs;
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
    this.engine = engine;
    this.runs = runs;
    this.faults = faults;
    this.audit = audit;
    this.owner = owner;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(maxRunning, maxRunning, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(maxQueued), r -> {
          Thread t = new Thread(r, "faultline-run-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Lets runs wait in the database for any replica with a free slot (replicas on PostgreSQL).
   * {@code rebuilder} builds those another replica accepted.
   */
  public void enableHandover(Rebuilder r) {
    this.rebuilder = r;
  }

  /**
   * Stores the run and executes it here when a slot is free. Otherwise, with handover enabled and
   * a {@code handoverJson} (what executing it needs beyond the document: the variables,
   * unmasked, and the options), it is stored unclaimed for whichever replica frees a slot first
   * (this one included); without, it waits in this process's queue, claimed by this replica.
   */
  public RunRecord submit(Experiment experiment, RunOptions options, NewRun newRun, String handoverJson)
      throws BusyException {
    if (rebuilder != null && handoverJson != null && freeSlots() <= 0) {
      if (runs.unclaimedCount() >= maxQueued) {
        throw new BusyException("the replicas have " + maxQueued + " runs waiting for a free slot, the limit; retry "
            + "when a run has ended");
      }
      RunRecord run = runs.insertUnclaimed(newRun, handoverJson);
      pending.put(run.id(), new PendingRun(experiment, options, newRun.submittedBy(), System.currentTimeMillis()));
      return run;
    }
    return submit(experiment, options, newRun);
  }

  /** Whether runs may wait in the database for any replica (PostgreSQL). */
  public boolean handoverEnabled() {
    return rebuilder != null;
  }

  /** Slots free for one more run here (runs executing or queued here count). */
  public int freeSlots() {
    return maxRunning - live.size();
  }

  /**
   * Executes a run this replica just claimed from the unclaimed queue: as submitted when this
   * replica stored it, else rebuilt from the database.
   */
  public void startClaimed(RunStore.Claimed claimed) {
    PendingRun p = pending.remove(claimed.id());
    Experiment experiment;
    RunOptions options;
    String actor;
    if (p != null) {
      experiment = p.experiment();
      options = p.options();
      actor = p.actor();
    } else {
      try {
        Prepared prepared = rebuilder.rebuild(claimed);
        experiment = prepared.experiment();
        options = prepared.options();
        actor = claimed.submittedBy();
      } catch (Exception e) {
        runs.markEnded(claimed.id(), owner, "aborted", null, "aborted: replica " + owner
            + " could not rebuild the run it claimed: " + e.getMessage(), null);
        return;
      }
    }
    RunHandle handle = new RunHandle(claimed.id());
    live.put(claimed.id(), handle);
    try {
      pool.execute(() -> execute(handle, experiment, options, actor));
    } catch (RejectedExecutionException e) {
      live.remove(claimed.id());
      runs.markEnded(claimed.id(), owner, "aborted", null, "refused: " + busyMessage(), null);
    }
  }

  /** Forgets runs stored unclaimed here that are no longer waiting (another replica took them, or they ended). */
  public void forgetPending(java.util.function.Predicate<String> stillWaiting) {
    pending.keySet().removeIf(id -> !stillWaiting.test(id));
  }

  /** The ids of runs stored unclaimed by this replica. */
  public java.util.Set<String> pendingIds() {
    return java.util.Set.copyOf(pending.keySet());
  }

  /** Stores the run as queued and hands it to the pool. */
  public RunRecord submit(Experiment experiment, RunOptions options, NewRun newRun) throws BusyException {
    if (pool.getQueue().remainingCapacity() == 0 && pool.getActiveCount() >= pool.getMaximumPoolSize()) {
      throw new BusyException(busyMessage());
    }
    RunRecord run = runs.insert(newRun, owner, System.currentTimeMillis() + leaseMs);
    RunHandle handle = new RunHandle(run.id());
    live.put(run.id(), handle);
    try {
      pool.execute(() -> execute(handle, experiment, options, newRun.submittedBy()));
    } catch (RejectedExecutionException e) {
      live.remove(run.id());
      runs.markEnded(run.id(), owner, "aborted", null, "refused: " + busyMessage(), null);
      throw new BusyException(busyMessage());
    }
    return run;
  }

  private String busyMessage() {
    return "the server is executing " + pool.getMaximumPoolSize() + " runs and has " + pool.getQueue().size()
        + " waiting, its limit; retry when a run has ended";
  }

  private void execute(RunHandle handle, Experiment experiment, RunOptions given, String actor) {
    String id = handle.id();
    // Every run here, submitted or claimed from another replica, aims at this server's agents, and
    // its faults reach them under the server's run id (GET /api/v1/agents/{name} links them).
    // A run of a team aims only at that team's agents (runs inherit their experiment's team).
    dev.faultline.core.fleet.Fleet runFleet;
    try {
      runFleet = fleet(runs.find(id).map(RunRecord::team).orElse(null));
    } catch (RuntimeException e) {
      runFleet = dev.faultline.core.fleet.Fleet.NONE; // team unknown (database unreachable): no agent rather than all
    }
    RunOptions options = given.withFleet(new RunFleet(runFleet, id));
    String status;
    Boolean deviated = null;
    String verdict;
    String journal = null;
    try {
      if (handle.control().interrupted()) {
        status = "interrupted";
        verdict = "interrupted before it started: " + handle.control().reason();
      } else if (!runs.markRunning(id)) {
        status = "interrupted";
        verdict = "interrupted before it started: its row was no longer queued (another replica recovered it)";
      } else {
        RunResult result;
        try (RunRecorder recorder = new RunRecorder(handle, actor, experiment, runs, faults, audit)) {
          result = engine.run(experiment, options.withAppliedFaultLog(recorder.alsoNoting(options.appliedFaultLog())),
              handle.control(), recorder);
        }
        status = result.status().wireName();
        deviated = result.deviated();
        verdict = result.verdict() + (handle.control().interrupted() ? ": " + handle.control().reason() : "");
        try {
          journal = JournalWriter.toJson(result.journal());
        } catch (IOException e) {
          verdict = verdict + " (journal not serialisable: " + e.getMessage() + ")";
        }
      }
    } catch (RuntimeException e) {
      status = "aborted";
      verdict = "aborted: unexpected error in the server: " + e;
    }
    try {
      runs.markEnded(id, owner, status, deviated, verdict, journal);
    } catch (RuntimeException dbDown) {
      // The lease runs out and another replica (or the next start) marks the run interrupted.
    } finally {
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("run_id", id);
      end.put("status", status);
      end.put("deviated", deviated);
      end.put("verdict", verdict);
      live.remove(id);
      handle.end(end);
      onRunEnded.run();
    }
  }

  /** Called after each run ended and left this manager (the coordinator uses it to react at once). */
  public void onRunEnded(Runnable r) {
    this.onRunEnded = r;
  }

  /** Asks a live run to stop without touching the database (the coordinator relays stops from it). */
  public void interruptLocal(String id, String reason) {
    RunHandle h = live.get(id);
    if (h != null && !h.control().interrupted()) {
      h.control().interrupt(reason);
    }
  }

  /** The ids of the runs this replica executes or holds queued, right now. */
  public java.util.Set<String> liveIds() {
    return java.util.Set.copyOf(live.keySet());
  }

  /** How long this replica's claim on a run lasts unless renewed. */
  public long leaseMs() {
    return leaseMs;
  }

  /** The run if this server is executing it. */
  public Optional<RunHandle> live(String id) {
    return Optional.ofNullable(live.get(id));
  }

  /** Asks a live run to stop; false when this server is not executing it. */
  public boolean abort(String id, String reason) {
    RunHandle h = live.get(id);
    if (h == null) {
      return false;
    }
    runs.setAbortReason(id, reason);
    h.control().interrupt(reason);
    return true;
  }

  /** Asks every live run to stop; returns their handles. */
  public List<RunHandle> abortAll(String reason) {
    List<RunHandle> handles = new ArrayList<>(live.values());
    for (RunHandle h : handles) {
      if (h.control().interrupted()) {
        continue; // asked already (a halt seen by the coordinator, then the halt route): first reason wins
      }
      h.control().interrupt(reason); // before the write: stopping must not wait on the database
      try {
        runs.setAbortReason(h.id(), reason);
      } catch (RuntimeException dbDown) {
        // the run stops regardless; only the recorded reason is missing
      }
    }
    return handles;
  }

  /** How many runs are executing or waiting. */
  public int liveCount() {
    return live.size();
  }

  /** Stops every run (the engine reverts their faults) and waits up to 15 s for them to end. */
  @Override
  public void close() {
    List<RunHandle> handles = abortAll("the server is shutting down");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (RunHandle h : handles) {
      try {
        h.awaitEnd(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    pool.shutdownNow();
  }

  /**
   * The fleet every run submitted from now on can aim faults at (the server's connected agents):
   * {@code all} for runs of no team, {@code ofTeam.apply(team)} (that team's agents only) for the
   * others.
   */
  public void useFleet(dev.faultline.core.fleet.Fleet all,
      java.util.function.Function<String, dev.faultline.core.fleet.Fleet> ofTeam) {
    this.fleet = all;
    this.teamFleet = ofTeam;
  }

  /** Every agent ({@link dev.faultline.core.fleet.Fleet#NONE} without agents): what a run of no team aims at. */
  public dev.faultline.core.fleet.Fleet fleet() {
    return fleet;
  }

  /** The agents a run of {@code team} aims at: that team's only; null: every agent, as {@link #fleet()}. */
  public dev.faultline.core.fleet.Fleet fleet(String team) {
    return team == null ? fleet : teamFleet.apply(team);
  }

  public String owner() {
    return owner;
  }
}
