package dev.faultline.server.run;

import dev.faultline.server.db.HaltStore;
import dev.faultline.server.db.HaltStore.HaltState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Halt-all: refuses new runs and stops every live one until an admin resumes. Submitting and
 * halting take one lock, so no run slips in between the switch and the sweep.
 */
public final class HaltSwitch {
  private final HaltStore store;
  private final RunManager runs;
  private final Object lock = new Object();
  private final List<java.util.function.Consumer<String>> onHalt = new java.util.concurrent.CopyOnWriteArrayList<>();

  public HaltSwitch(HaltStore store, RunManager runs) {
    this.store = store;
    this.runs = runs;
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
    synchronized (lock) {
      changed = store.halt(reason, actor);
      // First the fan-out (agents revert at once), then the runs, whose recoveries would take longer.
      for (java.util.function.Consumer<String> c : onHalt) {
        c.accept("halted by " + actor + ": " + reason);
      }
      stopping = runs.abortAll("halted by " + actor + ": " + reason);
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
    return new HaltOutcome(changed, store.get(), aborted, still);
  }

  /** Also told of every halt (with its reason), before the live runs are stopped: the fleet's fan-out. */
  public void onHalt(java.util.function.Consumer<String> listener) {
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
