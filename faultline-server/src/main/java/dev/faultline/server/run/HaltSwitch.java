package dev.faultline.server.run;

import dev.faultline.server.db.HaltStore;
import dev.faultline.server.db.HaltStore.HaltState;
import dev.faultline.server.db.RunStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Halt-all: refuses new runs and stops every live one until an admin resumes. Submitting and
 * halting take one lock, so no run slips in between the switch and the sweep.
 */
public final class HaltSwitch {
  private final HaltStore store;
  private final RunManager runs;
  private final RunStore stored;
  private final Object lock = new Object();
  private final List<Consumer<String>> onHalt = new CopyOnWriteArrayList<>();

  /** A halt switch that stops the runs of this process only (one server, no replicas). */
  public HaltSwitch(HaltStore store, RunManager runs) {
    this(store, runs, null);
  }

  /**
   * A halt switch shared by replicas: a halt also marks every live run in the database as asked to
   * stop, which the replica executing it sees within its poll interval, and waits for those too.
   */
  public HaltSwitch(HaltStore store, RunManager runs, RunStore stored) {
    this.store = store;
    this.runs = runs;
    this.stored = stored;
  }

  /** Chaos is halted: no run may start. */
  public static final class HaltedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient HaltState state;

    HaltedException(HaltState state) {
      super("chaos is halted since " + java.time.Instant.ofEpochMilli(state.sinceMs()) + " by " + state.actor()
          + " (reason: " + state.reason() + "); no run can start until an admin resumes with DELETE /api/v1/halt");
      this.state = state;
    }

    public HaltState state() {
      return state;
    }
  }

  /** What a halt did. */
  public record HaltOutcome(boolean changed, HaltState state, List<String> abortedRuns, List<String> stillRunning) {}

  /** Something done only while chaos is not halted. */
  @FunctionalInterface
  public interface Guarded<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code action} unless chaos is halted. */
  public <T, E extends Exception> T unlessHalted(Guarded<T, E> action) throws HaltedException, E {
    synchronized (lock) {
      HaltState s = store.get();
      if (s.halted()) {
        throw new HaltedException(s);
      }
      return action.run();
    }
  }

  /**
   * Halts (idempotent: a second halt keeps the first one's record) and stops every live run,
   * waiting up to {@code waitMs} for them to end, their faults reverted by the engine.
   */
  public HaltOutcome halt(String reason, String actor, long waitMs) throws InterruptedException {
    boolean changed;
    List<RunHandle> stopping;
    String why = "halted by " + actor + ": " + reason;
    synchronized (lock) {
      changed = store.halt(reason, actor);
      // First the fan-out (agents revert at once), then the runs, whose recoveries would take longer.
      for (Consumer<String> c : onHalt) {
        c.accept(why);
      }
      stopping = runs.abortAll(why);
    }
    // Runs other replicas execute: asked through their rows; each replica also sees the halt row.
    List<String> remote = new ArrayList<>();
    if (stored != null) {
      stored.abortUnclaimed(null, why); // waiting for a slot on any replica: they never start
      Set<String> local = new HashSet<>();
      stopping.forEach(h -> local.add(h.id()));
      stored.requestAbortAll(why).stream().filter(id -> !local.contains(id)).forEach(remote::add);
    }
    List<String> aborted = new ArrayList<>();
    List<String> still = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    for (RunHandle h : stopping) {
      aborted.add(h.id());
      if (!h.awaitEnd(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
        still.add(h.id());
      }
    }
    aborted.addAll(remote);
    still.addAll(awaitEnded(remote, deadline));
    return new HaltOutcome(changed, store.get(), aborted, still);
  }

  /** Polls the database until the runs have ended or the deadline passed; returns those still live. */
  private List<String> awaitEnded(List<String> ids, long deadlineNanos) throws InterruptedException {
    List<String> live = ids;
    while (!live.isEmpty()) {
      Map<String, String> status = stored.statuses(live);
      live = live.stream().filter(id -> RunStore.LIVE_STATUSES.contains(status.get(id))).toList();
      if (live.isEmpty() || System.nanoTime() >= deadlineNanos) {
        break;
      }
      Thread.sleep(50);
    }
    return live;
  }

  /** Also told of every halt (with its reason), before the live runs are stopped: the fleet's fan-out. */
  public void onHalt(Consumer<String> listener) {
    onHalt.add(listener);
  }

  /** Resumes; true when chaos was halted. */
  public boolean resume() {
    synchronized (lock) {
      return store.resume();
    }
  }

  public HaltState state() {
    return store.get();
  }
}
