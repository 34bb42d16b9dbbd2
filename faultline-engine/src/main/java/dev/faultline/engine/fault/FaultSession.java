package dev.faultline.engine.fault;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.time.Duration;
import java.util.Optional;

/**
 * The faults one run has applied. Every fault applied through the session is recovered at its
 * duration's end, at run end, on abort and on signal.
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
}
