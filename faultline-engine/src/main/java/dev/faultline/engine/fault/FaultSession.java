package dev.faultline.engine.fault;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.time.Duration;
import java.util.Optional;

/**
 * The faults one run has applied. Every fault applied through the session is recovered at its
 * duration's end, at run end, on abort and on signal. A fault whose injector can remove it by
 * itself ({@link dev.faultline.core.fault.SelfExpiringFault}) is applied with the session's lease
 * and renewed while the run lives, so it goes away within one lease even if the run is killed.
 */
public interface FaultSession {

  /**
   * Applies {@code fault} and tracks it. With a duration, recovery is scheduled at its end.
   *
   * @param label how the fault appears in the timeline (activity name and fault type)
   */
  void apply(String label, Fault fault, Optional<Duration> duration) throws FaultException;

  /** Recovers every tracked fault still applied, most recent first; never throws. */
  void recoverAll();

  /**
   * Recovers one fault applied through this session now, before run end (a rollout that stops
   * reverts what it applied); does nothing if it is no longer applied. Never throws: a fault whose
   * recovery fails stays tracked and is tried again at run end.
   *
   * @param reason why, for the timeline, e.g. {@code rollout stopped}
   */
  default void recover(Fault fault, String reason) {
    throw new UnsupportedOperationException("this fault session cannot recover one fault");
  }

  /**
   * The lease for what a provider injects outside {@link #apply} (the chaostoxi stand-ins create
   * toxics and proxies with it), or empty when this session renews nothing: then inject without
   * a lease.
   */
  default Optional<Duration> lease() {
    return Optional.empty();
  }

  /**
   * Renews {@code renewal} every third of {@link #lease()} until the run ends; then it is left to
   * expire. Unlike a fault, it is not removed at run end: Chaos Toolkit experiments delete their
   * toxics themselves, and a toxic they leave behind now expires within one lease of the run's
   * end instead of staying for good. Does nothing when {@link #lease()} is empty.
   *
   * @param label how the lease appears in the timeline if its renewal fails
   */
  default void keepAlive(String label, LeaseRenewal renewal) {}
}
