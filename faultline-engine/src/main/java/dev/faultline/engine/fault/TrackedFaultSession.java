package dev.faultline.engine.fault;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The faults of one run. Each applied fault is recovered when its duration ends, and whatever is
 * still applied is recovered by {@link #recoverAll()} at run end, on abort and on signal. A JVM
 * shutdown hook is the last guard: if the process is killed politely mid-run, faults still revert.
 */
public final class TrackedFaultSession implements FaultSession, AutoCloseable {
  private final FaultEventSink timeline;
  private final Deque<Applied> applied = new ArrayDeque<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faultline-fault-timer");
    t.setDaemon(true);
    return t;
  });
  private final Thread shutdownHook = new Thread(this::recoverAll, "faultline-fault-recovery");

  /**
   * One fault of the session. Apply and recover of the same fault take its lock, so a recovery
   * racing an apply in progress (signal, shutdown hook, timer) waits for the apply to finish
   * instead of finding nothing to undo and forgetting the fault.
   */
  private static final class Applied {
    final String label;
    final Fault fault;
    final Object lock = new Object();

    Applied(String label, Fault fault) {
      this.label = label;
      this.fault = fault;
    }
  }

  public TrackedFaultSession(FaultEventSink timeline) {
    this.timeline = timeline;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public void apply(String label, Fault fault, Optional<Duration> duration) throws FaultException {
    Applied a = new Applied(label, fault);
    synchronized (a.lock) {
      synchronized (applied) {
        applied.push(a);
      }
      try {
        fault.apply();
      } catch (FaultException | RuntimeException e) {
        forget(a);
        throw e;
      }
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("fault", fault.describe());
    duration.ifPresent(d -> attributes.put("duration_ms", d.toMillis()));
    timeline.record(RunEventKind.FAULT_APPLIED, label, attributes);
    duration.ifPresent(d -> timers.schedule(() -> recover(a, "duration ended"), d.toNanos(), TimeUnit.NANOSECONDS));
  }

  /**
   * Recovers every fault still applied, most recent first, once each. A fault whose recovery fails
   * stays tracked, so the next call (the shutdown hook at the latest) tries again.
   */
  @Override
  public void recoverAll() {
    List<Applied> snapshot;
    synchronized (applied) {
      snapshot = new ArrayList<>(applied);
    }
    for (Applied a : snapshot) {
      recover(a, "run ended");
    }
  }

  /** The faults still applied (their recovery failed or has not happened yet), described. */
  public List<String> stillApplied() {
    synchronized (applied) {
      return applied.stream().map(a -> a.label + ": " + a.fault.describe()).toList();
    }
  }

  @Override
  public void close() {
    recoverAll();
    timers.shutdownNow();
    try {
      // A duration timer may be recovering a fault right now: let it finish before the run ends.
      timers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or ran; nothing to remove
    }
  }

  private void recover(Applied a, String why) {
    synchronized (a.lock) {
      if (!forget(a)) {
        return;
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("fault", a.fault.describe());
      attributes.put("reason", why);
      try {
        a.fault.recover();
      } catch (FaultException | RuntimeException e) {
        attributes.put("error", String.valueOf(e.getMessage()));
        synchronized (applied) {
          applied.addLast(a); // still applied: try again later
        }
      }
      timeline.record(RunEventKind.FAULT_RECOVERED, a.label, attributes);
    }
  }

  private boolean forget(Applied a) {
    synchronized (applied) {
      return applied.remove(a);
    }
  }
}
