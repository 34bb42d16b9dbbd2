package dev.faultline.engine.fault;

import dev.faultline.core.fault.FaultException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews the leases of one run, all from one thread, every third of the lease: a renewal that
 * fails twice in a row still leaves a third of the lease for the next one. The thread starts with
 * the first lease and ends with {@link #close()}; then nothing renews, and everything still leased
 * expires within one lease.
 *
 * <p>A failed renewal is reported once per lease (the run's journal would otherwise repeat it
 * three times per lease) and retried at the next round; a {@link NoLeaseException} ends that
 * lease's renewals and is reported too. The same message is never reported twice, so a server
 * without leases is named once, not once per toxic. A lease cancelled while its renewal was in flight (its fault is being
 * recovered) reports nothing: the failure is the recovery's doing.
 */
public final class LeaseRenewer implements AutoCloseable {
  /** Where the renewer reports a lease that could not be renewed. */
  @FunctionalInterface
  public interface Warnings {
    /**
     * @param label what holds the lease, as the run's timeline names it
     * @param message what went wrong and what it means for the fault
     */
    void warn(String label, String message);
  }

  private final Duration lease;
  private final Warnings warnings;
  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  /** Messages already reported: one server without leases is said once, not once per toxic. */
  private final Set<String> reported = new HashSet<>();
  private ScheduledExecutorService scheduler;
  private boolean closed;

  /** One lease being renewed; {@link #cancel()} stops renewing it. */
  public final class Registration {
    private final String label;
    private final LeaseRenewal renewal;
    private volatile boolean active = true;
    /** Whether a failed renewal was reported; its end (expired, no leases) is reported regardless. */
    private boolean failureReported;

    private Registration(String label, LeaseRenewal renewal) {
      this.label = label;
      this.renewal = renewal;
    }

    /** Stops renewing this lease; a renewal in flight finishes, and its failure goes unreported. */
    public void cancel() {
      active = false;
      registrations.remove(this);
    }

    /** Whether the lease is still renewed. */
    public boolean active() {
      return active;
    }
  }

  /**
   * @param lease the lease every renewal extends by; renewals happen every third of it
   * @param warnings told once per lease when its renewal fails or ends
   */
  public LeaseRenewer(Duration lease, Warnings warnings) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a lease must be positive, got " + lease.toMillis() + " ms");
    }
    this.lease = lease;
    this.warnings = warnings;
  }

  /** The lease every renewal extends by. */
  public Duration lease() {
    return lease;
  }

  /** The pause between two rounds of renewals: a third of the lease. */
  public Duration period() {
    return lease.dividedBy(3);
  }

  /**
   * Renews {@code renewal} from the next round on until it is cancelled, says there is nothing
   * left to renew, or the renewer is closed.
   *
   * @throws IllegalStateException when the renewer is closed (the run is over)
   */
  public synchronized Registration add(String label, LeaseRenewal renewal) {
    if (closed) {
      throw new IllegalStateException("the run's lease renewer is closed; nothing can be renewed any more");
    }
    Registration registration = new Registration(label, renewal);
    registrations.add(registration);
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faultline-lease-renewer");
        t.setDaemon(true);
        return t;
      });
      long periodNanos = period().toNanos();
      scheduler.scheduleAtFixedRate(this::renewAll, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }
    return registration;
  }

  /** The labels of the leases being renewed, in the order they were added. */
  public List<String> active() {
    return registrations.stream().map(r -> r.label).toList();
  }

  /** One round: renews every active lease once, in the order they were added. */
  void renewAll() {
    for (Registration registration : registrations) {
      if (!registration.active || Thread.currentThread().isInterrupted()) {
        continue;
      }
      try {
        if (!registration.renewal.renew()) {
          registration.cancel();
        }
      } catch (NoLeaseException e) {
        boolean wasActive = registration.active;
        registration.cancel();
        if (wasActive) {
          report(registration, e.getMessage(), true);
        }
      } catch (FaultException | RuntimeException e) {
        if (registration.active) {
          report(registration, "could not renew the lease (tried again every " + period().toMillis() + " ms): "
              + e.getMessage(), false);
        }
      }
    }
  }

  private void report(Registration registration, String message, boolean ending) {
    synchronized (reported) {
      if ((!ending && registration.failureReported) || !reported.add(message)) {
        return;
      }
      registration.failureReported |= !ending;
    }
    try {
      warnings.warn(registration.label, message);
    } catch (RuntimeException ignored) {
      // a broken timeline must not stop the renewals
    }
  }

  /** Stops renewing everything; a renewal in flight is interrupted. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      closed = true;
      running = scheduler;
    }
    for (Registration registration : registrations) {
      registration.cancel();
    }
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
