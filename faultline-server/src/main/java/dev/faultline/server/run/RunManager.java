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
 */
public final class RunManager implements AutoCloseable {
  private final Engine engine;
  private final RunStore runs;
  private final FaultStore faults;
  private final AuditLog audit;
  private final String owner;
  private final ThreadPoolExecutor pool;
  private final Map<String, RunHandle> live = new ConcurrentHashMap<>();
  private volatile dev.faultline.core.fleet.Fleet fleet = dev.faultline.core.fleet.Fleet.NONE;

  /** The pool is full: try again later. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  public RunManager(Engine engine, RunStore runs, FaultStore faults, AuditLog audit, String owner, int maxRunning,
      int maxQueued) {
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

  /** Stores the run as queued and hands it to the pool. */
  public RunRecord submit(Experiment experiment, RunOptions options, NewRun newRun) throws BusyException {
    if (pool.getQueue().remainingCapacity() == 0 && pool.getActiveCount() >= pool.getMaximumPoolSize()) {
      throw new BusyException(busyMessage());
    }
    RunRecord run = runs.insert(newRun);
    RunHandle handle = new RunHandle(run.id());
    live.put(run.id(), handle);
    try {
      RunOptions withFleet = options.withFleet(fleet);
      pool.execute(() -> execute(handle, experiment, withFleet, newRun.submittedBy()));
    } catch (RejectedExecutionException e) {
      live.remove(run.id());
      runs.markEnded(run.id(), "aborted", null, "refused: " + busyMessage(), null);
      throw new BusyException(busyMessage());
    }
    return run;
  }

  private String busyMessage() {
    return "the server is executing " + pool.getMaximumPoolSize() + " runs and has " + pool.getQueue().size()
        + " waiting, its limit; retry when a run has ended";
  }

  private void execute(RunHandle handle, Experiment experiment, RunOptions options, String actor) {
    String id = handle.id();
    String status;
    Boolean deviated = null;
    String verdict;
    String journal = null;
    try {
      if (handle.control().interrupted()) {
        status = "interrupted";
        verdict = "interrupted before it started: " + handle.control().reason();
      } else {
        runs.markRunning(id);
        RunResult result;
        try (RunRecorder recorder = new RunRecorder(handle, actor, experiment, runs, faults, audit)) {
          result = engine.run(experiment, options, handle.control(), recorder);
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
      runs.markEnded(id, status, deviated, verdict, journal);
    } finally {
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("run_id", id);
      end.put("status", status);
      end.put("deviated", deviated);
      end.put("verdict", verdict);
      live.remove(id);
      handle.end(end);
    }
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
      runs.setAbortReason(h.id(), reason);
      h.control().interrupt(reason);
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

  /** The fleet every run submitted from now on can aim faults at (the server's connected agents). */
  public void useFleet(dev.faultline.core.fleet.Fleet fleet) {
    this.fleet = fleet;
  }

  public String owner() {
    return owner;
  }
}
