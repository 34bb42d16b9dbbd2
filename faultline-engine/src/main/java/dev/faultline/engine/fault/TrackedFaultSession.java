package dev.faultline.engine.fault;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
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
 *
 * <p>When the process is killed without a chance to recover (SIGKILL, a crash, a lost host), the
 * injectors clean up: a {@link SelfExpiringFault} is applied with the session's lease and renewed
 * every third of it by one {@link LeaseRenewer} for the whole run; recovery first stops the
 * renewals. A renewal that fails is a {@link RunEventKind#FAULT_WARNING} on the timeline, once
 * per fault, and a warning in the journal.
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
  private final LeaseRenewer renewer;
  private final AppliedFaultLog log;
  private final List<String> warnings = new ArrayList<>();

  /**
   * One fault of the session. Apply and recover of the same fault take its lock, so a recovery
   * racing an apply in progress (signal, shutdown hook, timer) waits for the apply to finish
   * instead of finding nothing to undo and forgetting the fault.
   */
  private static final class Applied {
    final String label;
    final Fault fault;
    final Object lock = new Object();
    /** Renews the fault's lease while it is applied; null for faults without one. */
    volatile LeaseRenewer.Registration lease;
    /** The host's note of this fault (faultline attacks, halt); released once recovered. */
    volatile AppliedFaultLog.Entry note;

    Applied(String label, Fault fault) {
      this.label = label;
      this.fault = fault;
    }
  }

  /** A session whose self-expiring faults get {@link FaultExpiry#DEFAULT_LEASE}. */
  public TrackedFaultSession(FaultEventSink timeline) {
    this(timeline, FaultExpiry.DEFAULT_LEASE);
  }

  /**
   * @param lease how long a self-expiring fault outlives the last renewal; at least
   *     {@link FaultExpiry#MIN_LEASE}
   * @throws IllegalArgumentException when the lease is shorter than {@link FaultExpiry#MIN_LEASE}
   */
  public TrackedFaultSession(FaultEventSink timeline, Duration lease) {
    this(timeline, lease, AppliedFaultLog.NONE);
  }

  /**
   * @param log told about every self-expiring fault applied and recovered, so other commands on
   *     the host can see and revert it
   */
  public TrackedFaultSession(FaultEventSink timeline, Duration lease, AppliedFaultLog log) {
    FaultExpiry.leased(lease, Optional.empty()); // checks the lease's bounds
    this.timeline = timeline;
    this.renewer = new LeaseRenewer(lease, this::warn);
    this.log = log;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public Optional<Duration> lease() {
    return Optional.of(renewer.lease());
  }

  @Override
  public void keepAlive(String label, LeaseRenewal renewal) {
    try {
      renewer.add(label, renewal);
    } catch (IllegalStateException runOver) {
      // a background activity ending after the run: its lease simply expires
    }
  }

  /** What went wrong with the faults' leases, one line each, for the journal's warnings. */
  public List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  @Override
  public void apply(String label, Fault fault, Optional<Duration> duration) throws FaultException {
    Applied a = new Applied(label, fault);
    synchronized (a.lock) {
      synchronized (applied) {
        applied.push(a);
      }
      try {
        if (fault instanceof SelfExpiringFault expiring) {
          expiring.apply(FaultExpiry.leased(renewer.lease(), duration));
          a.lease = keepRenewing(label, expiring);
          a.note = note(label, fault);
        } else {
          fault.apply();
        }
      } catch (FaultException | RuntimeException e) {
        forget(a);
        throw e;
      }
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("fault", fault.describe());
    duration.ifPresent(d -> attributes.put("duration_ms", d.toMillis()));
    if (a.lease != null) {
      attributes.put("lease_ms", renewer.lease().toMillis());
    }
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

  @Override
  public void recover(Fault fault, String reason) {
    Applied found = null;
    synchronized (applied) {
      for (Applied a : applied) {
        if (a.fault == fault) {
          found = a;
          break;
        }
      }
    }
    if (found != null) {
      recover(found, reason);
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
    renewer.close(); // what is left (stand-ins' toxics, faults that would not recover) expires within a lease
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
      LeaseRenewer.Registration lease = a.lease;
      if (lease != null) {
        // Before the revert, so no renewal races it; if the revert fails, the lease runs out.
        lease.cancel();
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("fault", a.fault.describeRecovery());
      // What was applied, word for word as in FAULT_APPLIED: how a listener pairs a recovery with its apply.
      attributes.put("applied", a.fault.describe());
      attributes.put("reason", why);
      try {
        a.fault.recover();
        AppliedFaultLog.Entry note = a.note;
        if (note != null) {
          releaseQuietly(note);
        }
      } catch (FaultException | RuntimeException e) {
        attributes.put("error", String.valueOf(e.getMessage()));
        synchronized (applied) {
          applied.addLast(a); // still applied: try again later
        }
      }
      timeline.record(RunEventKind.FAULT_RECOVERED, a.label, attributes);
    }
  }

  private LeaseRenewer.Registration keepRenewing(String label, SelfExpiringFault fault) {
    try {
      return renewer.add(label, () -> {
        fault.renew();
        return true;
      });
    } catch (IllegalStateException sessionClosed) {
      return null; // applied while the run ends: recovery is next, the lease covers the rest
    }
  }

  /** The host's note of an applied fault; a log that fails only costs a warning, never the fault. */
  private AppliedFaultLog.Entry note(String label, Fault fault) {
    try {
      return log.applied(label, fault, renewer.lease());
    } catch (RuntimeException e) {
      warn(label, "faultline attacks and halt will not see this fault: " + e.getMessage());
      return null;
    }
  }

  private static void releaseQuietly(AppliedFaultLog.Entry note) {
    try {
      note.release();
    } catch (RuntimeException ignored) {
      // a stale note names a fault that is gone; attacks and halt find that out and drop it
    }
  }

  private void warn(String label, String message) {
    synchronized (warnings) {
      warnings.add(label + ": " + message);
    }
    timeline.record(RunEventKind.FAULT_WARNING, label, Map.of("warning", message));
  }

  private boolean forget(Applied a) {
    synchronized (applied) {
      return applied.remove(a);
    }
  }
}
